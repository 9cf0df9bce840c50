import "server-only";
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * Hashing for everything secret we store (S7). Codes are short, so a plain
 * hash could be brute-forced offline from a database dump: they get an HMAC
 * keyed by a key derived from AUTH_SECRET (separate from Auth.js's own keys).
 * Link tokens and browser secrets are 256-bit random values, for which
 * SHA-256 is enough.
 */
let codeKey: Buffer | undefined;

function getCodeKey(): Buffer {
  codeKey ??= Buffer.from(hkdfSync("sha256", getEnv().AUTH_SECRET, "magic-code", "challenge-code-hmac-v1", 32));
  return codeKey;
}

/** Binds the code to its challenge so one row's HMAC says nothing of another's. */
export function hashCode(challengeId: string, code: string): string {
  return createHmac("sha256", getCodeKey()).update(`${challengeId}:${code}`).digest("base64url");
}

let userCodeKey: Buffer | undefined;

/**
 * A device-flow user code (RFC 8628) is looked up by its hash, so it cannot be
 * bound to a row id like a challenge code; its own derived key keeps a
 * database dump from being brute-forced offline (40 bits).
 */
export function hashUserCode(code: string): string {
  userCodeKey ??= Buffer.from(hkdfSync("sha256", getEnv().AUTH_SECRET, "magic-code", "device-user-code-hmac-v1", 32));
  return createHmac("sha256", userCodeKey).update(code).digest("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** 256 bits, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

export function equalHashes(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
