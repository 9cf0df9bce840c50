import { config } from "@/lib/config";
import { codeExample } from "@/lib/auth/code";
import { waitText } from "@/lib/wait-text";
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
  message: (failure: Failure, context: FailureContext) => string;
};

const minutes = () => Math.round(config.challenge.ttlSeconds / 60);
const wait = (f: Failure) => waitText("retryAfterSeconds" in f ? f.retryAfterSeconds : 3600);
const thing = (context: FailureContext) => (context === "link" ? "sign-in link" : "code");

/**
 * `Record<FailureReason, …>`: a new reason does not compile until it has its
 * words here.
 */
const CATALOGUE: Record<FailureReason, Entry> = {
  "wrong-code": {
    dead: false,
    guess: true,
    message: (f) => {
      const left = "attemptsLeft" in f ? f.attemptsLeft : 0;
      return `That code isn't right. ${left} ${left === 1 ? "attempt" : "attempts"} left.`;
    },
  },
  "malformed-code": {
    dead: false,
    message: () => `Codes are ${config.code.length} characters, like ${codeExample()}. Check the email and try again.`,
  },
  "invalid-input": {
    dead: false,
    message: (_f, c) => (c === "link" ? CATALOGUE["invalid-link"].message(_f, c) : "Enter the code from the email."),
  },
  "missing-browser": {
    dead: true,
    message: (_f, c) =>
      c === "link"
        ? "This browser has no sign-in in progress (were cookies cleared?). Ask for a new code here."
        : "This sign-in was started in another browser, or its cookies were cleared. Start again here.",
  },
  "other-browser": {
    dead: false,
    message: () => "This link was opened in another browser than the one that asked. Reload the page to approve it.",
  },
  missing: {
    dead: true,
    guess: true,
    message: (_f, c) =>
      c === "link"
        ? CATALOGUE["invalid-link"].message(_f, c)
        : "This sign-in was started in another browser, or its cookies were cleared. Start again here.",
  },
  locked: {
    dead: true,
    guess: true,
    message: (_f, c) =>
      c === "link"
        ? "Too many wrong codes were typed for this sign-in, so its link no longer works. Ask for a new code."
        : "Too many wrong codes: this code no longer works. Send yourself a new one.",
  },
  expired: {
    dead: true,
    message: (_f, c) =>
      c === "link"
        ? `This sign-in link has expired. Links and codes work for ${minutes()} minutes: ask for a new one.`
        : "This code has expired. Send yourself a new one.",
  },
  used: {
    dead: true,
    message: (_f, c) =>
      c === "link"
        ? "This sign-in link has already been used. Each link and code works once: ask for a new one to sign in again."
        : "This code has already been used. Send yourself a new one to sign in again.",
  },
  superseded: {
    dead: true,
    message: (_f, c) =>
      c === "link"
        ? "A newer sign-in email was sent, so this link no longer works. Use the latest email, or ask for a new code."
        : "A newer code was sent. Use the code from the latest email, or send a new one.",
  },
  denied: {
    dead: true,
    message: (_f, c) =>
      c === "link"
        ? "This sign-in was denied, so the link no longer works. Ask for a new code to sign in."
        : "This sign-in was denied from the link in the email. Send yourself a new code to try again.",
  },
  "not-approved": {
    dead: false,
    message: (_f, c) =>
      c === "link"
        ? "This sign-in isn't approved yet."
        : "Not approved yet. Open the link in the email on your other device and press “Approve sign-in”.",
  },
  "invalid-link": {
    dead: true,
    guess: true,
    message: () => "This sign-in link isn't valid. It may have been cut short when it was copied. Ask for a new code.",
  },
  "wrong-number": {
    dead: true,
    message: () =>
      "That isn't the number the other device shows, so this sign-in was cancelled. If it was you, start again on that device.",
  },
  "malformed-number": {
    dead: false,
    message: () => "Type the 3-digit number shown on the device where you asked to sign in, then approve.",
  },
  "no-account": { dead: true, message: () => "There is no account for this email address." },
  "email-locked": {
    dead: false,
    message: () =>
      "Too many wrong codes were tried for this email address, so codes are switched off for it. Sign in with the link in the email instead.",
  },
  "email-failed": { dead: false, message: () => "We couldn't send the email just now. Please try again in a minute." },
  unavailable: { dead: false, message: () => "Sign-in is unavailable right now. Please try again in a minute." },
  "same-address": { dead: false, message: () => "That is already your email address." },
  "unavailable-address": { dead: true, message: () => "That email address can't be used. Choose another one." },
  "not-signed-in": { dead: true, message: () => "Sign in first, then try again." },
  "passkey-cancelled": { dead: false, message: () => "The passkey prompt was closed. Try again, or sign in with an email code." },
  "passkey-unknown": {
    dead: false,
    guess: true,
    message: () => "This passkey isn't registered here (it may have been removed from its account). Sign in with an email code.",
  },
  "passkey-account-deleted": {
    dead: false,
    guess: true,
    message: () => "The account this passkey belonged to was deleted. You can remove the passkey from your device.",
  },
  "passkey-other-account": { dead: false, guess: true, message: () => "That passkey belongs to another account. Use a passkey of this account." },
  "passkey-failed": {
    dead: false,
    guess: true,
    message: () => "That passkey sign-in didn't work. Try again, or sign in with an email code.",
  },
  "passkey-limited": {
    dead: false,
    message: () => "Too many failed passkey attempts for this account. Sign in with an email code, or try again later.",
  },
  "step-up-required": { dead: false, message: () => "Confirm it's you first: we'll send a code to your account's current address." },
  cooldown: {
    dead: false,
    message: (f) => `You can ask for a new code in ${"retryAfterSeconds" in f ? f.retryAfterSeconds : 30} seconds.`,
  },
  "email-limited": {
    dead: false,
    message: (f, c) =>
      c === "request"
        ? `Too many codes were sent to this email address. Try again in ${wait(f)}.`
        : c === "link"
          ? "Too many wrong codes were tried for this sign-in. Wait a while, then ask for a new code."
          : `Too many wrong codes were tried for this email address. Try again in ${wait(f)}.`,
  },
  "ip-limited": {
    dead: false,
    message: (f, c) =>
      c === "request"
        ? `Too many sign-in emails were requested from your network. Try again in ${wait(f)}.`
        : `Too many wrong codes were tried from your network. Try again in ${wait(f)}.`,
  },
};

export function failureMessage(failure: Failure, context: FailureContext): string {
  return CATALOGUE[failure.reason].message(failure, context);
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
  extra: Pick<FormState, "errors" | "fields"> = {},
): FormState {
  return { tone: "error", message: failureMessage(failure, context), dead: isDeadFailure(failure), ...extra };
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
