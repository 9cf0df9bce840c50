// `npm run db:cleanup`: deletes auth events past retention and long-expired
// challenges, sessions and dev-mailbox messages. Safe to run from any
// scheduler (or never: the app also sweeps at most hourly on its own).
import { sweepExpiredRecords } from "@/lib/activity";
import { config } from "@/lib/config";

const result = await sweepExpiredRecords();
console.log(
  `[magic-code] cleanup: ${result.events} events older than ${config.activity.retentionDays} days, ` +
    `${result.challenges} expired challenges, ${result.sessions} expired sessions, ${result.mailbox} mailbox messages, ${result.limits} idle limit counters, ` +
    `${result.devices} device authorizations, ${result.tokens} expired or revoked tokens, ${result.guesses} user-code guess counters, ${result.undos} expired undo links deleted`,
);
process.exit(0);
