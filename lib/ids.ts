/**
 * The shapes of the identifiers that come in from outside (forms, query
 * strings, Auth.js credentials), checked at every entry before they reach a
 * query: PostgreSQL refuses a NUL byte in text and a non-UUID for a uuid
 * column with an error, which would be a 500 (S10). One check per kind, used
 * everywhere such an id comes in. Edge-safe: no Node APIs.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** SHA-256, base64url, no padding (lib/auth/secrets.ts hashToken). */
const TOKEN_HASH = /^[A-Za-z0-9_-]{43}$/;

/** A challenge id as the server makes them: a lowercase UUID. */
export function isChallengeId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** The challenge id from a form field or query parameter, or "" (never anything else). */
export function challengeIdOrEmpty(value: unknown): string {
  return isChallengeId(value) ? value : "";
}

/** A session's public id on the account page: the hash of its secret. */
export function isSessionHash(value: unknown): value is string {
  return typeof value === "string" && TOKEN_HASH.test(value);
}
