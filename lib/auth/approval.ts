import "server-only";
import { createHash } from "node:crypto";

/**
 * The matching number of a cross-device approval (F2): what the asking page
 * shows and the approving device must match. Finishing an approved
 * challenge is the pipeline's (lib/auth/proof.ts, kind "approval").
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
