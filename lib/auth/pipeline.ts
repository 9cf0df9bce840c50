import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { createChallenge, readChallengeState } from "@/lib/auth/challenge";
import { limitSendsFrom } from "@/lib/auth/limits";
import { isFailedGuess, type Failure } from "@/lib/auth/failures";
import { proveChallenge, type Evidence, type Proof, type ProveResult } from "@/lib/auth/proof";
import { purposes, type AccountUser, type FinishContext, type FinishResult, type Purpose } from "@/lib/auth/purposes";
import { signUpAllowed } from "@/lib/auth/policy";
import { clearSessionCache, sessionProvenWithin } from "@/lib/auth/session";
import { composeEmail } from "@/lib/email/messages";
import { sendEmail } from "@/lib/email/send";
import { recordEvent } from "@/lib/activity";
import { describeDevice } from "@/lib/device";
import { logError } from "@/lib/log";
import type { RequestInfo } from "@/lib/request-info";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

/**
 * The one challenge pipeline: start → prove → finish, for every purpose
 * (lib/auth/purposes.ts), sign-in included.
 * - start: who may start it, where the code goes, limits, the challenge row
 *   and its email (this module);
 * - prove: code, link or approval, bound to the browser (lib/auth/proof.ts);
 * - finish: the purpose's success, behind the single-use consume (here,
 *   through purposes[p].finish).
 * Activity events of a challenge are written here and nowhere else (the
 * sign-in event inside the session statement). Every refusal is a value from
 * the failure catalogue (lib/auth/failures.ts).
 */

export type StartResult = { ok: true; challengeId: string } | { ok: false; failure: Failure };

export async function startChallenge(
  purpose: Purpose,
  input: {
    /** What the person typed (sign-in: their address; change-email: the new one; else ignored). */
    address: string;
    user: AccountUser | null;
    browserHash: string;
    request: RequestInfo;
    /** Sign-in: where the link should land (already checked by safeCallbackUrl). */
    callbackUrl?: string;
    /** The asking browser's session, for purposes that need a fresh proof (step-up, S13). */
    sessionHash?: string;
    /**
     * The asking browser's language (requestLocale(); the JSON API: its
     * `locale` field or Accept-Language). Stored on the challenge and the
     * email is written in it. Absent (tests, scripts): the default locale.
     */
    locale?: Locale;
  },
): Promise<StartResult> {
  const definition = purposes[purpose];
  if (definition.startedBy === "signed-in" && !input.user) return { ok: false, failure: { reason: "not-signed-in" } };
  // Step-up before anything is sent: the session cookie alone does not start it (S13).
  if (definition.needsFreshProof) {
    try {
      if (!(await sessionProvenWithin(input.sessionHash, config.session.freshProofSeconds))) {
        return { ok: false, failure: { reason: "step-up-required" } };
      }
    } catch (error) {
      logError("step-up check failed: database unavailable", error);
      return { ok: false, failure: { reason: "unavailable" } };
    }
  }
  const to = definition.recipient({ user: input.user, address: input.address });
  const refused = definition.refuse?.({ user: input.user, address: input.address, to });
  if (refused) return { ok: false, failure: refused };

  // Per-IP limit first (Redis); the per-address one is spent inside createChallenge.
  const ipRefusal = await limitSendsFrom(input.request.ip);
  if (ipRefusal) return { ok: false, failure: "retryAfterSeconds" in ipRefusal ? ipRefusal : { reason: ipRefusal.reason } };
  try {
    return await sendChallenge(purpose, to, input);
  } catch (error) {
    logError("code request failed: database unavailable", error);
    return { ok: false, failure: { reason: "unavailable" } };
  }
}

async function sendChallenge(
  purpose: Purpose,
  to: string,
  input: { user: AccountUser | null; browserHash: string; request: RequestInfo; callbackUrl?: string; locale?: Locale },
): Promise<StartResult> {
  const definition = purposes[purpose];
  const eventId = randomUUID();
  const locale = input.locale ?? DEFAULT_LOCALE;
  const created = await createChallenge({
    email: to,
    purpose,
    browserHash: input.browserHash,
    userId: input.user?.id ?? null,
    ip: input.request.ip,
    userAgent: input.request.userAgent,
    locale,
    event: { id: eventId, type: definition.events.requested },
  });
  if (!created.ok) return { ok: false, failure: { reason: created.reason, retryAfterSeconds: created.retryAfterSeconds } };

  const content = await definition.email({
    to,
    code: created.code,
    linkUrl: definition.link ? linkUrl(input.request.origin, created.linkToken, input.callbackUrl) : "",
    expiresAt: created.expiresAt,
    requestedFrom: describeDevice(input.request.userAgent, locale),
    locale,
    origin: input.request.origin,
  });
  const sent = await sendEmail(await composeEmail(content));
  if (!sent.ok) {
    await retireChallenge(created.challengeId, eventId);
    return { ok: false, failure: { reason: "email-failed" } };
  }
  return { ok: true, challengeId: created.challengeId };
}

/** The emailed link; it carries the callback path (checked again where it is used), never anything secret but the token. */
function linkUrl(origin: string, token: string, callbackUrl: string | undefined): string {
  const params = new URLSearchParams({ token });
  if (callbackUrl && callbackUrl !== config.defaultRedirect) params.set("callbackUrl", callbackUrl);
  return `${origin}/sign-in/link?${params}`;
}

/** Makes a challenge whose email never left unusable; the resend cooldown ignores it. */
async function retireChallenge(challengeId: string, eventId: string): Promise<void> {
  const db = await getDb();
  // An email that never left gives its unit of the mailbox's send limit back
  // (S5) to the row it was spent on (this browser's own if known, else the
  // shared one), and its "requested" event (recorded with the challenge) goes too.
  await db.$executeRaw`
    WITH retired AS (
      UPDATE "Challenge" SET "supersededAt" = now() WHERE "id" = ${challengeId}
      RETURNING "email", "mailboxKey", "browserHash"
    ), unlogged AS (
      DELETE FROM "AuthEvent" WHERE "id" = ${eventId}
    )
    UPDATE "EmailLimit" l SET "sendCount" = GREATEST(l."sendCount" - 1, 0)
    FROM retired r
    WHERE l."mailboxKey" = r."mailboxKey"
      AND l."browser" = CASE WHEN EXISTS (SELECT 1 FROM "KnownBrowser" k JOIN "User" u ON u."id" = k."userId"
                                          WHERE u."email" = r."email" AND k."browserHash" = r."browserHash")
                             THEN r."browserHash" ELSE '' END`;
}

/**
 * Proves a challenge for this browser and purpose; a wrong code (or a
 * challenge it locked) is written to the activity log as the purpose says.
 */
export async function proveStep(
  evidence: Evidence,
  ctx: { browserHash: string | null; purpose: Purpose; request: { ip: string | null; userAgent: string | null } },
): Promise<ProveResult> {
  const proved = await proveChallenge(evidence, { browserHash: ctx.browserHash, purpose: ctx.purpose, ip: ctx.request.ip });
  const failedEvent = purposes[ctx.purpose].events.failed;
  if (!proved.ok && failedEvent && isFailedGuess(proved.failure) && proved.failure.reason !== "missing" && proved.failure.reason !== "invalid-link") {
    await recordEvent({
      type: failedEvent,
      challengeId: typeof evidence.challengeId === "string" ? evidence.challengeId : null,
      ip: ctx.request.ip,
      userAgent: ctx.request.userAgent,
    });
  }
  return proved;
}

/**
 * Finishes a proven challenge: the purpose's success behind the single-use
 * consume. A lost race reads why the challenge is gone. Faults are
 * "unavailable" (S11).
 */
export async function finishChallenge(
  proof: Proof,
  ctx: Omit<FinishContext, "allowSignUp"> & { allowSignUp?: boolean },
): Promise<FinishResult> {
  const definition = purposes[proof.purpose];
  const full: FinishContext = { ...ctx, allowSignUp: ctx.allowSignUp ?? signUpAllowed() };
  let result: FinishResult;
  try {
    result = await definition.finish(proof, full);
    if (!result.ok && result.failure.reason === "used") result = { ok: false, failure: await whyNotConsumed(proof) };
  } catch (error) {
    logError("finishing a challenge failed: database unavailable", error);
    return { ok: false, failure: { reason: "unavailable" } };
  }
  if (!result.ok) return result;
  return afterFinish(proof.purpose, result, full, proof);
}

/**
 * Finishes an account purpose without a code: the session itself proved
 * control of the account within config.session.freshProofSeconds (a passkey
 * step-up marks it, lib/auth/passkeys.ts). Only purposes with `finishFresh`.
 */
export async function finishWithFreshSession(
  purpose: Purpose,
  ctx: Omit<FinishContext, "allowSignUp">,
): Promise<FinishResult> {
  const definition = purposes[purpose];
  if (!definition.finishFresh || !ctx.user) return { ok: false, failure: { reason: "not-signed-in" } };
  const full: FinishContext = { ...ctx, allowSignUp: false };
  let result: FinishResult;
  try {
    if (!(await sessionProvenWithin(ctx.sessionHash, config.session.freshProofSeconds))) return { ok: false, failure: { reason: "step-up-required" } };
    result = await definition.finishFresh(full);
  } catch (error) {
    logError("finishing with a fresh session failed: database unavailable", error);
    return { ok: false, failure: { reason: "unavailable" } };
  }
  if (!result.ok) return result;
  return afterFinish(purpose, result, full, null);
}

async function afterFinish(
  purpose: Purpose,
  result: Extract<FinishResult, { ok: true }>,
  ctx: FinishContext,
  proof: Proof | null,
): Promise<FinishResult> {
  const definition = purposes[purpose];
  if (purpose !== "sign-in") {
    // Sessions or the account changed: this instance forgets its cached
    // session checks now (other instances within the cache bound, S14).
    clearSessionCache();
  }
  const succeeded = definition.events.succeeded;
  if (succeeded) {
    // A deleted account keeps a bare trace (type and time): no user id,
    // address, IP or user agent names the person any more.
    const gone = result.signOut === true;
    const detail = !gone && result.detail?.from && result.detail.to ? `from ${result.detail.from} to ${result.detail.to}` : null;
    await recordEvent({
      type: succeeded,
      userId: gone ? null : (ctx.user?.id ?? null),
      ip: gone ? null : ctx.request.ip,
      userAgent: gone ? null : ctx.request.userAgent,
      detail,
    });
  }
  if (proof) await definition.after?.(result, ctx, proof).catch((error: unknown) => logError("after-success step failed", error));
  return result;
}

async function whyNotConsumed(proof: Proof): Promise<Failure> {
  const state = await readChallengeState(proof.challengeId, proof.browserHash);
  if (state !== "live") return { reason: state };
  // Live but refused: an approval that is not there (any more), or a link token that is not this challenge's.
  return { reason: proof.kind === "approval" ? "not-approved" : proof.kind === "link" ? "invalid-link" : "used" };
}

/** Proves and finishes in one call (the code form of an account purpose, Auth.js's authorize). */
export async function proveAndFinish(
  evidence: Evidence,
  ctx: { browserHash: string | null; purpose: Purpose; user: AccountUser | null; sessionHash?: string; request: { ip: string | null; userAgent: string | null } },
): Promise<FinishResult> {
  const proved = await proveStep(evidence, ctx);
  if (!proved.ok) return proved;
  return finishChallenge(proved.proof, { user: ctx.user, sessionHash: ctx.sessionHash, request: ctx.request });
}
