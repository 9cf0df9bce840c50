import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { generateCode } from "@/lib/auth/code";
import { emailSendLimitFor, fixedCodeFor } from "@/lib/test-mode";
import { equalHashes, generateToken, hashCode, hashToken } from "@/lib/auth/secrets";
import { mailboxKey } from "@/lib/auth/mailbox";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

/**
 * Challenges: one emailed secret (a code and a link) bound to the browser that
 * asked for it. The hot paths are single SQL statements on purpose: the
 * database, not the app, decides races (S1, S3, S4), and each step costs one
 * round trip. Times come from the database clock so that several app
 * instances agree.
 */
import type { Purpose } from "@/lib/auth/purposes";
import type { Proof } from "@/lib/auth/proof";
import type { AuthEventType } from "@/lib/activity";

/** "denied": refused from the link on another device (F2); denying also ends its expiry, so every "live" check refuses it. */
export type ChallengeState = "live" | "used" | "expired" | "superseded" | "denied" | "locked" | "missing";

/**
 * A challenge row's state, as one SQL expression every reader shares. With
 * `approved`, an approval (from the link on another device, or a confirmed
 * user switch) is told apart from a plain live challenge, under `liveAs`.
 */
export function challengeStateSql(options: { approved?: boolean; liveAs?: string } = {}): Prisma.Sql {
  const approved = options.approved ? Prisma.sql`WHEN "approvedAt" IS NOT NULL THEN 'approved'` : Prisma.empty;
  return Prisma.sql`CASE
      WHEN "consumedAt" IS NOT NULL THEN 'used'
      WHEN "supersededAt" IS NOT NULL THEN 'superseded'
      WHEN "deniedAt" IS NOT NULL THEN 'denied'
      WHEN "expiresAt" <= now() THEN 'expired'
      ${approved}
      WHEN "attempts" >= "maxAttempts" THEN 'locked'
      ELSE ${options.liveAs ?? "live"}::text END`;
}

export type CreateChallengeResult =
  | { ok: true; challengeId: string; code: string; linkToken: string; expiresAt: Date }
  | { ok: false; reason: "cooldown"; retryAfterSeconds: number }
  /** This mailbox's budget for this browser is spent for now: a growing wait (unknown browsers) or the window's end (S5, S12). */
  | { ok: false; reason: "email-limited"; retryAfterSeconds: number };

export type VerifyCodeResult =
  | { ok: true; challengeId: string; email: string }
  | { ok: false; reason: "wrong-code"; attemptsLeft: number }
  /** The right code of an earlier challenge of this browser, address and purpose, replaced by a resend (S4): costs no attempt. */
  | { ok: false; reason: "replaced-code"; attemptsLeft: number }
  | { ok: false; reason: Exclude<ChallengeState, "live"> }
  /** Too many wrong codes for this address in the current window: a cooldown (S5). */
  | { ok: false; reason: "email-limited"; retryAfterSeconds: number }
  /** Too many wrong codes for this address since it last signed in: codes are off, the link still works (S5). */
  | { ok: false; reason: "email-locked" };

type CreateInput = {
  email: string;
  purpose: Purpose;
  browserHash: string;
  ip?: string | null;
  userAgent?: string | null;
  userId?: string | null;
  /** The asking browser's language: its emails are written in it (absent: the default locale). */
  locale?: Locale;
  /**
   * An auth event to record in the same statement (no extra round trip), with
   * this id so a failed send can take it back (see retireChallenge).
   */
  event?: { id: string; type: AuthEventType };
};

/**
 * Which per-mailbox limit row a browser spends (decision 0035): its own if it
 * has signed in to the account at this address before, else the row every
 * unknown browser shares (browser ""). One indexed lookup inside the
 * statement that spends it, so still one round trip.
 */
function limitScopeSql(email: Prisma.Sql, browserHash: string): Prisma.Sql {
  return Prisma.sql`SELECT CASE WHEN EXISTS (
      SELECT 1 FROM "KnownBrowser" k JOIN "User" u ON u."id" = k."userId"
      WHERE u."email" = ${email} AND k."browserHash" = ${browserHash}
    ) THEN ${browserHash}::text ELSE ''::text END AS "browser"`;
}

/**
 * A right code for an account purpose gives back the unit its check spent
 * (S5), on the row the check charged: this browser's own if it is known,
 * else the mailbox's shared one. (Sign-in does the same inside the session
 * statement.) Run inside the finishing transaction.
 */
export function refundCheckedCodeSql(email: string, browserHash: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE "EmailLimit" l SET "failCount" = GREATEST(l."failCount" - 1, 0), "failStreak" = GREATEST(l."failStreak" - 1, 0)
    FROM (${limitScopeSql(Prisma.sql`${email}::text`, browserHash)}) b
    WHERE l."mailboxKey" = ${mailboxKey(email)} AND l."browser" = b."browser"`;
}

/** Seconds an unknown browser waits after the last send, once `sends` were made in this window (the free ones wait 0). */
function sendDelaySql(sends: Prisma.Sql): Prisma.Sql {
  const { freeSends, sendDelaysSeconds } = config.limits.email;
  const steps = sendDelaysSeconds.slice(0, -1).map(
    (seconds, i) => Prisma.sql`WHEN ${sends} = ${freeSends + i}::int THEN ${seconds}::int`,
  );
  return Prisma.sql`(CASE WHEN ${sends} < ${freeSends}::int THEN 0 ${Prisma.join(steps, " ", " ")}
    ELSE ${sendDelaysSeconds[sendDelaysSeconds.length - 1]!}::int END) * interval '1 second'`;
}

/**
 * Creates a challenge and supersedes this browser's earlier ones for the same
 * email and purpose (S4), unless a still-usable one was made within the
 * resend cooldown (a dead one — used, expired, locked — never blocks a new code).
 * The mailbox's send limit (S5, S12) is spent in the same statement: the
 * upsert of the limit row locks it, so concurrent requests for one mailbox
 * are counted exactly, and a refused request writes nothing. A browser that
 * signed in to the account before spends its own row (`knownBrowser.sends`
 * per window); every other browser spends the shared one: `freeSends`, then
 * a growing wait after each send (`sendDelaysSeconds`).
 */
export async function createChallenge(input: CreateInput): Promise<CreateChallengeResult> {
  const db = await getDb();
  const id = randomUUID();
  const code = fixedCodeFor(input.email) ?? generateCode(); // test mode (QA): lib/test-mode.ts
  const linkToken = generateToken();
  const key = mailboxKey(input.email);
  const { ttlSeconds, maxAttempts, resendCooldownSeconds } = config.challenge;
  const { windowSeconds } = config.limits;
  const { freeSends, knownBrowser } = config.limits.email;
  const windowOver = Prisma.sql`l."sendWindowStart" <= now() - ${windowSeconds}::int * interval '1 second'`;

  const rows = await db.$queryRaw<
    { id: string | null; expiresAt: Date | null; retryAfter: number | null; limitRetryAfter: number | null }[]
  >`
    WITH recent AS (
      SELECT "createdAt" FROM "Challenge"
      WHERE "browserHash" = ${input.browserHash} AND "email" = ${input.email} AND "purpose" = ${input.purpose}
        AND "supersededAt" IS NULL AND "consumedAt" IS NULL
        AND "attempts" < "maxAttempts" AND "expiresAt" > now()
        AND "createdAt" > now() - ${resendCooldownSeconds}::int * interval '1 second'
      ORDER BY "createdAt" DESC LIMIT 1
    ), scope AS (
      ${limitScopeSql(Prisma.sql`${input.email}`, input.browserHash)}
    ), gate AS (
      INSERT INTO "EmailLimit" AS l ("mailboxKey", "browser", "sendCount", "sendWindowStart", "lastSendAt")
      SELECT ${key}, s."browser", 1, now(), now() FROM scope s WHERE NOT EXISTS (SELECT 1 FROM recent)
      ON CONFLICT ("mailboxKey", "browser") DO UPDATE SET
        "sendCount" = CASE WHEN ${windowOver} THEN 1 ELSE l."sendCount" + 1 END,
        "sendWindowStart" = CASE WHEN ${windowOver} THEN now() ELSE l."sendWindowStart" END,
        "lastSendAt" = now()
      WHERE ${windowOver}
         OR (l."browser" <> '' AND l."sendCount" < ${emailSendLimitFor(input.email, knownBrowser.sends)}::int)
         OR (l."browser" = '' AND (l."sendCount" < ${emailSendLimitFor(input.email, freeSends)}::int
                                   OR l."lastSendAt" <= now() - ${sendDelaySql(Prisma.sql`l."sendCount"`)}))
      RETURNING 1
    ), superseded AS (
      UPDATE "Challenge" SET "supersededAt" = now()
      WHERE "browserHash" = ${input.browserHash} AND "email" = ${input.email} AND "purpose" = ${input.purpose}
        AND "consumedAt" IS NULL AND "supersededAt" IS NULL
        AND EXISTS (SELECT 1 FROM gate)
    ), inserted AS (
      INSERT INTO "Challenge" ("id", "email", "purpose", "userId", "codeHash", "linkTokenHash", "browserHash",
                               "maxAttempts", "expiresAt", "createdAt", "ip", "userAgent", "mailboxKey", "locale")
      SELECT ${id}, ${input.email}, ${input.purpose}, ${input.userId ?? null}, ${hashCode(id, code)},
             ${hashToken(linkToken)}, ${input.browserHash}, ${maxAttempts}::int,
             now() + ${ttlSeconds}::int * interval '1 second', now(), ${input.ip ?? null}, ${input.userAgent ?? null}, ${key},
             ${input.locale ?? DEFAULT_LOCALE}
      WHERE EXISTS (SELECT 1 FROM gate)
      RETURNING "id", "expiresAt"
    ), event AS (
      INSERT INTO "AuthEvent" ("id", "userId", "email", "type", "ip", "userAgent", "createdAt")
      SELECT ${input.event?.id ?? null}::text,
             COALESCE(${input.userId ?? null}::text, (SELECT "id" FROM "User" WHERE "email" = ${input.email})), ${input.email},
             ${input.event?.type ?? null}::text, ${input.ip ?? null}, ${input.userAgent ?? null}, now()
      FROM inserted WHERE ${input.event?.id ?? null}::text IS NOT NULL
    )
    SELECT (SELECT "id" FROM inserted) AS "id",
           (SELECT "expiresAt" FROM inserted) AS "expiresAt",
           (SELECT ceil(extract(epoch FROM "createdAt" + ${resendCooldownSeconds}::int * interval '1 second' - now()))::int
              FROM recent) AS "retryAfter",
           (SELECT ceil(extract(epoch FROM
                     CASE WHEN l."browser" = '' AND l."lastSendAt" + ${sendDelaySql(Prisma.sql`l."sendCount"`)}
                                                    < l."sendWindowStart" + ${windowSeconds}::int * interval '1 second'
                          THEN l."lastSendAt" + ${sendDelaySql(Prisma.sql`l."sendCount"`)}
                          ELSE l."sendWindowStart" + ${windowSeconds}::int * interval '1 second' END - now()))::int
              FROM "EmailLimit" l JOIN scope s ON l."browser" = s."browser"
              WHERE l."mailboxKey" = ${key}) AS "limitRetryAfter"`;

  const row = rows[0];
  if (!row?.id || !row.expiresAt) {
    if (row?.retryAfter != null) return { ok: false, reason: "cooldown", retryAfterSeconds: Math.max(1, row.retryAfter) };
    return { ok: false, reason: "email-limited", retryAfterSeconds: clampRetry(row?.limitRetryAfter, windowSeconds) };
  }
  return { ok: true, challengeId: row.id, code, linkToken, expiresAt: new Date(row.expiresAt) };
}

/** Seconds left in a limit window, as read from the database (never 0 or negative). */
function clampRetry(seconds: number | null | undefined, windowSeconds: number): number {
  return seconds != null && seconds > 0 ? Math.min(seconds, windowSeconds) : windowSeconds;
}

/**
 * Checks a code against the browser's challenge. The attempt is counted
 * before the comparison, in the same statement that proves the challenge is
 * still usable, so concurrent guesses can never exceed the cap (S3). A right
 * code still has to win `consumeChallenge` (S1).
 *
 * The per-mailbox limits (S5) are spent the same way, before the comparison
 * and in the same statement: one wrong code per window and one more in the
 * failure streak, on the browser's own row if it signed in to the account
 * before, else on the row unknown browsers share — so a stranger's wrong
 * codes never hold back a browser the owner has used. The upsert locks the
 * row, so guesses spread over many challenges and browsers (and app
 * instances) are counted exactly; a guess refused by a limit costs the
 * challenge no attempt. A right code gives its unit back when it is consumed.
 */
export async function checkChallengeCode(input: {
  challengeId: string;
  browserHash: string;
  purpose: Purpose;
  code: string;
}): Promise<VerifyCodeResult> {
  const db = await getDb();
  const { windowSeconds } = config.limits;
  const { failedVerifies, maxFailureStreak, knownBrowser } = config.limits.email;
  const rows = await db.$queryRaw<
    {
      codeHash: string | null;
      attempts: number | null;
      maxAttempts: number | null;
      email: string | null;
      live: boolean;
      gated: boolean;
      streakLocked: boolean | null;
      limitRetryAfter: number | null;
    }[]
  >`
    WITH target AS (
      SELECT "email", "mailboxKey" FROM "Challenge"
      WHERE "id" = ${input.challengeId} AND "browserHash" = ${input.browserHash} AND "purpose" = ${input.purpose}
        AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "expiresAt" > now()
        AND "attempts" < "maxAttempts"
    ), scope AS (
      SELECT t."mailboxKey", b."browser" FROM target t
      CROSS JOIN LATERAL (${limitScopeSql(Prisma.sql`t."email"`, input.browserHash)}) b
    ), gate AS (
      INSERT INTO "EmailLimit" AS l ("mailboxKey", "browser", "failCount", "failWindowStart", "failStreak")
      SELECT "mailboxKey", "browser", 1, now(), 1 FROM scope
      ON CONFLICT ("mailboxKey", "browser") DO UPDATE SET
        "failCount" = CASE WHEN l."failWindowStart" <= now() - ${windowSeconds}::int * interval '1 second'
                           THEN 1 ELSE l."failCount" + 1 END,
        "failWindowStart" = CASE WHEN l."failWindowStart" <= now() - ${windowSeconds}::int * interval '1 second'
                                 THEN now() ELSE l."failWindowStart" END,
        "failStreak" = l."failStreak" + 1
      WHERE (l."failWindowStart" <= now() - ${windowSeconds}::int * interval '1 second'
             OR l."failCount" < CASE WHEN l."browser" = '' THEN ${failedVerifies}::int ELSE ${knownBrowser.failedVerifies}::int END)
        AND l."failStreak" < ${maxFailureStreak}::int
      RETURNING 1
    ), checked AS (
      UPDATE "Challenge" SET "attempts" = "attempts" + 1
      WHERE "id" = ${input.challengeId} AND "browserHash" = ${input.browserHash} AND "purpose" = ${input.purpose}
        AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "expiresAt" > now()
        AND "attempts" < "maxAttempts" AND EXISTS (SELECT 1 FROM gate)
      RETURNING "codeHash", "attempts", "maxAttempts", "email"
    )
    SELECT c."codeHash", c."attempts", c."maxAttempts", c."email",
           EXISTS (SELECT 1 FROM target) AS "live",
           EXISTS (SELECT 1 FROM gate) AS "gated",
           (SELECT l."failStreak" >= ${maxFailureStreak}::int
              FROM "EmailLimit" l JOIN scope s ON l."mailboxKey" = s."mailboxKey" AND l."browser" = s."browser") AS "streakLocked",
           (SELECT ceil(extract(epoch FROM l."failWindowStart" + ${windowSeconds}::int * interval '1 second' - now()))::int
              FROM "EmailLimit" l JOIN scope s ON l."mailboxKey" = s."mailboxKey" AND l."browser" = s."browser") AS "limitRetryAfter"
    FROM (SELECT 1) AS one LEFT JOIN checked c ON true`;
  const row = rows[0];
  if (!row?.codeHash || row.attempts === null || row.maxAttempts === null || row.email === null) {
    if (row?.live && !row.gated) {
      return row.streakLocked
        ? { ok: false, reason: "email-locked" }
        : { ok: false, reason: "email-limited", retryAfterSeconds: clampRetry(row.limitRetryAfter, windowSeconds) };
    }
    const state = await readChallengeState(input.challengeId, input.browserHash);
    return { ok: false, reason: state === "live" ? "missing" : state };
  }
  if (!equalHashes(row.codeHash, hashCode(input.challengeId, input.code))) {
    if (await isReplacedCode(input, row.email)) {
      return { ok: false, reason: "replaced-code", attemptsLeft: await giveBackAttempt(input.challengeId, input.browserHash) };
    }
    const attemptsLeft = row.maxAttempts - row.attempts;
    return attemptsLeft > 0 ? { ok: false, reason: "wrong-code", attemptsLeft } : { ok: false, reason: "locked" };
  }
  return { ok: true, challengeId: input.challengeId, email: row.email };
}

/** How many replaced challenges a wrong code is compared with: a resend chain is short (the send limits, S5). */
const REPLACED_CODES_CHECKED = 5;

/**
 * A wrong code that is exactly the code of an earlier challenge of this
 * browser, address and purpose, replaced by a resend (S4) while it still
 * worked (not used, not locked, not expired): the person typed the code from
 * the older email. They are told a newer code replaced it, and the attempt
 * is given back (giveBackAttempt).
 *
 * Why this is no oracle and keeps S1–S5:
 * - only codes that were sent to THIS browser's own challenges are compared
 *   (the browser hash, like every check), in constant time, by exact HMAC;
 *   a replaced challenge can never be consumed (`supersededAt` stays set), so
 *   learning that a guess was its code opens nothing;
 * - a random guess hits one of at most REPLACED_CODES_CHECKED old codes as
 *   rarely as it hits the live one, so the attempts given back add nothing
 *   measurable to what a guesser gets from a challenge (S3);
 * - the outer bounds are NOT given back: the comparison still counts in the
 *   mailbox's failed-verify window and streak (spent by the check's
 *   statement) and in the IP's budget (lib/auth/limits.ts), so the limits
 *   across challenges (S5) bound every comparison a browser asks for exactly
 *   as before. A person who types an old code once or twice spends a unit of
 *   a budget made for people, which is what it is for.
 * One indexed read, only on the wrong-code path.
 */
async function isReplacedCode(input: { challengeId: string; browserHash: string; purpose: Purpose; code: string }, email: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ id: string; codeHash: string }[]>`
    SELECT "id", "codeHash" FROM "Challenge"
    WHERE "browserHash" = ${input.browserHash} AND "email" = ${email} AND "purpose" = ${input.purpose}
      AND "id" <> ${input.challengeId}
      AND "supersededAt" IS NOT NULL AND "consumedAt" IS NULL AND "deniedAt" IS NULL
      AND "attempts" < "maxAttempts" AND "expiresAt" > now()
    ORDER BY "createdAt" DESC LIMIT ${REPLACED_CODES_CHECKED}`;
  // Every candidate is compared (no early exit), so the time says nothing about which one matched.
  let matched = false;
  for (const row of rows) matched = equalHashes(row.codeHash, hashCode(row.id, input.code)) || matched;
  return matched;
}

/** Gives back the attempt the check counted (the code was a replaced one, not a guess at this one); the attempts left after it. */
async function giveBackAttempt(challengeId: string, browserHash: string): Promise<number> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ left: number }[]>`
    UPDATE "Challenge" SET "attempts" = GREATEST("attempts" - 1, 0)
    WHERE "id" = ${challengeId} AND "browserHash" = ${browserHash}
    RETURNING ("maxAttempts" - "attempts")::int AS "left"`;
  return rows[0]?.left ?? 0;
}

/** Why a challenge can no longer be used, as seen from its own browser. */
export async function readChallengeState(challengeId: string, browserHash: string): Promise<ChallengeState> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ state: ChallengeState }[]>`
    SELECT ${challengeStateSql()} AS "state"
    FROM "Challenge" WHERE "id" = ${challengeId} AND "browserHash" = ${browserHash}`;
  return rows[0]?.state ?? "missing";
}

export type PendingChallenge = {
  id: string;
  email: string;
  state: ChallengeState;
  attemptsLeft: number;
  expiresAt: Date;
  resendAvailableAt: Date;
};

/** The latest sign-in challenge this browser asked for (the code page shows it). */
export async function findPendingChallenge(browserHash: string, purpose: Purpose): Promise<PendingChallenge | null> {
  const db = await getDb();
  const rows = await db.$queryRaw<
    (Omit<PendingChallenge, "state"> & { state: ChallengeState })[]
  >`
    SELECT "id", "email", "expiresAt",
      GREATEST("maxAttempts" - "attempts", 0)::int AS "attemptsLeft",
      "createdAt" + ${config.challenge.resendCooldownSeconds}::int * interval '1 second' AS "resendAvailableAt",
      ${challengeStateSql()} AS "state"
    FROM "Challenge"
    WHERE "browserHash" = ${browserHash} AND "purpose" = ${purpose}
      AND "createdAt" > now() - interval '1 day'
    ORDER BY "createdAt" DESC LIMIT 1`;
  const row = rows[0];
  return row
    ? { ...row, expiresAt: new Date(row.expiresAt), resendAvailableAt: new Date(row.resendAvailableAt) }
    : null;
}

/**
 * The single-use consume of a proven challenge, as CTEs for the statement
 * that finishes it (`consumed` and `proven`, the address). The conditions are
 * those of the proof, checked again at the instant of consuming: same
 * browser and purpose, still live, and for a link its token, for an
 * approval its approval. Of any number of racing requests exactly one sees
 * a row (S1). The finishing statement (a session, an account change) runs
 * only behind it.
 */
export function consumeChallengeSql(proof: Proof): Prisma.Sql {
  const linkTokenHash = proof.kind === "link" ? (proof.linkTokenHash ?? "") : null;
  return Prisma.sql`
    consumed AS (
      UPDATE "Challenge" SET "consumedAt" = now()
      WHERE "id" = ${proof.challengeId} AND "browserHash" = ${proof.browserHash} AND "purpose" = ${proof.purpose}
        AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "expiresAt" > now()
        AND (${proof.kind === "approval"}::boolean IS FALSE OR "approvedAt" IS NOT NULL)
        AND (${linkTokenHash}::text IS NULL OR ("linkTokenHash" = ${linkTokenHash}::text AND "attempts" < "maxAttempts"))
      RETURNING "email"
    ), proven AS (SELECT "email" FROM consumed)`;
}
