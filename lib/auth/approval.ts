import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db";
import { hashToken } from "@/lib/auth/secrets";
import { isChallengeId } from "@/lib/ids";
import {
  consumeSignInChallenge,
  challengeStateSql,
  readChallengeState,
  type ChallengeState,
  type SignInResult,
} from "@/lib/auth/challenge";

/**
 * Finishing a challenge without typing its code, always in the browser that
 * asked for it (F2, F3):
 * - approved from the link on another device (the asking page polls for it);
 * - approved by this browser itself: the right code, or the link, while
 *   another account is signed in here and the switch awaits confirmation.
 * "Approved" is the challenge's `approvedAt`; the browser binding is the
 * challenge's own `browserHash`, so no secret ever goes to the client and
 * nothing is consumed before the final step.
 */

/**
 * A two-digit number (10–99) shown on the asking page and on the approving
 * page, so the person can tell *their* sign-in from someone else's request
 * for the same address. Derived from the challenge id (random, server-made),
 * so the requester cannot choose it; it is a check against confusion, not a
 * secret: 1 in 90 requests would match by chance.
 */
export function matchingNumber(challengeId: string): string {
  const digest = createHash("sha256").update(`matching-number:${challengeId}`).digest();
  return String(10 + (digest.readUInt32BE(0) % 90));
}

/**
 * What the approving device offers: the right number and two others, in
 * ascending order (position says nothing). The person must pick the number
 * the asking device shows, so approving a request they cannot see — an
 * attacker's, for their address — needs a 1-in-3 guess, and a wrong pick
 * cancels it. Derived from the challenge id, so every GET shows the same set.
 */
export function matchingChoices(challengeId: string): string[] {
  const right = matchingNumber(challengeId);
  const choices = new Set([right]);
  for (let i = 0; choices.size < 3; i++) {
    const digest = createHash("sha256").update(`matching-decoy:${i}:${challengeId}`).digest();
    choices.add(String(10 + (digest.readUInt32BE(0) % 90)));
  }
  return [...choices].sort();
}

/**
 * This browser proved it may finish the challenge (right code or its own
 * link) but the finish waits for a confirmation (user switch). One
 * conditional UPDATE; no attempt check: the code check just spent one.
 */
export async function approveChallengeForBrowser(challengeId: string, browserHash: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Challenge" SET "approvedAt" = COALESCE("approvedAt", now())
    WHERE "id" = ${challengeId} AND "browserHash" = ${browserHash} AND "purpose" = 'sign-in'
      AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "expiresAt" > now()
    RETURNING "id"`;
  return rows.length === 1;
}

/** What the asking page polls for; "waiting" is live and not yet approved. */
export type ApprovalStatus = Exclude<ChallengeState, "live"> | "waiting" | "approved";

/** One primary-key read: the cost of each poll. */
export async function readApprovalStatus(
  challengeId: string,
  browserHash: string,
): Promise<{ status: ApprovalStatus; email: string | null }> {
  if (!isChallengeId(challengeId)) return { status: "missing", email: null };
  const db = await getDb();
  const rows = await db.$queryRaw<{ status: ApprovalStatus; email: string }[]>`
    SELECT "email", ${challengeStateSql({ approved: true, liveAs: "waiting" })} AS "status"
    FROM "Challenge" WHERE "id" = ${challengeId} AND "browserHash" = ${browserHash} AND "purpose" = 'sign-in'`;
  return rows[0] ?? { status: "missing", email: null };
}

export type FinishWithoutCodeResult =
  | SignInResult
  | { ok: false; reason: Exclude<ChallengeState, "live"> | "not-approved" };

/**
 * Consumes an approved challenge, or one presented with its own link token,
 * for this browser only: the same single-statement consume as the code path
 * (S1), so code, link and approval race for one use. Only a refusal costs a
 * second read, to say why.
 */
export async function consumeWithoutCode(input: {
  challengeId: string;
  browserHash: string;
  /** The link token when the link was opened in the browser that asked; else an approval is required. */
  linkToken?: string;
  allowSignUp: boolean;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<FinishWithoutCodeResult> {
  const consumed = await consumeSignInChallenge({
    challengeId: input.challengeId,
    allowSignUp: input.allowSignUp,
    ip: input.ip,
    userAgent: input.userAgent,
    proof: input.linkToken
      ? { kind: "link", browserHash: input.browserHash, linkTokenHash: hashToken(input.linkToken) }
      : { kind: "approved", browserHash: input.browserHash },
  });
  if (consumed.ok || consumed.reason === "no-account") return consumed;
  const state = await readChallengeState(input.challengeId, input.browserHash);
  if (state !== "live") return { ok: false, reason: state };
  // Live but refused: not approved yet, or a link token that is not this challenge's.
  return { ok: false, reason: input.linkToken ? "missing" : "not-approved" };
}
