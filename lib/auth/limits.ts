import "server-only";
import { checkChallengeCode, type VerifyCodeResult } from "@/lib/auth/challenge";
import type { Purpose } from "@/lib/auth/purposes";
import { limitIpSend, refundIpVerify, spendIpVerify } from "@/lib/rate-limit";
import { logError } from "@/lib/log";
import { afterResponse } from "@/lib/after-response";

/**
 * The two layers of S5 put together for the two things an attacker can do:
 * ask for emails and try codes. Per IP (Redis, lib/rate-limit.ts) first, as
 * the cheap outer fence; per email and per challenge (the database, always
 * on, lib/auth/challenge.ts) inside the very statements that send and check.
 * Every path that sends a sign-in email or checks a code goes through here.
 *
 * Per IP, a check spends its unit before comparing (atomically in Redis), and
 * gets it back unless it was a failed guess: under any concurrency, an IP
 * gets at most its limit of comparisons per window (issue 10.3).
 */

export type IpRefusal = { ok: false; reason: "ip-limited"; retryAfterSeconds: number } | { ok: false; reason: "unavailable" };

/** Spends one send for the client IP; a refusal to hand back, or null to go on. */
export async function limitSendsFrom(ip: string | null): Promise<IpRefusal | null> {
  const result = await limitIpSend(ip);
  if (result.ok) return null;
  return result.reason === "limited" ? { ok: false, reason: "ip-limited", retryAfterSeconds: result.retryAfterSeconds } : result;
}

export type LimitedCheckResult = VerifyCodeResult | IpRefusal;

/**
 * Outcomes that are a guess gone wrong (or a probe for someone else's
 * challenge). A replaced code (the right code of an older email) costs the
 * challenge no attempt but still counts here: see isReplacedCode in
 * lib/auth/challenge.ts for why the outer bounds keep it.
 */
const FAILED_GUESS = new Set<string>(["wrong-code", "locked", "missing", "replaced-code"]);

/**
 * A code check behind both layers. Database faults come back as
 * "unavailable" (S11): the person is told to try again, nothing is spent.
 */
export async function checkCodeWithLimits(input: {
  challengeId: string;
  browserHash: string;
  purpose: Purpose;
  code: string;
  ip: string | null;
}): Promise<LimitedCheckResult> {
  const ipCheck = await spendIpVerify(input.ip);
  if (!ipCheck.ok) {
    return ipCheck.reason === "limited" ? { ok: false, reason: "ip-limited", retryAfterSeconds: ipCheck.retryAfterSeconds } : ipCheck;
  }
  let checked: VerifyCodeResult;
  try {
    checked = await checkChallengeCode(input);
  } catch (error) {
    logError("code check failed: database unavailable", error);
    await refundIpVerify(input.ip);
    return { ok: false, reason: "unavailable" };
  }
  // The unit comes back after the answer has gone: the person waits for the
  // check, not for the bookkeeping (a later request from this IP sees it back).
  if (checked.ok || !FAILED_GUESS.has(checked.reason)) await afterResponse(() => refundIpVerify(input.ip));
  return checked;
}

/**
 * A step that presents a link token (sign in, approve, deny). A token is 256
 * random bits, so there is nothing to guess; still, an IP presenting unknown
 * tokens is counted like one trying wrong codes, and a database fault is an
 * "unavailable" refusal rather than an error page (S11).
 */
export async function guardLinkStep<T extends { ok: boolean; reason?: string }>(
  ip: string | null,
  step: () => Promise<T>,
): Promise<T | IpRefusal> {
  const ipCheck = await spendIpVerify(ip);
  if (!ipCheck.ok) {
    return ipCheck.reason === "limited" ? { ok: false, reason: "ip-limited", retryAfterSeconds: ipCheck.retryAfterSeconds } : ipCheck;
  }
  let result: T;
  try {
    result = await step();
  } catch (error) {
    logError("link step failed: database unavailable", error);
    await refundIpVerify(ip);
    return { ok: false, reason: "unavailable" };
  }
  if (result.ok || result.reason !== "invalid") await afterResponse(() => refundIpVerify(ip));
  return result;
}
