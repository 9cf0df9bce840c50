import { config } from "@/lib/config";
import { codeExample } from "@/lib/auth/code";
import { translator } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/locales";
import type { FormState } from "@/lib/form-state";

/**
 * The one failure catalogue. Every reason a step of the pipeline can refuse
 * (asking for a code, proving with a code, a link or an approval, finishing)
 * is named here once, with the number it carries and what the person reads.
 * Reasons are values at every module boundary; pages and actions turn them
 * into words through `failureMessage` and never parse or invent them.
 * The words never say more than the person in that browser may know (S6).
 */
export type Failure =
  /** A wrong code; the challenge still takes `attemptsLeft` more. */
  | { reason: "wrong-code"; attemptsLeft: number }
  /** A limit holds (S5): resend cooldown, per address, per network. */
  | { reason: "cooldown" | "email-limited" | "ip-limited"; retryAfterSeconds: number }
  | { reason: SimpleReason };

export type SimpleReason =
  /** The typed code cannot be a code (length, characters): a typo, costs nothing. */
  | "malformed-code"
  /** The right code of an older email, replaced by a newer one (S4): costs no attempt (lib/auth/challenge.ts isReplacedCode). */
  | "replaced-code"
  /** A field that must be an identifier or token was not one. */
  | "invalid-input"
  /** No browser cookie: cookies cleared, or a request from elsewhere. */
  | "missing-browser"
  /** The link was opened in another browser than the one that asked (it can approve, not sign in). */
  | "other-browser"
  /** No such challenge for this browser (or not for this purpose). */
  | "missing"
  | "locked"
  | "expired"
  | "used"
  | "superseded"
  | "denied"
  /** Waiting for the approval from another device. */
  | "not-approved"
  /** A link token that names no challenge. */
  | "invalid-link"
  /** The approver typed a number the asking page does not show: cancelled. */
  | "wrong-number"
  /** The approver typed something that cannot be the number (empty, wrong length): a typo, cancels nothing. */
  | "malformed-number"
  /** Sign-up off and no such account. */
  | "no-account"
  /** Codes switched off for this address after too many wrong ones (the link still works). */
  | "email-locked"
  /** The email could not be sent (Resend failing or not configured). */
  | "email-failed"
  /** A dependency (database, Redis failing closed) is unavailable (S11). */
  | "unavailable"
  /** Change email: the new address is the current one. */
  | "same-address"
  /** Change email: the new address belongs to another account by now. */
  | "unavailable-address"
  /** A purpose that needs a signed-in user, without one. */
  | "not-signed-in"
  /** The passkey prompt was cancelled or timed out in the browser (costs nothing). */
  | "passkey-cancelled"
  /** A passkey this service does not know (removed from the account, or never registered here). */
  | "passkey-unknown"
  /** A passkey whose account was deleted. */
  | "passkey-account-deleted"
  /** A passkey of another account than the signed-in one (step-up). */
  | "passkey-other-account"
  /** The assertion did not verify: replayed or expired challenge, wrong origin, counter gone backwards. */
  | "passkey-failed"
  /** Too many failed passkey attempts for this account lately. */
  | "passkey-limited"
  /** A sensitive change needs a recent proof of the account first (S13): a code to its address. */
  | "step-up-required";

export type FailureReason = Failure["reason"];

/** Where the message is shown: the words differ between a typed code, a link, and asking for an email. */
export type FailureContext = "code" | "link" | "request";

type Entry = {
  /** The challenge can never succeed after this: the page offers a new code. */
  dead: boolean;
  /** Refused guesses (or probes) that count against the IP's wrong-code budget. */
  guess?: boolean;
  /** The words, from the `failures` catalogue of the reader's locale (messages/<locale>/failures.json). */
  message: (failure: Failure, context: FailureContext, t: FailureTranslator) => string;
};

type FailureTranslator = ReturnType<typeof translator<"failures">>;

const retryAfter = (f: Failure) => ("retryAfterSeconds" in f ? f.retryAfterSeconds : 3600);
/** "42 minutes", "1 minute", "30 seconds": how long a limit still holds, in the reader's words. */
const wait = (f: Failure, t: FailureTranslator) => {
  const s = Math.max(1, Math.ceil(retryAfter(f)));
  return s < 60 ? t("wait.seconds", { count: s }) : t("wait.minutes", { count: Math.ceil(s / 60) });
};
const linkOr = (c: FailureContext) => (c === "link" ? "link" : "other");

/**
 * `Record<FailureReason, …>`: a new reason does not compile until it has its
 * words here, and a key the English catalogue lacks does not compile either.
 */
const CATALOGUE: Record<FailureReason, Entry> = {
  "wrong-code": { dead: false, guess: true, message: (f, _c, t) => t("wrong-code", { left: "attemptsLeft" in f ? f.attemptsLeft : 0 }) },
  "replaced-code": { dead: false, guess: true, message: (_f, _c, t) => t("replaced-code") },
  "malformed-code": {
    dead: false,
    message: (_f, _c, t) => t("malformed-code", { length: config.code.length, example: codeExample() }),
  },
  "invalid-input": { dead: false, message: (_f, c, t) => (c === "link" ? t("invalid-link") : t("invalid-input")) },
  "missing-browser": { dead: true, message: (_f, c, t) => t(`missing-browser.${linkOr(c)}`) },
  "other-browser": { dead: false, message: (_f, _c, t) => t("other-browser") },
  missing: { dead: true, guess: true, message: (_f, c, t) => (c === "link" ? t("invalid-link") : t("missing")) },
  locked: { dead: true, guess: true, message: (_f, c, t) => t(`locked.${linkOr(c)}`) },
  expired: {
    dead: true,
    message: (_f, c, t) =>
      c === "link" ? t("expired.link", { minutes: Math.round(config.challenge.ttlSeconds / 60) }) : t("expired.other"),
  },
  used: { dead: true, message: (_f, c, t) => t(`used.${linkOr(c)}`) },
  superseded: { dead: true, message: (_f, c, t) => t(`superseded.${linkOr(c)}`) },
  denied: { dead: true, message: (_f, c, t) => t(`denied.${linkOr(c)}`) },
  "not-approved": { dead: false, message: (_f, c, t) => t(`not-approved.${linkOr(c)}`) },
  "invalid-link": { dead: true, guess: true, message: (_f, _c, t) => t("invalid-link") },
  "wrong-number": { dead: true, message: (_f, _c, t) => t("wrong-number") },
  "malformed-number": { dead: false, message: (_f, _c, t) => t("malformed-number") },
  "no-account": { dead: true, message: (_f, _c, t) => t("no-account") },
  "email-locked": { dead: false, message: (_f, _c, t) => t("email-locked") },
  "email-failed": { dead: false, message: (_f, _c, t) => t("email-failed") },
  unavailable: { dead: false, message: (_f, _c, t) => t("unavailable") },
  "same-address": { dead: false, message: (_f, _c, t) => t("same-address") },
  "unavailable-address": { dead: true, message: (_f, _c, t) => t("unavailable-address") },
  "not-signed-in": { dead: true, message: (_f, _c, t) => t("not-signed-in") },
  "passkey-cancelled": { dead: false, message: (_f, _c, t) => t("passkey-cancelled") },
  "passkey-unknown": { dead: false, guess: true, message: (_f, _c, t) => t("passkey-unknown") },
  "passkey-account-deleted": { dead: false, guess: true, message: (_f, _c, t) => t("passkey-account-deleted") },
  "passkey-other-account": { dead: false, guess: true, message: (_f, _c, t) => t("passkey-other-account") },
  "passkey-failed": { dead: false, guess: true, message: (_f, _c, t) => t("passkey-failed") },
  "passkey-limited": { dead: false, message: (_f, _c, t) => t("passkey-limited") },
  "step-up-required": { dead: false, message: (_f, _c, t) => t("step-up-required") },
  cooldown: { dead: false, message: (f, _c, t) => t("cooldown", { seconds: "retryAfterSeconds" in f ? f.retryAfterSeconds : 30 }) },
  "email-limited": { dead: false, message: (f, c, t) => t(`email-limited.${c}`, { wait: wait(f, t) }) },
  "ip-limited": {
    dead: false,
    message: (f, c, t) => t(c === "request" ? "ip-limited.request" : "ip-limited.other", { wait: wait(f, t) }),
  },
};

/** The words for a failure, in the reader's locale (the request's: `requestLocale()`). */
export function failureMessage(failure: Failure, context: FailureContext, locale: Locale): string {
  return CATALOGUE[failure.reason].message(failure, context, translator(locale, "failures"));
}

/** After this failure the challenge can never succeed: offer a new code instead of another try. */
export function isDeadFailure(failure: Failure): boolean {
  return CATALOGUE[failure.reason].dead;
}

/** A refusal that is a guess gone wrong (or a probe for someone else's challenge): counted per IP. */
export function isFailedGuess(failure: Failure): boolean {
  return CATALOGUE[failure.reason].guess === true;
}

export function isFailureReason(value: unknown): value is FailureReason {
  return typeof value === "string" && Object.hasOwn(CATALOGUE, value);
}

/** Builds a failure value; the number is required exactly where the reason carries one. */
export function fail(reason: SimpleReason): { ok: false; failure: Failure } {
  return { ok: false, failure: { reason } };
}

// ---------------------------------------------------------------------------
// Across the Auth.js boundary. authorize() can only refuse by throwing a
// CredentialsSignin whose `code` is a string; this is the one encoding of a
// failure into that string and back (auth.ts encodes, lib/auth/sign-in.ts
// decodes). Anything unreadable decodes as "unavailable", never as success.
// ---------------------------------------------------------------------------

export function encodeFailure(failure: Failure): string {
  if ("attemptsLeft" in failure) return `${failure.reason}:${failure.attemptsLeft}`;
  if ("retryAfterSeconds" in failure) return `${failure.reason}:${failure.retryAfterSeconds}`;
  return failure.reason;
}

export function decodeFailure(code: unknown): Failure {
  const match = typeof code === "string" ? /^([a-z-]+)(?::(\d{1,9}))?$/.exec(code) : null;
  const reason = match?.[1];
  if (!match || !isFailureReason(reason)) return { reason: "unavailable" };
  const n = match[2] === undefined ? undefined : Number(match[2]);
  if (reason === "wrong-code") return n === undefined ? { reason: "unavailable" } : { reason, attemptsLeft: n };
  if (reason === "cooldown" || reason === "email-limited" || reason === "ip-limited") {
    return n === undefined ? { reason: "unavailable" } : { reason, retryAfterSeconds: n };
  }
  return n === undefined ? { reason } : { reason: "unavailable" };
}

/**
 * A refusal as a form shows it: the catalogue's words for this context,
 * and whether to offer a new code instead of another try.
 */
export function refusalState(
  failure: Failure,
  context: FailureContext,
  locale: Locale,
  extra: Pick<FormState, "errors" | "fields"> = {},
): FormState {
  return { tone: "error", message: failureMessage(failure, context, locale), dead: isDeadFailure(failure), ...extra };
}

const CHALLENGE_STATES = new Set<FailureReason>(["locked", "expired", "used", "superseded", "denied"]);

/**
 * The challenge itself is over (used, expired, locked, replaced, denied):
 * the code page reads that from the challenge and says it, the same after a
 * reload, so a form shows it by sending the person back to that page.
 */
export function isChallengeOver(failure: Failure): boolean {
  return CHALLENGE_STATES.has(failure.reason);
}
