import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { getEnv } from "@/lib/env";
import { equalHashes } from "@/lib/auth/secrets";

/**
 * The number of a cross-device approval (F2; NIST SP 800-63B-4 §3.1.3.1: the
 * secret is transferred from the primary channel, not compared). The asking
 * page shows it; the person types it on the device that opened the link.
 * The link alone does not tell it: whoever holds only the email (a
 * forwarded link, an attacker asking for a victim's address and hoping they
 * approve) has to guess it, and a wrong entry cancels the challenge. Three
 * digits, 000–999: a blind approval succeeds 1 time in 1000, once per
 * challenge (each new challenge is a new email to the owner).
 *
 * Derived, not stored: an HMAC of the challenge id (random, server-made)
 * under a key derived from AUTH_SECRET, so it is random per challenge and
 * nobody can compute it from anything outside the server; the challenge id
 * itself is shown only to the asking browser.
 */
export const MATCHING_NUMBER_DIGITS = 3;

let key: Buffer | undefined;

function numberKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", getEnv().AUTH_SECRET, "magic-code", "approval-number-v1", 32));
  return key;
}

export function matchingNumber(challengeId: string): string {
  const digest = createHmac("sha256", numberKey()).update(challengeId).digest();
  // 2^32 mod 1000 = 296: a bias of < 1 in 10^7 per value, irrelevant here.
  return String(digest.readUInt32BE(0) % 10 ** MATCHING_NUMBER_DIGITS).padStart(MATCHING_NUMBER_DIGITS, "0");
}

/** What the approver typed, without spaces; null if it cannot be a number of the right length (a typo, not a guess). */
export function normalizeMatchingNumber(typed: string): string | null {
  const digits = typed.replace(/\s+/g, "");
  return new RegExp(`^\\d{${MATCHING_NUMBER_DIGITS}}$`).test(digits) ? digits : null;
}

/** Constant-time comparison of a typed number with the challenge's. */
export function isMatchingNumber(challengeId: string, typed: string): boolean {
  return equalHashes(typed, matchingNumber(challengeId));
}
