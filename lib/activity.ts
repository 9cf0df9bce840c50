import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { logError } from "@/lib/log";

/**
 * The auth event log behind "Recent activity". Facts only (what, when, from
 * which IP and device); never a code, token or cookie. Recording never fails
 * the action it describes: a lost event is logged, not thrown.
 */
export type AuthEventType =
  | "code-sent"
  | "sign-in-succeeded"
  | "sign-in-failed"
  | "link-approved"
  | "link-denied"
  | "session-revoked"
  | "signed-out"
  | "email-change-requested"
  | "email-changed"
  | "account-deletion-requested"
  | "account-deleted"
  | "device-approved"
  | "device-denied"
  | "token-issued"
  | "token-revoked"
  | "passkey-added"
  | "passkey-removed"
  | "passkey-failed"
  | "reauthentication-requested"
  | "reauthenticated"
  | "email-change-undone";

/**
 * What "Recent activity" calls each event. `Record<AuthEventType, …>`: a new
 * event type (a new purpose's) does not compile until it has its words.
 */
const ACTIVITY_LABELS: Record<AuthEventType, string> = {
  "code-sent": "Sign-in code sent",
  "sign-in-succeeded": "Signed in",
  "sign-in-failed": "Failed sign-in attempt",
  "link-approved": "Sign-in approved from another device",
  "link-denied": "Sign-in denied from another device",
  "session-revoked": "Device signed out",
  "signed-out": "Signed out",
  "email-change-requested": "Email change requested",
  "email-changed": "Email address changed",
  "account-deletion-requested": "Account deletion requested",
  "account-deleted": "Account deleted",
  "device-approved": "Device approved",
  "device-denied": "Device denied",
  "token-issued": "Device or app signed in",
  "token-revoked": "Device or app signed out",
  "passkey-added": "Passkey added",
  "passkey-removed": "Passkey removed",
  "passkey-failed": "Failed passkey sign-in",
  "reauthentication-requested": "Code sent to confirm it's you",
  reauthenticated: "Confirmed it's you",
  "email-change-undone": "Email change undone",
};

/** The label of a stored event type; an unknown (older) one shows as stored. */
export function activityLabel(type: string): string {
  return (ACTIVITY_LABELS as Record<string, string>)[type] ?? type;
}

export type AuthEventInput = {
  type: AuthEventType;
  userId?: string | null;
  email?: string | null;
  /** Resolves the email (and so the user) from a challenge when the caller has only its id. */
  challengeId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: string | null;
};

export async function recordEvent(event: AuthEventInput): Promise<void> {
  try {
    const db = await getDb();
    await db.$executeRaw`
      WITH e AS (
        SELECT COALESCE(${event.email ?? null}::text,
                        (SELECT "email" FROM "Challenge" WHERE "id" = ${event.challengeId ?? null}::text)) AS "email"
      )
      INSERT INTO "AuthEvent" ("id", "userId", "email", "type", "ip", "userAgent", "detail", "createdAt")
      SELECT ${randomUUID()},
             (SELECT "id" FROM "User" WHERE "id" = ${event.userId ?? null}::text OR "email" = e."email" LIMIT 1),
             e."email", ${event.type}, ${event.ip ?? null}, ${event.userAgent ?? null}, ${event.detail ?? null}, now()
      FROM e`;
  } catch (error) {
    logError(`could not record auth event ${event.type}`, error);
  }
}

export type ActivityEntry = { id: string; type: string; ip: string | null; userAgent: string | null; detail: string | null; createdAt: Date };

export async function listRecentActivity(userId: string, limit: number = config.activity.shown): Promise<ActivityEntry[]> {
  const db = await getDb();
  return db.authEvent.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, type: true, ip: true, userAgent: true, detail: true, createdAt: true },
  });
}

export type SweepResult = { events: number; challenges: number; sessions: number; mailbox: number; limits: number; devices: number; tokens: number; guesses: number; undos: number; knownBrowsers: number };

/**
 * Deletes what nobody needs any more: events past retention, challenges and
 * sessions a day past expiry, email-change undo links a day past expiry,
 * dev-mailbox messages older than a week, and
 * per-address limit counters whose windows closed a day ago — unless they
 * hold a failure streak, which lasts until the address signs in (S5) — and
 * known browsers (S12) whose cookie has expired since their last sign-in.
 */
export async function sweepExpiredRecords(retentionDays: number = config.activity.retentionDays): Promise<SweepResult> {
  const db = await getDb();
  const [events, challenges, sessions, mailbox, limits, devices, tokens, guesses, undos, knownBrowsers] = await Promise.all([
    db.$executeRaw`DELETE FROM "AuthEvent" WHERE "createdAt" < now() - ${retentionDays}::int * interval '1 day'`,
    db.$executeRaw`DELETE FROM "Challenge" WHERE "expiresAt" < now() - interval '1 day'`,
    db.$executeRaw`DELETE FROM "Session" WHERE "expiresAt" < now() - interval '1 day'`,
    db.$executeRaw`DELETE FROM "MailboxMessage" WHERE "createdAt" < now() - interval '7 days'`,
    db.$executeRaw`
      DELETE FROM "EmailLimit"
      WHERE "failStreak" = 0
        AND "sendWindowStart" < now() - ${config.limits.windowSeconds}::int * interval '1 second' - interval '1 day'
        AND "failWindowStart" < now() - ${config.limits.windowSeconds}::int * interval '1 second' - interval '1 day'`,
    // Device authorizations and revoked or expired tokens a day past their end; user-code guess counters of closed windows.
    db.$executeRaw`DELETE FROM "DeviceAuthorization" WHERE "expiresAt" < now() - interval '1 day'`,
    db.$executeRaw`DELETE FROM "AccessToken" WHERE "expiresAt" < now() - interval '1 day' OR "revokedAt" < now() - interval '1 day'`,
    db.$executeRaw`DELETE FROM "GuessLimit" WHERE "windowStart" < now() - ${config.limits.windowSeconds}::int * interval '1 second' - interval '1 day'`,
    // Email-change undo links (with the old and new address) a day past expiry.
    db.$executeRaw`DELETE FROM "EmailChangeUndo" WHERE "expiresAt" < now() - interval '1 day'`,
    db.$executeRaw`
      DELETE FROM "KnownBrowser"
      WHERE "lastSignInAt" < now() - ${config.browserCookie.maxAgeSeconds}::int * interval '1 second' - interval '1 day'`,
  ]);
  return { events, challenges, sessions, mailbox, limits, devices, tokens, guesses, undos, knownBrowsers };
}

let lastSweep = 0;

/**
 * Cleanup without a cron service: at most once an hour per instance, after a
 * request that already touches the database. Several instances sweeping is
 * harmless (the deletes are idempotent).
 */
export function maybeSweep(now: number = Date.now()): Promise<SweepResult | null> {
  if (now - lastSweep < 60 * 60 * 1000) return Promise.resolve(null);
  lastSweep = now;
  return sweepExpiredRecords().catch((error: unknown) => {
    logError("cleanup sweep failed", error);
    return null;
  });
}
