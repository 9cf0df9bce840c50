import { config } from "@/lib/config";
import { formatCode, generateCode, normalizeCode } from "@/lib/auth/code";

/**
 * The pure rules of the RFC 8628 device flow (no database): the user code's
 * shape and the polling state machine. lib/auth/device.ts runs them.
 */
const format = config.device.userCode;

/** 8 characters from the look-alike-free alphabet: 32^8 = 2^40 codes. */
export function generateUserCode(): string {
  return generateCode(format);
}

/** "ABCDEFGH" → "ABCD-EFGH". */
export function formatUserCode(code: string): string {
  return formatCode(code, format);
}

/**
 * What the person typed → the canonical code, or null when it cannot be one.
 * Forgiving like the sign-in code (RFC 8628 §6.1): any case, dashes, spaces,
 * full-width forms; 0/O and 1/I are not in the alphabet, so they never occur.
 */
export function normalizeUserCode(input: unknown): string | null {
  return normalizeCode(input, format);
}

/** The OAuth error codes the token endpoint answers with (RFC 6749 §5.2, RFC 8628 §3.5). */
export type TokenError =
  | "authorization_pending"
  | "slow_down"
  | "access_denied"
  | "expired_token"
  | "invalid_grant"
  | "invalid_client"
  | "invalid_request"
  | "invalid_scope"
  | "unsupported_grant_type"
  | "temporarily_unavailable";

/** A device authorization as one poll sees it (read and stamped in one statement, lib/auth/device.ts). */
export type PollView = {
  clientMatches: boolean;
  approved: boolean;
  denied: boolean;
  consumed: boolean;
  expired: boolean;
  /** The previous poll was less than `interval` (minus the grace) ago. */
  tooFast: boolean;
};

export type PollDecision = { issue: true } | { issue: false; error: TokenError };

/**
 * RFC 8628 §3.5, as a state machine. Order matters:
 * - a device code that is not this client's, or already exchanged, is
 *   invalid_grant (RFC 6749 §5.2: "issued to another client", "revoked");
 * - denied → access_denied; past expiry → expired_token (both final);
 * - approved → the token (a fast poll then does no harm: it ends polling);
 * - still pending: too fast → slow_down (and the interval grows by 5 s), else
 *   authorization_pending.
 */
export function decidePoll(view: PollView | null): PollDecision {
  if (!view || !view.clientMatches || view.consumed) return { issue: false, error: "invalid_grant" };
  if (view.denied) return { issue: false, error: "access_denied" };
  if (view.expired) return { issue: false, error: "expired_token" };
  if (view.approved) return { issue: true };
  return { issue: false, error: view.tooFast ? "slow_down" : "authorization_pending" };
}
