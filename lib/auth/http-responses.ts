import "server-only";
// API problem details are in English: they are for the developer of the client, who shows its own words.
import { failureMessage, type Failure, type FailureReason } from "@/lib/auth/failures";
import type { TokenError } from "@/lib/auth/device-rules";
import type { IssuedToken } from "@/lib/auth/tokens";

/**
 * The one place where the token and API errors (values from lib/auth)
 * become HTTP: OAuth error JSON for the RFC 6749/8628 endpoints, RFC 9457
 * problem details for the JSON code flow and /api/me. Every response that
 * carries or refuses a credential says Cache-Control: no-store (RFC 6749
 * §5.1).
 */
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

export function jsonNoStore(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

const OAUTH_STATUS: Record<TokenError, number> = {
  authorization_pending: 400,
  slow_down: 400,
  access_denied: 400,
  expired_token: 400,
  invalid_grant: 400,
  // RFC 6749 §5.2 allows 400 for public clients that sent no credentials; 401 says "who are you?" more plainly.
  invalid_client: 401,
  invalid_request: 400,
  invalid_scope: 400,
  unsupported_grant_type: 400,
  temporarily_unavailable: 503,
};

const OAUTH_DESCRIPTION: Record<TokenError, string> = {
  authorization_pending: "The user has not approved or denied this device yet. Keep polling at the interval.",
  slow_down: "Polling too fast: the interval is now longer.",
  access_denied: "The user denied this device.",
  expired_token: "The device code has expired. Start again.",
  invalid_grant: "The device code is not valid (unknown, already used, or issued to another client).",
  invalid_client: "Unknown client_id.",
  invalid_request: "The request is missing a parameter or is not form-encoded.",
  invalid_scope: "The requested scope is not allowed for this client.",
  unsupported_grant_type: "Only urn:ietf:params:oauth:grant-type:device_code is supported here.",
  temporarily_unavailable: "The service is unavailable right now. Try again shortly.",
};

/** RFC 6749 §5.2 error JSON (RFC 8628 §3.5 codes included). */
export function oauthError(error: TokenError, extra: { interval?: number; retryAfterSeconds?: number } = {}): Response {
  const headers: Record<string, string> = {};
  if (error === "invalid_client") headers["WWW-Authenticate"] = 'Basic realm="magic-code"';
  if (extra.retryAfterSeconds) headers["Retry-After"] = String(extra.retryAfterSeconds);
  const body: Record<string, unknown> = { error, error_description: OAUTH_DESCRIPTION[error] };
  // Not in the RFC, but harmless and useful: the interval the client must now keep.
  if (error === "slow_down" && extra.interval) body.interval = extra.interval;
  return jsonNoStore(body, OAUTH_STATUS[error], headers);
}

/** RFC 6749 §5.1 successful token response. */
export function tokenResponse(token: IssuedToken): Response {
  return jsonNoStore({ access_token: token.accessToken, token_type: token.tokenType, expires_in: token.expiresIn, scope: token.scope });
}

function problemStatus(reason: FailureReason): number {
  switch (reason) {
    case "cooldown":
    case "email-limited":
    case "ip-limited":
      return 429;
    case "unavailable":
    case "email-failed":
      return 503;
    case "expired":
    case "used":
    case "superseded":
    case "locked":
    case "denied":
      return 410;
    case "no-account":
    case "email-locked":
      return 403;
    default:
      return 400;
  }
}

const API_DETAIL: Partial<Record<FailureReason, string>> = {
  // The client secret is this flow's browser: a wrong one looks like an unknown challenge.
  missing: "No sign-in in progress for this challengeId and clientSecret. Start again.",
  "missing-browser": "clientSecret is missing or malformed.",
  "invalid-input": "challengeId, clientSecret and code are required.",
};

/** RFC 9457 problem details for a failure from the catalogue. */
export function problem(failure: Failure): Response {
  const status = problemStatus(failure.reason);
  const body: Record<string, unknown> = {
    type: `https://magic-code.dev/problems/${failure.reason}`,
    title: failure.reason,
    status,
    detail: API_DETAIL[failure.reason] ?? failureMessage(failure, "code", "en"),
  };
  const headers: Record<string, string> = { ...NO_STORE, "Content-Type": "application/problem+json" };
  if ("attemptsLeft" in failure) body.attemptsLeft = failure.attemptsLeft;
  if ("retryAfterSeconds" in failure) {
    body.retryAfterSeconds = failure.retryAfterSeconds;
    headers["Retry-After"] = String(failure.retryAfterSeconds);
  }
  return new Response(JSON.stringify(body), { status, headers });
}

/** A request problem that is not a pipeline failure (bad JSON, bad email). */
export function badRequest(detail: string, reason = "invalid-request"): Response {
  return new Response(JSON.stringify({ type: `https://magic-code.dev/problems/${reason}`, title: reason, status: 400, detail }), {
    status: 400,
    headers: { ...NO_STORE, "Content-Type": "application/problem+json" },
  });
}

/** RFC 6750 §3: a missing or bad bearer token. */
export function unauthorized(): Response {
  return new Response(
    JSON.stringify({ type: "https://magic-code.dev/problems/invalid-token", title: "invalid-token", status: 401, detail: "Missing, unknown, expired or revoked bearer token." }),
    { status: 401, headers: { ...NO_STORE, "Content-Type": "application/problem+json", "WWW-Authenticate": 'Bearer realm="magic-code", error="invalid_token"' } },
  );
}

/**
 * The form-encoded body of a token-endpoint request (RFC 6749 §4.1.3,
 * RFC 8628 §3.1), or null when it is not one.
 */
export async function readFormBody(request: Request): Promise<Record<string, string> | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return null;
  const text = await request.text().catch(() => null);
  if (text === null || text.length > 8192) return null;
  const params = new URLSearchParams(text);
  const out: Record<string, string> = {};
  for (const [key, value] of params) {
    // RFC 6749 §3.1: parameters must not be repeated.
    if (key in out) return null;
    out[key] = value;
  }
  return out;
}

export async function readJsonBody(request: Request): Promise<Record<string, unknown> | null> {
  const text = await request.text().catch(() => null);
  if (text === null || text.length > 8192) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
