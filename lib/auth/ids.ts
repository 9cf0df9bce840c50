/**
 * Identifiers that arrive from outside (form fields, query strings, JSON):
 * checked at every entry before they reach a query, so a NUL byte or a
 * megabyte of text is a clear refusal, never a database error (S10).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Challenge ids are server-made UUIDs (lower-case, as randomUUID writes them). */
export function isChallengeId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
