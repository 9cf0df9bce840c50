import "server-only";
import { config } from "@/lib/config";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { parseEmail } from "@/lib/auth/email-address";
import { normalizeCode } from "@/lib/auth/code";
import { finishChallenge, proveStep, startChallenge } from "@/lib/auth/pipeline";
import type { Failure } from "@/lib/auth/failures";
import type { IssuedToken } from "@/lib/auth/tokens";
import type { RequestInfo } from "@/lib/request-info";
import { negotiateLocale, type Locale } from "@/lib/i18n/locales";

/**
 * The JSON code flow for native apps: the browser flow's pipeline with
 * another binding. A native app has no cookie jar we can trust, so the
 * challenge is bound to a client secret (256 bits) handed to the app once;
 * the challenge stores only its SHA-256, exactly as the browser cookie's
 * (lib/auth/browser.ts). The emailed code works only together with it (S2).
 * Limits, single use and the same answer for known and unknown addresses are
 * the pipeline's (purpose "api-sign-in").
 */
const CLIENT_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type ApiStartResult =
  | { ok: true; challengeId: string; clientSecret: string; expiresIn: number }
  | { ok: false; failure: Failure }
  | { ok: false; invalidEmail: string };

/** `locale`: the language of the email (the request's `locale` field, else its Accept-Language; apiLocale). */
export async function startApiSignIn(input: { email: unknown; request: RequestInfo; locale: Locale }): Promise<ApiStartResult> {
  const parsed = parseEmail(input.email);
  if (!parsed.ok) return { ok: false, invalidEmail: parsed.message };
  const clientSecret = generateToken();
  const started = await startChallenge("api-sign-in", {
    address: parsed.email,
    user: null,
    browserHash: hashToken(clientSecret),
    request: input.request,
    locale: input.locale,
  });
  if (!started.ok) return started;
  return { ok: true, challengeId: started.challengeId, clientSecret, expiresIn: config.challenge.ttlSeconds };
}

export type ApiVerifyResult = { ok: true; token: IssuedToken } | { ok: false; failure: Failure };

export async function verifyApiSignIn(input: { challengeId: unknown; clientSecret: unknown; code: unknown; request: RequestInfo }): Promise<ApiVerifyResult> {
  if (typeof input.clientSecret !== "string" || !CLIENT_SECRET_PATTERN.test(input.clientSecret)) return { ok: false, failure: { reason: "missing-browser" } };
  if (typeof input.code !== "string" || input.code.trim() === "") return { ok: false, failure: { reason: "invalid-input" } };
  const code = normalizeCode(input.code);
  // A malformed code is a typo, not a guess: it costs no attempt.
  if (!code) return { ok: false, failure: { reason: "malformed-code" } };
  const ctx = { browserHash: hashToken(input.clientSecret), purpose: "api-sign-in" as const, request: input.request };
  const proved = await proveStep({ kind: "code", challengeId: input.challengeId, code }, ctx);
  if (!proved.ok) return proved;
  const finished = await finishChallenge(proved.proof, { user: null, request: input.request });
  if (!finished.ok) return finished;
  if (!finished.token) return { ok: false, failure: { reason: "unavailable" } };
  return { ok: true, token: finished.token };
}

/**
 * The language of an API client's email: its JSON `locale` field (a language
 * tag such as "de" or "ar-EG"), else its Accept-Language header, else the
 * default. The field is read as the client's first choice ahead of the header;
 * anything that names no language of ours falls through to the next.
 */
export function apiLocale(field: unknown, acceptLanguage: string | null): Locale {
  const first = typeof field === "string" && field.length <= 64 && !field.includes(",") ? field : "";
  return negotiateLocale([first, acceptLanguage ?? ""].filter(Boolean).join(","));
}
