import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { generateCode } from "@/lib/auth/code";
import { equalHashes, generateToken, hashCode, hashToken } from "@/lib/auth/secrets";

/**
 * Challenges: one emailed secret (a code and a link) bound to the browser that
 * asked for it. The hot paths are single SQL statements on purpose: the
 * database, not the app, decides races (S1, S3, S4), and each step costs one
 * round trip. Times come from the database clock so that several app
 * instances agree.
 */
export type Purpose = "sign-in";

export type ChallengeState = "live" | "used" | "expired" | "superseded" | "locked" | "missing";

export type CreateChallengeResult =
  | { ok: true; challengeId: string; code: string; linkToken: string; expiresAt: Date }
  | { ok: false; reason: "cooldown"; retryAfterSeconds: number };

export type VerifyCodeResult =
  | { ok: true; challengeId: string; email: string }
  | { ok: false; reason: "wrong-code"; attemptsLeft: number }
  | { ok: false; reason: Exclude<ChallengeState, "live"> };

type CreateInput = {
  email: string;
  purpose: Purpose;
  browserHash: string;
  ip?: string | null;
  userAgent?: string | null;
  userId?: string | null;
};

/**
 * Creates a challenge and supersedes this browser's earlier ones for the same
 * email and purpose (S4), unless a still-usable one was made within the
 * resend cooldown (a dead one — used, expired, locked — never blocks a new code).
 */
export async function createChallenge(input: CreateInput): Promise<CreateChallengeResult> {
  const db = await getDb();
  const id = randomUUID();
  const code = generateCode();
  const linkToken = generateToken();
  const { ttlSeconds, maxAttempts, resendCooldownSeconds } = config.challenge;

  const rows = await db.$queryRaw<{ id: string | null; expiresAt: Date | null; retryAfter: number | null }[]>`
    WITH recent AS (
      SELECT "createdAt" FROM "Challenge"
      WHERE "browserHash" = ${input.browserHash} AND "email" = ${input.email} AND "purpose" = ${input.purpose}
        AND "supersededAt" IS NULL AND "consumedAt" IS NULL
        AND "attempts" < "maxAttempts" AND "expiresAt" > now()
        AND "createdAt" > now() - ${resendCooldownSeconds}::int * interval '1 second'
      ORDER BY "createdAt" DESC LIMIT 1
    ), superseded AS (
      UPDATE "Challenge" SET "supersededAt" = now()
      WHERE "browserHash" = ${input.browserHash} AND "email" = ${input.email} AND "purpose" = ${input.purpose}
        AND "consumedAt" IS NULL AND "supersededAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM recent)
    ), inserted AS (
      INSERT INTO "Challenge" ("id", "email", "purpose", "userId", "codeHash", "linkTokenHash", "browserHash",
                               "maxAttempts", "expiresAt", "createdAt", "ip", "userAgent")
      SELECT ${id}, ${input.email}, ${input.purpose}, ${input.userId ?? null}, ${hashCode(id, code)},
             ${hashToken(linkToken)}, ${input.browserHash}, ${maxAttempts}::int,
             now() + ${ttlSeconds}::int * interval '1 second', now(), ${input.ip ?? null}, ${input.userAgent ?? null}
      WHERE NOT EXISTS (SELECT 1 FROM recent)
      RETURNING "id", "expiresAt"
    )
    SELECT (SELECT "id" FROM inserted) AS "id",
           (SELECT "expiresAt" FROM inserted) AS "expiresAt",
           (SELECT ceil(extract(epoch FROM "createdAt" + ${resendCooldownSeconds}::int * interval '1 second' - now()))::int
              FROM recent) AS "retryAfter"`;

  const row = rows[0];
  if (!row?.id || !row.expiresAt) {
    return { ok: false, reason: "cooldown", retryAfterSeconds: Math.max(1, row?.retryAfter ?? resendCooldownSeconds) };
  }
  return { ok: true, challengeId: row.id, code, linkToken, expiresAt: new Date(row.expiresAt) };
}

/**
 * Checks a code against the browser's challenge. The attempt is counted
 * before the comparison, in the same statement that proves the challenge is
 * still usable, so concurrent guesses can never exceed the cap (S3). A right
 * code still has to win `consumeChallenge` (S1).
 */
export async function checkChallengeCode(input: {
  challengeId: string;
  browserHash: string;
  purpose: Purpose;
  code: string;
}): Promise<VerifyCodeResult> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ codeHash: string; attempts: number; maxAttempts: number; email: string }[]>`
    UPDATE "Challenge" SET "attempts" = "attempts" + 1
    WHERE "id" = ${input.challengeId} AND "browserHash" = ${input.browserHash} AND "purpose" = ${input.purpose}
      AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "expiresAt" > now()
      AND "attempts" < "maxAttempts"
    RETURNING "codeHash", "attempts", "maxAttempts", "email"`;
  const row = rows[0];
  if (!row) {
    const state = await readChallengeState(input.challengeId, input.browserHash);
    return { ok: false, reason: state === "live" ? "missing" : state };
  }
  if (!equalHashes(row.codeHash, hashCode(input.challengeId, input.code))) {
    const attemptsLeft = row.maxAttempts - row.attempts;
    return attemptsLeft > 0 ? { ok: false, reason: "wrong-code", attemptsLeft } : { ok: false, reason: "locked" };
  }
  return { ok: true, challengeId: input.challengeId, email: row.email };
}

/** Why a challenge can no longer be used, as seen from its own browser. */
export async function readChallengeState(challengeId: string, browserHash: string): Promise<ChallengeState> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ state: ChallengeState }[]>`
    SELECT CASE
      WHEN "consumedAt" IS NOT NULL THEN 'used'
      WHEN "supersededAt" IS NOT NULL THEN 'superseded'
      WHEN "expiresAt" <= now() THEN 'expired'
      WHEN "attempts" >= "maxAttempts" THEN 'locked'
      ELSE 'live' END AS "state"
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
      CASE
        WHEN "consumedAt" IS NOT NULL THEN 'used'
        WHEN "supersededAt" IS NOT NULL THEN 'superseded'
        WHEN "expiresAt" <= now() THEN 'expired'
        WHEN "attempts" >= "maxAttempts" THEN 'locked'
        ELSE 'live' END AS "state"
    FROM "Challenge"
    WHERE "browserHash" = ${browserHash} AND "purpose" = ${purpose}
      AND "createdAt" > now() - interval '1 day'
    ORDER BY "createdAt" DESC LIMIT 1`;
  const row = rows[0];
  return row
    ? { ...row, expiresAt: new Date(row.expiresAt), resendAvailableAt: new Date(row.resendAvailableAt) }
    : null;
}

export type SignInResult =
  | { ok: true; userId: string; email: string; sessionId: string }
  | { ok: false; reason: "used" | "no-account" };

/**
 * Consumes a checked sign-in challenge and, in the same statement, finds or
 * creates the user (email verified) and opens the server-side session. One
 * conditional UPDATE decides: of any number of racing requests exactly one
 * sees a row (S1).
 */
export async function consumeSignInChallenge(input: {
  challengeId: string;
  allowSignUp: boolean;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<SignInResult> {
  const db = await getDb();
  const sessionId = generateToken();
  const rows = await db.$queryRaw<{ consumed: string | null; userId: string | null; email: string | null; sessionId: string | null }[]>`
    WITH consumed AS (
      UPDATE "Challenge" SET "consumedAt" = now()
      WHERE "id" = ${input.challengeId} AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "expiresAt" > now()
      RETURNING "email"
    ), existing AS (
      SELECT u."id", u."email" FROM "User" u JOIN consumed c ON u."email" = c."email"
    ), created AS (
      INSERT INTO "User" ("id", "email", "emailVerified", "createdAt", "updatedAt")
      SELECT ${randomUUID()}, c."email", now(), now(), now() FROM consumed c
      WHERE ${input.allowSignUp}::boolean AND NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT ("email") DO NOTHING
      RETURNING "id", "email"
    ), account AS (
      SELECT "id", "email" FROM existing UNION ALL SELECT "id", "email" FROM created
    ), session AS (
      INSERT INTO "Session" ("id", "userId", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent")
      SELECT ${hashToken(sessionId)}, a."id", now(), now(), now() + ${config.session.maxAgeSeconds}::int * interval '1 second',
             ${input.ip ?? null}, ${input.userAgent ?? null}
      FROM account a
      RETURNING "userId"
    )
    SELECT (SELECT "email" FROM consumed) AS "consumed",
           (SELECT "id" FROM account) AS "userId",
           (SELECT "email" FROM account) AS "email",
           (SELECT "userId" FROM session) AS "sessionId"`;
  const row = rows[0];
  if (!row?.consumed) return { ok: false, reason: "used" };
  if (!row.userId || !row.email || !row.sessionId) return { ok: false, reason: "no-account" };
  return { ok: true, userId: row.userId, email: row.email, sessionId };
}
