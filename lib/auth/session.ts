import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { mailboxKey } from "@/lib/auth/mailbox";

/**
 * Server-side sessions behind the Auth.js JWT. The JWT carries a random
 * session id; the database holds only its hash. Every authenticated request
 * checks the row, through a small per-instance cache: a session revoked on
 * this instance is gone at once, on another instance within
 * `config.sessionCheckCacheSeconds` (the staleness bound).
 */
export type ActiveSession = { userId: string; email: string };

/** How a sign-in was proven, for the activity log: "code", "link", "approval", "passkey", "oauth:github"… */
export type SignInMethod = string;

export type SessionRequest = { ip: string | null; userAgent: string | null };

export type OpenSessionInput = {
  /** Who: an address that was just proven (code, link, verified provider email) or a known user (passkey, linked account). */
  identity: { email: string } | { userId: string };
  method: SignInMethod;
  request: SessionRequest;
  /** May an unknown address become a new user here? */
  allowSignUp: boolean;
  /**
   * The browser signing in (its cookie's hash), if the request has one: it
   * becomes a known browser of the account, with its own limit budget (S12).
   */
  browserHash?: string | null;
};

export type OpenSessionResult =
  | { ok: true; userId: string; email: string; sessionId: string }
  /** "used": the proof the session depended on was already spent (a lost race); "no-account": no such user and no sign-up. */
  | { ok: false; reason: "no-account" | "used" };

/**
 * The session seam: every way in (code, link, approval, passkey, any Auth.js
 * provider) ends here. Finds or creates the user (email verified), opens the
 * server-side session row (only the hash of its id is stored), remembers
 * the browser as one that signed in to the account (its own limit budget
 * from now on, S12), ends the mailbox's failure streak (S5: the owner proved
 * control) and writes "Signed in" to the activity log — one statement, one
 * round trip. (With only a user id the address is not known here, so the
 * streak waits for the next code or link sign-in.)
 * The returned `sessionId` is the secret that goes into the JWT as `sid`.
 */
export async function openSession(input: OpenSessionInput): Promise<OpenSessionResult> {
  const proven =
    "email" in input.identity
      ? Prisma.sql`proven AS (SELECT ${input.identity.email}::text AS "email")`
      : Prisma.sql`proven AS (SELECT "email" FROM "User" WHERE "id" = ${input.identity.userId})`;
  const opened = await openSessionAfter(proven, {
    ...input,
    mailboxKey: "email" in input.identity ? mailboxKey(input.identity.email) : null,
  });
  // A user id that names nobody (deleted meanwhile) is a missing account, not a spent proof.
  return !opened.ok && "userId" in input.identity ? { ok: false, reason: "no-account" } : opened;
}

/**
 * The account behind a proven address, as CTEs (`existing`, `created`,
 * `account`) after a CTE named `proven`: the user with that address, or a new
 * one (email verified) when sign-up is allowed; a racing insert of the same
 * address loses quietly and finds nothing. Shared by the session seam and the
 * token seam (lib/auth/tokens.ts), so a person is found or created the same
 * way however they come in.
 */
export function accountForProvenSql(allowSignUp: boolean): Prisma.Sql {
  return Prisma.sql`existing AS (
      SELECT u."id", u."email" FROM "User" u JOIN proven p ON u."email" = p."email"
    ), created AS (
      INSERT INTO "User" ("id", "email", "emailVerified", "createdAt", "updatedAt")
      SELECT ${randomUUID()}, p."email", now(), now(), now() FROM proven p
      WHERE ${allowSignUp}::boolean AND NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT ("email") DO NOTHING
      RETURNING "id", "email"
    ), account AS (
      SELECT "id", "email" FROM existing UNION ALL SELECT "id", "email" FROM created
    )`;
}

/**
 * The proven address's limits after a success, as a CTE named `limits` after
 * `account` (S5): the failure streak ends on every row of the mailbox, and
 * with `refund` the unit the code check spent comes back to the row it was
 * spent on: this browser's own if it was already known (the statement's
 * snapshot, before a "known" CTE adds it), else the shared one. `apply`
 * false leaves the limits alone. One UPDATE per row: PostgreSQL applies only
 * one change per row and statement. Shared by the session and token seams.
 */
export function limitsAfterProofSql(input: { mailboxKey: string | null; browserHash: string | null; refund: boolean; apply: boolean }): Prisma.Sql {
  return Prisma.sql`limits AS (
      UPDATE "EmailLimit" l SET "failStreak" = 0,
        "failCount" = CASE WHEN ${input.refund}::boolean AND l."browser" = (
                             CASE WHEN EXISTS (SELECT 1 FROM "KnownBrowser" k JOIN account a ON k."userId" = a."id"
                                               WHERE k."browserHash" = ${input.browserHash}::text)
                                  THEN ${input.browserHash}::text ELSE '' END)
                           THEN GREATEST(l."failCount" - 1, 0) ELSE l."failCount" END
      WHERE l."mailboxKey" = ${input.mailboxKey}::text AND ${input.apply}::boolean AND EXISTS (SELECT 1 FROM account)
    )`;
}

/**
 * The same statement behind a proof that must hold in the same instant:
 * `proof` is a list of CTEs ending in one named "proven" that yields the
 * proven address (at most one row). The challenge pipeline passes its
 * single-use consume here, so "consume" and "open a session" are one
 * atomic statement: of racing requests, exactly one gets a session (S1).
 * Exported for lib/auth only; everything else calls openSession.
 */
export async function openSessionAfter(
  proof: Prisma.Sql,
  input: Omit<OpenSessionInput, "identity"> & {
    /** The proof was a checked code: give back the unit of the wrong-code window its check spent (S5). */
    refundFailedVerify?: boolean;
    /** The proven address's limit key (lib/auth/mailbox.ts); null leaves the limits alone. */
    mailboxKey: string | null;
  },
): Promise<OpenSessionResult> {
  const db = await getDb();
  const sessionId = generateToken();
  const browserHash = input.browserHash ?? null;
  const rows = await db.$queryRaw<{ proven: string | null; userId: string | null; email: string | null; opened: string | null }[]>`
    WITH ${proof},
    ${accountForProvenSql(input.allowSignUp)}, session AS (
      INSERT INTO "Session" ("id", "userId", "createdAt", "provenAt", "lastSeenAt", "expiresAt", "ip", "userAgent")
      SELECT ${hashToken(sessionId)}, a."id", now(), now(), now(), now() + ${config.session.maxAgeSeconds}::int * interval '1 second',
             ${input.request.ip}, ${input.request.userAgent}
      FROM account a
      RETURNING "userId"
    ), known AS (
      INSERT INTO "KnownBrowser" ("userId", "browserHash", "firstSignInAt", "lastSignInAt")
      SELECT s."userId", ${browserHash}::text, now(), now() FROM session s WHERE ${browserHash}::text IS NOT NULL
      ON CONFLICT ("userId", "browserHash") DO UPDATE SET "lastSignInAt" = now()
    ), ${limitsAfterProofSql({ mailboxKey: input.mailboxKey, browserHash, refund: input.refundFailedVerify ?? false, apply: true })}, event AS (
      INSERT INTO "AuthEvent" ("id", "userId", "email", "type", "ip", "userAgent", "detail", "createdAt")
      SELECT ${randomUUID()}, a."id", a."email", 'sign-in-succeeded', ${input.request.ip}, ${input.request.userAgent},
             ${input.method}, now()
      FROM account a JOIN session s ON s."userId" = a."id"
    )
    SELECT (SELECT "email" FROM proven) AS "proven",
           (SELECT "id" FROM account) AS "userId",
           (SELECT "email" FROM account) AS "email",
           (SELECT "userId" FROM session) AS "opened"`;
  const row = rows[0];
  if (!row?.proven) return { ok: false, reason: "used" };
  if (!row.userId || !row.email || !row.opened) return { ok: false, reason: "no-account" };
  return { ok: true, userId: row.userId, email: row.email, sessionId };
}

type CacheEntry = { value: ActiveSession | null; until: number };
// One cache per process, not per module copy: Next bundles this module into
// every route, and a sign-out in one route must drop the entry the others
// read (else /api/auth/session still accepts the token for up to 5 s).
const holder = ((globalThis as { __magicCodeSessionCache?: { cache: Map<string, CacheEntry> } }).__magicCodeSessionCache ??= {
  cache: new Map<string, CacheEntry>(),
});
const cache = holder.cache;
const CACHE_LIMIT = 10_000;
const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

export async function checkSession(sessionId: string, now: number = Date.now()): Promise<ActiveSession | null> {
  const id = hashToken(sessionId);
  const hit = cache.get(id);
  if (hit && hit.until > now) return hit.value;

  const db = await getDb();
  const rows = await db.$queryRaw<{ userId: string; email: string; stale: boolean }[]>`
    SELECT s."userId", u."email", s."lastSeenAt" < now() - ${LAST_SEEN_EVERY_MS / 1000}::int * interval '1 second' AS "stale"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${id} AND s."expiresAt" > now()`;
  const row = rows[0];
  const value = row ? { userId: row.userId, email: row.email } : null;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(id, { value, until: now + config.sessionCheckCacheSeconds * 1000 });
  // "Last seen" is worth a write every few minutes, not every request.
  if (row?.stale) void db.$executeRaw`UPDATE "Session" SET "lastSeenAt" = now() WHERE "id" = ${id}`.catch(() => {});
  return value;
}

function forget(ids: string[]): void {
  for (const id of ids) cache.delete(id);
}

/** Sign-out: the row goes, and with it every copy of the JWT. */
export async function endSession(sessionId: string): Promise<void> {
  const db = await getDb();
  const id = hashToken(sessionId);
  forget([id]);
  await db.session.deleteMany({ where: { id } });
}

export type SessionListEntry = {
  /** The stored hash: safe to show in forms, useless as a credential. */
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
};

export async function listSessions(userId: string, currentSessionHash: string | undefined): Promise<SessionListEntry[]> {
  const db = await getDb();
  const current = currentSessionHash ?? null;
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
  return rows.map((r) => ({ ...r, current: r.id === current })).sort((a, b) => Number(b.current) - Number(a.current));
}

/** Revokes one of the user's own sessions (never anyone else's). */
export async function revokeSession(userId: string, sessionHash: string): Promise<boolean> {
  const db = await getDb();
  forget([sessionHash]);
  const { count } = await db.session.deleteMany({ where: { id: sessionHash, userId } });
  return count === 1;
}

/** "Sign out everywhere else": every session of the user but this one. */
export async function revokeOtherSessions(userId: string, currentSessionHash: string | undefined): Promise<number> {
  const db = await getDb();
  const keep = currentSessionHash ?? "";
  const doomed = await db.session.findMany({ where: { userId, id: { not: keep } }, select: { id: true } });
  forget(doomed.map((d) => d.id));
  const { count } = await db.session.deleteMany({ where: { userId, id: { not: keep } } });
  return count;
}

/**
 * Step-up (S13): this session just proved control of the account again (a
 * code to the account's address, a passkey). Sensitive changes ask for a
 * recent proof rather than trusting the session cookie alone.
 */
export async function markSessionProven(sessionHash: string): Promise<void> {
  const db = await getDb();
  await db.session.updateMany({ where: { id: sessionHash }, data: { provenAt: new Date() } });
}

/** Did this session prove control of the account within the last `seconds` (a fresh sign-in counts)? */
export async function sessionProvenWithin(sessionHash: string | undefined, seconds: number): Promise<boolean> {
  if (!sessionHash) return false;
  const db = await getDb();
  const rows = await db.$queryRaw<{ fresh: boolean }[]>`
    SELECT "provenAt" > now() - ${seconds}::int * interval '1 second' AS "fresh" FROM "Session" WHERE "id" = ${sessionHash}`;
  return rows[0]?.fresh === true;
}

/** The id the account page knows a session by: the hash, not the secret. */
export function sessionHashOf(sessionId: string): string {
  return hashToken(sessionId);
}

/** Drops one session from this instance's cache (its row changed). */
export function forgetSession(sessionHash: string | undefined): void {
  if (sessionHash) cache.delete(sessionHash);
}

/** Test seam: drop the per-instance cache. */
export function clearSessionCache(): void {
  cache.clear();
}
