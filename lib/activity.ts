import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { logError } from "@/lib/log";
import { translator } from "@/lib/i18n/translate";
import type { Messages } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locales";

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
 * What "Recent activity" calls each event: its words are in the `activity`
 * catalogue (messages/<locale>/activity.json), one key per event type.
 * `Record<AuthEventType, ActivityKey>`: a new event type (a new purpose's)
 * does not compile until it names its words, and a key the English
 * catalogue lacks does not compile either.
 */
type ActivityKey = keyof Messages["activity"];

const ACTIVITY_LABELS: Record<AuthEventType, ActivityKey> = {
  "code-sent": "code-sent",
  "sign-in-succeeded": "sign-in-succeeded",
  "sign-in-failed": "sign-in-failed",
  "link-approved": "link-approved",
  "link-denied": "link-denied",
  "session-revoked": "session-revoked",
  "signed-out": "signed-out",
  "email-change-requested": "email-change-requested",
  "email-changed": "email-changed",
  "account-deletion-requested": "account-deletion-requested",
  "account-deleted": "account-deleted",
  "device-approved": "device-approved",
  "device-denied": "device-denied",
  "token-issued": "token-issued",
  "token-revoked": "token-revoked",
  "passkey-added": "passkey-added",
  "passkey-removed": "passkey-removed",
  "passkey-failed": "passkey-failed",
  "reauthentication-requested": "reauthentication-requested",
  reauthenticated: "reauthenticated",
  "email-change-undone": "email-change-undone",
};

/** The label of a stored event type in the reader's locale; an unknown (older) one shows as stored. */
export function activityLabel(type: string, locale: Locale): string {
  if (!Object.hasOwn(ACTIVITY_LABELS, type)) return type;
  return translator(locale, "activity")(ACTIVITY_LABELS[type as AuthEventType]);
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
