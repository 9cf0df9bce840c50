import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/db";
import { hashToken } from "@/lib/auth/secrets";
import { isMatchingNumber, normalizeMatchingNumber } from "@/lib/auth/approval";
import { challengeStateSql, type ChallengeState } from "@/lib/auth/challenge";
import { guardLinkStep } from "@/lib/auth/limits";
import type { Failure } from "@/lib/auth/failures";
import { recordEvent } from "@/lib/activity";

/**
 * The link in the sign-in email (F2). It finishes the same challenge as the
 * code: one row, one single use, the same expiry, attempt cap and supersede.
 * Reading a link never writes (S8): mail scanners and link previews may GET
 * it any number of times. Only a POST approves, denies or consumes it.
 *
 * Tokens are 256-bit random values; only their SHA-256 is stored. A malformed
 * or unknown token is simply "invalid": there is nothing to guess at.
 */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isLinkToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN_PATTERN.test(value);
}

/** "approved": allowed from the link on another device, waiting for the asking browser to finish. */
export type LinkState = Exclude<ChallengeState, "missing"> | "approved";

export type LinkChallenge = {
  id: string;
  email: string;
  state: LinkState;
  /** The browser opening the link is the one that asked: it may sign in right here. */
  sameBrowser: boolean;
  requestedAt: Date;
  /** User agent of the browser that asked, shown to whoever approves. */
  requestedBy: string | null;
  /** Someone holding the link asked to approve: the asking page now shows the matching number. */
  approvalRequested: boolean;
};

export type FindLinkResult = { ok: true; link: LinkChallenge } | { ok: false; reason: "invalid" };

/** What a link stands for, as seen from the browser opening it. Read-only. */
export async function findLinkChallenge(token: unknown, browserHash: string | null): Promise<FindLinkResult> {
  if (!isLinkToken(token)) return { ok: false, reason: "invalid" };
  const db = await getDb();
  const rows = await db.$queryRaw<
    { id: string; email: string; state: LinkState; sameBrowser: boolean; requestedAt: Date; requestedBy: string | null; approvalRequested: boolean }[]
  >`
    SELECT "id", "email", "createdAt" AS "requestedAt", "userAgent" AS "requestedBy",
      "approvalRequestedAt" IS NOT NULL AS "approvalRequested",
      COALESCE("browserHash" = ${browserHash}::text, false) AS "sameBrowser",
      ${challengeStateSql({ approved: true })} AS "state"
    FROM "Challenge" WHERE "linkTokenHash" = ${hashToken(token)} AND "purpose" = 'sign-in'`;
  const row = rows[0];
  if (!row) return { ok: false, reason: "invalid" };
  return { ok: true, link: { ...row, requestedAt: new Date(row.requestedAt) } };
}

export type LinkDecisionResult =
  | { ok: true; challengeId: string }
  | { ok: false; reason: Exclude<LinkState, "live"> | "invalid" };

/**
 * "Approve sign-in" from any device holding the link: the browser that asked
 * may now finish without typing the code (it still has to win the consume).
 * Idempotent; a dead or locked challenge cannot be approved. The approving
 * browser itself gets nothing.
 */
export async function approveLinkChallenge(token: unknown): Promise<LinkDecisionResult> {
  return markLiveLinkChallenge(token, Prisma.sql`"approvedAt" = COALESCE("approvedAt", now()),
      "approvalRequestedAt" = COALESCE("approvalRequestedAt", now())`);
}

/**
 * "Continue" on another device: its holder means to approve, so the asking
 * page may now show the matching number (it polls for this, or shows it on
 * reload). Until then nobody who merely asked for a code sees an approval
 * panel. A POST, never the page's GET (S8): a scanner fetching the link asks
 * nothing. Idempotent; grants nothing by itself (the number still has to be
 * typed here). A dead or locked challenge refuses.
 */
export async function requestLinkApprovalChallenge(token: unknown): Promise<LinkDecisionResult> {
  return markLiveLinkChallenge(token, Prisma.sql`"approvalRequestedAt" = COALESCE("approvalRequestedAt", now())`);
}

/**
 * Sets `assignments` (idempotent COALESCEs) on the live sign-in challenge of
 * this link token, in one conditional UPDATE; a dead, denied or locked one
 * is refused with the reason the link page shows.
 */
async function markLiveLinkChallenge(token: unknown, assignments: Prisma.Sql): Promise<LinkDecisionResult> {
  if (!isLinkToken(token)) return { ok: false, reason: "invalid" };
  const db = await getDb();
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Challenge" SET ${assignments}
    WHERE "linkTokenHash" = ${hashToken(token)} AND "purpose" = 'sign-in'
      AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "deniedAt" IS NULL AND "expiresAt" > now()
      AND "attempts" < "maxAttempts"
    RETURNING "id"`;
  if (rows[0]) return { ok: true, challengeId: rows[0].id };
  return deadReason(token);
}

/**
 * "Approve sign-in" with the number the person typed from the asking screen
 * (lib/auth/approval.ts): the right one approves; any other means they cannot
 * see the asking screen, so it is most likely not their request, and the
 * challenge is denied. The caller has checked the number's format.
 */
export async function approveLinkChallengeWithNumber(
  token: unknown,
  typed: string,
): Promise<LinkDecisionResult | { ok: false; reason: "wrong-number" }> {
  const found = await findLinkChallenge(token, null);
  if (!found.ok) return found;
  if (!isMatchingNumber(found.link.id, typed)) {
    await denyLinkChallenge(token);
    return { ok: false, reason: "wrong-number" };
  }
  return approveLinkChallenge(token);
}

/**
 * "Deny": the challenge dies for code and link alike, and the asking page
 * learns it on its next poll. Denying also ends the expiry, so every "live"
 * condition elsewhere refuses the challenge without knowing about denial.
 * Works until the challenge is used, even after an approval (a change of mind).
 */
export async function denyLinkChallenge(token: unknown): Promise<LinkDecisionResult> {
  if (!isLinkToken(token)) return { ok: false, reason: "invalid" };
  const db = await getDb();
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Challenge" SET "deniedAt" = now(), "expiresAt" = LEAST("expiresAt", now())
    WHERE "linkTokenHash" = ${hashToken(token)} AND "purpose" = 'sign-in'
      AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "deniedAt" IS NULL AND "expiresAt" > now()
    RETURNING "id"`;
  if (rows[0]) return { ok: true, challengeId: rows[0].id };
  return deadReason(token);
}

async function deadReason(token: string): Promise<{ ok: false; reason: Exclude<LinkState, "live"> | "invalid" }> {
  const found = await findLinkChallenge(token, null);
  if (!found.ok) return found;
  // Lost a race to a change that is gone again by now: report it as used.
  return { ok: false, reason: found.link.state === "live" ? "used" : found.link.state };
}

export type LinkStepResult = { ok: true } | { ok: false; failure: Failure };

function linkFailure(result: { ok: false; reason: string; retryAfterSeconds?: number }): Failure {
  switch (result.reason) {
    case "invalid":
      return { reason: "invalid-link" };
    case "live":
      return { reason: "used" };
    case "wrong-number":
    case "approved":
    case "used":
    case "expired":
    case "superseded":
    case "denied":
    case "locked":
    case "unavailable":
      return { reason: result.reason === "approved" ? "not-approved" : result.reason };
    case "ip-limited":
      return { reason: "ip-limited", retryAfterSeconds: result.retryAfterSeconds ?? 3600 };
    default:
      return { reason: "unavailable" };
  }
}

/**
 * "Approve sign-in" on another device, with the number typed from the asking
 * page; recorded in the activity log. Idempotent for an approval already
 * given. Something that cannot be a number (empty, wrong length) is a typo
 * to correct, not a wrong number: it cancels nothing.
 */
export async function approveLink(
  token: string,
  typed: string,
  request: { ip: string | null; userAgent: string | null },
): Promise<LinkStepResult> {
  const number = normalizeMatchingNumber(typed);
  if (number === null) return { ok: false, failure: { reason: "malformed-number" } };
  const result = await guardLinkStep(request.ip, () => approveLinkChallengeWithNumber(token, number));
  if (result.ok) {
    await recordEvent({ type: "link-approved", challengeId: result.challengeId, ip: request.ip, userAgent: request.userAgent });
    return { ok: true };
  }
  if (result.reason === "approved") return { ok: true };
  return { ok: false, failure: linkFailure(result) };
}

/** "Continue" on another device (ask to approve); an approval already given counts as asked. */
export async function requestLinkApproval(token: string, request: { ip: string | null }): Promise<LinkStepResult> {
  const result = await guardLinkStep(request.ip, () => requestLinkApprovalChallenge(token));
  if (result.ok || result.reason === "approved") return { ok: true };
  return { ok: false, failure: linkFailure(result) };
}

/** "Deny" on another device; recorded in the activity log. Idempotent for a denial already given. */
export async function denyLink(token: string, request: { ip: string | null; userAgent: string | null }): Promise<LinkStepResult> {
  const result = await guardLinkStep(request.ip, () => denyLinkChallenge(token));
  if (result.ok) {
    await recordEvent({ type: "link-denied", challengeId: result.challengeId, ip: request.ip, userAgent: request.userAgent });
    return { ok: true };
  }
  if (result.reason === "denied") return { ok: true };
  return { ok: false, failure: linkFailure(result) };
}

/** The address behind a link, for "Sign in on this device instead" (never shown in full). */
export async function findLinkAddress(token: string, ip: string | null): Promise<{ ok: true; email: string } | { ok: false; failure: Failure }> {
  const found = await guardLinkStep(ip, () => findLinkChallenge(token, null));
  if (found.ok) return { ok: true, email: found.link.email };
  return { ok: false, failure: linkFailure(found) };
}
