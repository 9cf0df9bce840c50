import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { generateToken, hashToken, hashUserCode } from "@/lib/auth/secrets";
import { findClient, clientName, resolveScope } from "@/lib/auth/clients";
import { decidePoll, formatUserCode, generateUserCode, normalizeUserCode, type PollView, type TokenError } from "@/lib/auth/device-rules";
import { issueTokenAfter, type IssuedToken } from "@/lib/auth/tokens";
import { limitSendsFrom } from "@/lib/auth/limits";
import { refundIpVerify, spendIpVerify } from "@/lib/rate-limit";
import { recordEvent } from "@/lib/activity";
import { translator } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/locales";
import { logError } from "@/lib/log";
import type { AccountUser } from "@/lib/auth/purposes";
import type { RequestInfo } from "@/lib/request-info";

/**
 * RFC 8628, the device authorization grant, on the same footing as the
 * browser flow (docs/decisions/0037-device-flow-and-bearer-tokens.md):
 * - start: a registered client asks; the device code (256 bits) is stored
 *   as SHA-256, the user code (40 bits) as an HMAC (S7);
 * - activate: a signed-in person types the user code on /activate; every
 *   wrong one is counted per account, per browser and per IP before the
 *   comparison (S3, S5); approve or deny is one conditional UPDATE, so a
 *   user code works once and only until expiry (S1);
 * - poll: the token endpoint reads and stamps the row in one statement
 *   (slow_down is exact under concurrency) and, once approved, consumes it
 *   and issues the token in one more, through the token seam (S1).
 */
const DEVICE_CODE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type DeviceStartResult =
  | { ok: true; deviceCode: string; userCode: string; expiresIn: number; interval: number }
  | { ok: false; error: TokenError; retryAfterSeconds?: number };

export async function startDeviceAuthorization(input: { clientId: unknown; scope: unknown; request: RequestInfo }): Promise<DeviceStartResult> {
  const client = findClient(input.clientId);
  if (!client) return { ok: false, error: "invalid_client" };
  const scope = resolveScope(client, input.scope);
  if (scope === null) return { ok: false, error: "invalid_scope" };
  // Each authorization costs a unit of the IP's send budget: rows are not free.
  const ipRefusal = await limitSendsFrom(input.request.ip);
  if (ipRefusal) return { ok: false, error: "temporarily_unavailable", ...("retryAfterSeconds" in ipRefusal ? { retryAfterSeconds: ipRefusal.retryAfterSeconds } : {}) };
  const { ttlSeconds, intervalSeconds } = config.device;
  try {
    const db = await getDb();
    // A user code equal to a stored one (2^-40 per row) is drawn again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const deviceCode = generateToken();
      const userCode = generateUserCode();
      const inserted = await db.$executeRaw`
        INSERT INTO "DeviceAuthorization" ("id", "deviceCodeHash", "userCodeHash", "clientId", "scope", "interval", "expiresAt", "createdAt", "ip", "userAgent")
        VALUES (${randomUUID()}, ${hashToken(deviceCode)}, ${hashUserCode(userCode)}, ${client.id}, ${scope}, ${intervalSeconds}::int,
                now() + ${ttlSeconds}::int * interval '1 second', now(), ${input.request.ip}, ${input.request.userAgent})
        ON CONFLICT DO NOTHING`;
      if (inserted === 1) return { ok: true, deviceCode, userCode: formatUserCode(userCode), expiresIn: ttlSeconds, interval: intervalSeconds };
    }
    return { ok: false, error: "temporarily_unavailable" };
  } catch (error) {
    logError("device authorization failed: database unavailable", error);
    return { ok: false, error: "temporarily_unavailable" };
  }
}

export type PollResult = { ok: true; token: IssuedToken } | { ok: false; error: TokenError; interval?: number };

/** One poll of the token endpoint with grant_type device_code (RFC 8628 §3.4, §3.5). */
export async function pollDeviceToken(input: { clientId: unknown; deviceCode: unknown; request: RequestInfo }): Promise<PollResult> {
  const client = findClient(input.clientId);
  if (!client) return { ok: false, error: "invalid_client" };
  if (typeof input.deviceCode !== "string" || input.deviceCode === "") return { ok: false, error: "invalid_request" };
  if (!DEVICE_CODE_PATTERN.test(input.deviceCode)) return { ok: false, error: "invalid_grant" };
  try {
    const polled = await stampPoll(hashToken(input.deviceCode), client.id);
    const decision = decidePoll(polled?.view ?? null);
    if (!decision.issue) return { ok: false, error: decision.error, interval: polled?.interval };
    const issued = await issueTokenAfter(consumeDeviceSql(polled!.id, client.id), {
      clientId: client.id,
      scope: polled!.scope,
      grant: "device",
      request: input.request,
      allowSignUp: false, // the approver was signed in: the account exists (or was deleted meanwhile)
    });
    return issued.ok ? { ok: true, token: issued.token } : { ok: false, error: "invalid_grant" };
  } catch (error) {
    logError("device token poll failed: database unavailable", error);
    return { ok: false, error: "temporarily_unavailable" };
  }
}

/**
 * Reads the authorization and stamps this poll in one statement; the row
 * lock makes concurrent polls line up, so each one sees its predecessor's
 * stamp. A pending authorization polled too fast gets its interval raised
 * by `slowDownSeconds` (RFC 8628 §3.5), kept for every later poll.
 */
async function stampPoll(deviceCodeHash: string, clientId: string): Promise<{ id: string; scope: string; interval: number; view: PollView } | null> {
  const db = await getDb();
  const { slowDownSeconds, pollGraceSeconds } = config.device;
  const rows = await db.$queryRaw<
    { id: string; scope: string; clientMatches: boolean; approved: boolean; denied: boolean; consumed: boolean; expired: boolean; tooFast: boolean; interval: number }[]
  >`
    WITH prev AS (
      SELECT "id", "clientId", "scope", "interval", "lastPolledAt", "approvedAt", "deniedAt", "consumedAt", "expiresAt",
             ("lastPolledAt" IS NOT NULL AND "lastPolledAt" > now() - GREATEST("interval" - ${pollGraceSeconds}::int, 0) * interval '1 second') AS "tooFast"
      FROM "DeviceAuthorization" WHERE "deviceCodeHash" = ${deviceCodeHash}
      FOR UPDATE
    ), stamped AS (
      UPDATE "DeviceAuthorization" d SET "lastPolledAt" = now(),
        "interval" = CASE WHEN p."tooFast" AND p."approvedAt" IS NULL AND p."deniedAt" IS NULL AND p."consumedAt" IS NULL
                          THEN p."interval" + ${slowDownSeconds}::int ELSE p."interval" END
      FROM prev p WHERE d."id" = p."id" AND p."clientId" = ${clientId}
      RETURNING d."interval"
    )
    SELECT p."id", p."scope", p."clientId" = ${clientId} AS "clientMatches",
           p."approvedAt" IS NOT NULL AS "approved", p."deniedAt" IS NOT NULL AS "denied",
           p."consumedAt" IS NOT NULL AS "consumed", p."expiresAt" <= now() AS "expired", p."tooFast",
           COALESCE((SELECT "interval" FROM stamped), p."interval") AS "interval"
    FROM prev p`;
  const row = rows[0];
  if (!row) return null;
  const { id, scope, interval, ...view } = row;
  return { id, scope, interval, view };
}

/** The single-use consume of an approved authorization, as the `proven` CTE the token seam takes. */
function consumeDeviceSql(id: string, clientId: string): Prisma.Sql {
  return Prisma.sql`
    consumed AS (
      UPDATE "DeviceAuthorization" SET "consumedAt" = now()
      WHERE "id" = ${id} AND "clientId" = ${clientId} AND "approvedAt" IS NOT NULL AND "deniedAt" IS NULL
        AND "consumedAt" IS NULL AND "expiresAt" > now()
      RETURNING "userId"
    ), proven AS (SELECT u."email" FROM "User" u JOIN consumed c ON u."id" = c."userId")`;
}

/* ---------------------------------------------------------------- /activate */

export type ActivationFailure =
  | { reason: "malformed" | "wrong" | "expired" | "used" | "unavailable" }
  | { reason: "limited"; retryAfterSeconds: number };

export type PendingDevice = {
  userCode: string;
  clientName: string;
  scope: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
};

export type ActivationResult<T> = { ok: true; value: T } | { ok: false; failure: ActivationFailure };

/** What the /activate page says for each refusal (never more than the person typing may know), in the reader's language. */
export function activationMessage(failure: ActivationFailure, locale: Locale): string {
  const t = translator(locale, "activate");
  switch (failure.reason) {
    case "malformed":
      return t("errors.malformed", { length: config.device.userCode.length, example: formatUserCode("BCDFGHJK") });
    case "wrong":
    case "expired":
    case "used":
    case "unavailable":
      return t(`errors.${failure.reason}`);
    case "limited": {
      const seconds = Math.max(1, Math.ceil(failure.retryAfterSeconds));
      return seconds < 60 ? t("errors.limitedSeconds", { count: seconds }) : t("errors.limitedMinutes", { count: Math.ceil(seconds / 60) });
    }
  }
}

type ActivateCtx = { user: AccountUser; browserHash: string; request: { ip: string | null; userAgent: string | null } };

type DeviceRow = { id: string; clientId: string; scope: string; ip: string | null; userAgent: string | null; createdAt: Date; expiresAt: Date; state: "pending" | "used" | "expired" };

const rowState = Prisma.sql`CASE WHEN "approvedAt" IS NOT NULL OR "deniedAt" IS NOT NULL OR "consumedAt" IS NOT NULL THEN 'used'
                                 WHEN "expiresAt" <= now() THEN 'expired' ELSE 'pending' END`;

/** Step one on /activate: the typed code → which client asks, from where and when. */
export async function findDeviceByUserCode(input: unknown, ctx: ActivateCtx): Promise<ActivationResult<PendingDevice>> {
  return guardUserCode(input, ctx, async (code) => {
    const db = await getDb();
    const rows = await db.$queryRaw<DeviceRow[]>`
      SELECT "id", "clientId", "scope", "ip", "userAgent", "createdAt", "expiresAt", ${rowState} AS "state"
      FROM "DeviceAuthorization" WHERE "userCodeHash" = ${hashUserCode(code)}`;
    return rows[0] ?? null;
  }).then((r) => (r.ok ? { ok: true, value: pendingView(r.value.row, r.value.userCode) } : r));
}

/**
 * Step two: Approve or Deny. The code is checked again (and counted again when
 * wrong); the decision is one conditional UPDATE, so of two racing decisions
 * exactly one lands and a user code works once.
 */
export async function decideDevice(input: unknown, decision: "approve" | "deny", ctx: ActivateCtx): Promise<ActivationResult<{ clientName: string }>> {
  const result = await guardUserCode(input, ctx, async (code) => {
    const db = await getDb();
    const hash = hashUserCode(code);
    const decided = await db.$queryRaw<DeviceRow[]>`
      UPDATE "DeviceAuthorization" SET
        "approvedAt" = CASE WHEN ${decision === "approve"}::boolean THEN now() ELSE NULL END,
        "deniedAt" = CASE WHEN ${decision === "deny"}::boolean THEN now() ELSE NULL END,
        "userId" = ${ctx.user.id}
      WHERE "userCodeHash" = ${hash} AND "approvedAt" IS NULL AND "deniedAt" IS NULL AND "consumedAt" IS NULL AND "expiresAt" > now()
      RETURNING "id", "clientId", "scope", "ip", "userAgent", "createdAt", "expiresAt", 'pending' AS "state"`;
    if (decided[0]) return decided[0];
    const rows = await db.$queryRaw<DeviceRow[]>`
      SELECT "id", "clientId", "scope", "ip", "userAgent", "createdAt", "expiresAt", ${rowState} AS "state"
      FROM "DeviceAuthorization" WHERE "userCodeHash" = ${hash}`;
    // Pending but not updated cannot happen outside a race lost to another decision.
    return rows[0] ? { ...rows[0], state: rows[0].state === "pending" ? ("used" as const) : rows[0].state } : null;
  });
  if (!result.ok) return result;
  const name = clientName(result.value.row.clientId);
  await recordEvent({
    type: decision === "approve" ? "device-approved" : "device-denied",
    userId: ctx.user.id,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
    detail: name,
  });
  return { ok: true, value: { clientName: name } };
}

function pendingView(row: DeviceRow, userCode: string): PendingDevice {
  return {
    userCode,
    clientName: clientName(row.clientId),
    scope: row.scope,
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: new Date(row.createdAt),
    expiresAt: new Date(row.expiresAt),
  };
}

/**
 * Every step that presents a user code: a malformed one costs nothing; else
 * one unit per account and per browser (database) and per IP (Redis) is
 * spent BEFORE the comparison (the upserts lock the counters, so concurrent
 * guesses are counted exactly), and a right code gives them back.
 */
async function guardUserCode(
  input: unknown,
  ctx: ActivateCtx,
  step: (code: string) => Promise<DeviceRow | null>,
): Promise<ActivationResult<{ row: DeviceRow; userCode: string }>> {
  const code = normalizeUserCode(input);
  if (!code) return { ok: false, failure: { reason: "malformed" } };
  // Per IP, as for sign-in codes: the unit is spent before the comparison (Redis) and given back by a right code.
  const ipCheck = await spendIpVerify(ctx.request.ip);
  if (!ipCheck.ok) {
    return { ok: false, failure: ipCheck.reason === "limited" ? { reason: "limited", retryAfterSeconds: ipCheck.retryAfterSeconds } : { reason: "unavailable" } };
  }
  const keys = [`user:${ctx.user.id}`, `browser:${ctx.browserHash}`];
  let row: DeviceRow | null;
  try {
    const spent = await spendGuess(keys);
    if (!spent.ok) {
      await refundIpVerify(ctx.request.ip);
      return { ok: false, failure: { reason: "limited", retryAfterSeconds: spent.retryAfterSeconds } };
    }
    row = await step(code);
    if (row) await refundGuess(keys);
  } catch (error) {
    logError("device activation failed: database unavailable", error);
    await refundIpVerify(ctx.request.ip);
    return { ok: false, failure: { reason: "unavailable" } };
  }
  if (!row) return { ok: false, failure: { reason: "wrong" } };
  await refundIpVerify(ctx.request.ip);
  if (row.state !== "pending") return { ok: false, failure: { reason: row.state } };
  return { ok: true, value: { row, userCode: formatUserCode(code) } };
}

async function spendGuess(keys: string[]): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const db = await getDb();
  const { windowSeconds } = config.limits;
  const limit = config.device.wrongUserCodes;
  const rows = await db.$queryRaw<{ spent: number; retryAfter: number | null }[]>`
    WITH gate AS (
      INSERT INTO "GuessLimit" AS g ("key", "count", "windowStart")
      SELECT k, 1, now() FROM unnest(${keys}::text[]) AS k
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN g."windowStart" <= now() - ${windowSeconds}::int * interval '1 second' THEN 1 ELSE g."count" + 1 END,
        "windowStart" = CASE WHEN g."windowStart" <= now() - ${windowSeconds}::int * interval '1 second' THEN now() ELSE g."windowStart" END
      WHERE g."windowStart" <= now() - ${windowSeconds}::int * interval '1 second' OR g."count" < ${limit}::int
      RETURNING "key"
    )
    SELECT (SELECT count(*) FROM gate)::int AS "spent",
           (SELECT max(ceil(extract(epoch FROM "windowStart" + ${windowSeconds}::int * interval '1 second' - now())))::int
              FROM "GuessLimit" WHERE "key" = ANY(${keys}::text[]) AND "count" >= ${limit}::int) AS "retryAfter"`;
  const row = rows[0];
  if (row && row.spent === keys.length) return { ok: true };
  const retry = row?.retryAfter;
  return { ok: false, retryAfterSeconds: retry && retry > 0 ? Math.min(retry, windowSeconds) : windowSeconds };
}

async function refundGuess(keys: string[]): Promise<void> {
  const db = await getDb();
  await db.$executeRaw`UPDATE "GuessLimit" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ANY(${keys}::text[])`;
}
