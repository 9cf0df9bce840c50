import "server-only";
import { cookies } from "next/headers";
import type { Session } from "next-auth";
import { auth, signIn, signOut } from "@/auth";
import { config } from "@/lib/config";
import { ensureBrowserHash, readBrowserHash, refreshBrowserCookie } from "@/lib/auth/browser";
import { normalizeCode } from "@/lib/auth/code";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { findLinkChallenge, approveLinkChallenge } from "@/lib/auth/link";
import { guardLinkStep } from "@/lib/auth/limits";
import { holdProofForConfirmation, readApprovalStatus, type ApprovalStatus } from "@/lib/auth/proof";
import { proveStep, startChallenge, type StartResult } from "@/lib/auth/pipeline";
import { userSwitchPolicy } from "@/lib/auth/policy";
import { failureOfAuthError, isRefusedSignIn } from "@/lib/auth/authjs-failure";
import type { Failure } from "@/lib/auth/failures";
import { readRequestInfo } from "@/lib/request-info";
import { logError } from "@/lib/log";
import { markPasskeyOfferDue } from "@/lib/auth/passkey-offer";
import type { Locale } from "@/lib/i18n/locales";

/**
 * Sign-in as the pages drive it: each function reads this browser's cookie
 * and request, runs the pipeline (lib/auth/pipeline.ts) and, to finish,
 * hands the evidence to Auth.js `signIn("magic-code")`, whose authorize()
 * (auth.ts) proves and finishes it through the same pipeline. Outcomes are
 * values: where to go next, or a failure from the catalogue.
 *
 * User switch (F3): when this browser holds A's session and the proof is for
 * B, `userSwitchPolicy()` decides. "confirm" holds the proof as an approval
 * for this browser (nothing consumed, no secret leaves the server) and sends
 * the person to /sign-in/switch; "switch" signs A out and B in.
 */
export type SignInOutcome = { ok: true; redirectTo: string } | { ok: false; failure: Failure };

type SignedInUser = Session["user"];

const refuse = (failure: Failure): SignInOutcome => ({ ok: false, failure });

/** The signed-in user of this browser, if any. */
export async function currentUser(): Promise<SignedInUser | null> {
  // No session cookie, no session: skip Auth.js's decode and the session check
  // on the common path (a signed-out browser signing in).
  const jar = await cookies();
  if (!jar.getAll().some((c) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(c.name))) return null;
  return (await auth())?.user ?? null;
}

/**
 * What the code page polls for (GET /sign-in/verify/status), in one answer:
 * - `status`: this browser's own challenge, "waiting" while live and not yet
 *   approved, else approved, used, superseded, denied, expired, locked or
 *   missing (another browser's challenge, or none, is "missing");
 * - `requested`: the link's holder on another device asked to approve, so
 *   the page shows its matching number from now on (decision 0042);
 * - `signedIn`: the challenge was used by this browser (its emailed link,
 *   opened in another tab) and the session here is for that address, so the
 *   page goes on instead of saying "already used" (issue 14.1).
 */
export type CodePageStatus = { status: ApprovalStatus; requested: boolean; signedIn: boolean };

/**
 * Says nothing to any other browser (the cookie must match) and never names
 * the address. One primary-key read per poll: the session is looked at only
 * once the challenge is used, the one state in which it can matter.
 */
export async function readCodePageStatus(challengeId: string): Promise<CodePageStatus> {
  const browserHash = await readBrowserHash();
  if (!browserHash) return { status: "missing", requested: false, signedIn: false };
  const { status, email, requested } = await readApprovalStatus(challengeId, browserHash);
  const signedIn = status === "used" && email !== null && (await currentUser())?.email === email;
  return { status, requested, signedIn };
}

/**
 * Step one: the email form (and "Resend code", "Sign in on this device instead").
 * `locale`: the asking browser's (requestLocale()); the email is written in it.
 */
export async function requestSignInCode(input: { email: string; callbackUrl?: string; locale: Locale }): Promise<StartResult> {
  return startChallenge("sign-in", {
    address: input.email,
    user: null,
    browserHash: await ensureBrowserHash(),
    request: await readRequestInfo(),
    callbackUrl: input.callbackUrl,
    locale: input.locale,
  });
}

/**
 * "Resend code": the same address as this browser's latest sign-in, a fresh
 * challenge, in the language this browser reads now (not the one stored with
 * the earlier challenge: the same browser asks, and if its reader switched
 * language since, the new email follows; decision 0039).
 */
export async function resendSignInCode(input: { callbackUrl: string; locale: Locale }): Promise<StartResult | { ok: false; failure: { reason: "missing" } }> {
  const browserHash = await readBrowserHash();
  let pending;
  try {
    pending = browserHash ? await findPendingChallenge(browserHash, "sign-in") : null;
  } catch (error) {
    logError("resend failed: database unavailable", error);
    return { ok: false, failure: { reason: "unavailable" } };
  }
  if (!pending) return { ok: false, failure: { reason: "missing" } };
  return requestSignInCode({ email: pending.email, callbackUrl: input.callbackUrl, locale: input.locale });
}

/** The code form. */
export async function signInWithCode(input: { challengeId: string; code: string; callbackUrl: string }): Promise<SignInOutcome> {
  // A malformed code is a typo, not a guess: it costs no attempt.
  const code = normalizeCode(input.code);
  if (!code) return refuse({ reason: input.code.trim() ? "malformed-code" : "invalid-input" });
  const current = await currentUser();
  if (!current) return finishWithAuthjs({ challengeId: input.challengeId, proof: "code", code }, input.callbackUrl, false);

  // Someone is signed in here: prove first (the attempt counts), hold the
  // proof as this browser's approval, then confirm or switch.
  const proved = await proveStep(
    { kind: "code", challengeId: input.challengeId, code },
    { browserHash: await readBrowserHash(), purpose: "sign-in", request: await readRequestInfo() },
  );
  if (!proved.ok) return proved;
  if (!(await holdProofForConfirmation(proved.proof))) return refuse({ reason: "used" });
  return continueHeld(proved.proof.challengeId, proved.proof.email, input.callbackUrl, current);
}

/** "Sign in" on the link page, in the browser that asked. */
export async function signInWithLink(input: { token: string; callbackUrl: string }): Promise<SignInOutcome> {
  const browserHash = await readBrowserHash();
  const found = await guardLinkStep((await readRequestInfo()).ip, () => findLinkChallenge(input.token, browserHash));
  if (!found.ok) return refuse(found.reason === "invalid" ? { reason: "invalid-link" } : "retryAfterSeconds" in found ? found : { reason: found.reason });
  const { link } = found;
  if (link.state !== "live" && link.state !== "approved") return refuse({ reason: link.state });
  if (!link.sameBrowser) return refuse({ reason: "other-browser" });

  const current = await currentUser();
  if (mustConfirmSwitch(current, link.email)) {
    // Nothing is consumed until the person confirms the switch.
    const held = await approveLinkChallenge(input.token);
    if (!held.ok && held.reason !== "approved") return refuse(held.reason === "invalid" ? { reason: "invalid-link" } : { reason: held.reason });
    return { ok: true, redirectTo: switchPath(link.id, input.callbackUrl) };
  }
  return finishWithAuthjs({ challengeId: link.id, proof: "link", linkToken: input.token }, input.callbackUrl, Boolean(current));
}

/**
 * A challenge approved for this browser: by the link on another device (the
 * code page's poller, or its no-JS "continue" button), or held for a user
 * switch that the person now confirms (`confirmed`).
 */
export async function signInApproved(input: { challengeId: string; callbackUrl: string; confirmed: boolean }): Promise<SignInOutcome> {
  const browserHash = await readBrowserHash();
  if (!browserHash) return refuse({ reason: "missing-browser" });
  let status;
  try {
    status = await readApprovalStatus(input.challengeId, browserHash);
  } catch (error) {
    logError("approval read failed: database unavailable", error);
    return refuse({ reason: "unavailable" });
  }
  if (status.status === "waiting") return refuse({ reason: "not-approved" });
  if (status.status !== "approved" || !status.email) return refuse({ reason: status.status === "approved" ? "missing" : status.status });
  const current = await currentUser();
  if (input.confirmed) return finishWithAuthjs({ challengeId: input.challengeId, proof: "approval" }, input.callbackUrl, Boolean(current));
  return continueHeld(input.challengeId, status.email, input.callbackUrl, current);
}

/** What a switch page shows: the held sign-in's address, or why there is none. */
export async function readHeldSignIn(challengeId: string): Promise<{ ok: true; email: string } | { ok: false; failure: Failure }> {
  const browserHash = await readBrowserHash();
  if (!browserHash) return refuse({ reason: "missing-browser" }) as { ok: false; failure: Failure };
  const { status, email } = await readApprovalStatus(challengeId, browserHash);
  if (status === "approved" && email) return { ok: true, email };
  return { ok: false, failure: { reason: status === "waiting" ? "not-approved" : status === "approved" ? "missing" : status } };
}

export function switchPath(challengeId: string, callbackUrl: string): string {
  const params = new URLSearchParams({ challengeId });
  if (callbackUrl !== config.defaultRedirect) params.set("callbackUrl", callbackUrl);
  return `/sign-in/switch?${params}`;
}

/** Another account is signed in here and the policy says to ask first. */
function mustConfirmSwitch(current: SignedInUser | null, email: string): current is SignedInUser {
  return Boolean(current) && userSwitchPolicy() === "confirm" && current!.email !== email;
}

function continueHeld(challengeId: string, email: string, callbackUrl: string, current: SignedInUser | null): Promise<SignInOutcome> {
  if (mustConfirmSwitch(current, email)) return Promise.resolve({ ok: true, redirectTo: switchPath(challengeId, callbackUrl) });
  return finishWithAuthjs({ challengeId, proof: "approval" }, callbackUrl, Boolean(current));
}

/**
 * The last step: Auth.js `signIn("magic-code")` with the evidence; its
 * authorize() proves and finishes through the pipeline and refuses with a
 * failure value. A session already here is ended first (server-side too), so
 * a switch never leaves A's session behind.
 */
async function finishWithAuthjs(
  credentials: { challengeId: string; proof: "code"; code: string } | { challengeId: string; proof: "link"; linkToken: string } | { challengeId: string; proof: "approval" },
  callbackUrl: string,
  replaceSession: boolean,
): Promise<SignInOutcome> {
  try {
    if (replaceSession) await signOut({ redirect: false });
    const redirectTo: string = await signIn("magic-code", { ...credentials, redirectTo: callbackUrl, redirect: false });
    // Signed in: this browser is known to the account from now (its row's
    // lastSignInAt), and its cookie lives as long as that row.
    await refreshBrowserCookie();
    await markPasskeyOfferDue();
    return { ok: true, redirectTo };
  } catch (error) {
    if (isRefusedSignIn(error)) return refuse(failureOfAuthError(error));
    throw error;
  }
}
