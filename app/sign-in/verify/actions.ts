"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { signIn, MagicCodeError } from "@/auth";
import { ensureBrowserHash, readBrowserHash } from "@/lib/auth/browser";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { normalizeCode } from "@/lib/auth/code";
import { requestSignInCode } from "@/lib/auth/sign-in";
import { config } from "@/lib/config";
import { readField, type FormState } from "@/lib/form-state";
import { recordEvent } from "@/lib/activity";
import { challengeIdOrEmpty } from "@/lib/ids";
import { appOrigin, readRequestInfo } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { signInPath, verifyPath } from "@/app/sign-in/paths";
import { failureMessage } from "@/app/sign-in/verify/messages";
import { requestRefusalMessage } from "@/app/sign-in/request-messages";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { currentUser, finishCodeWhileSignedIn } from "@/app/sign-in/finish";

/** Code form → Auth.js `signIn("magic-code")`, which checks and consumes. */
export async function verifyCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const rawCode = readField(formData, "code", 64);
  const challengeId = challengeIdOrEmpty(readField(formData, "challengeId", 64));
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));

  // A malformed code is a typo, not a guess: it costs no attempt.
  const code = normalizeCode(rawCode);
  if (!code) {
    const message = rawCode.trim()
      ? `Codes are ${config.code.length} characters, like ${config.code.mode === "digits" ? "123 456" : "ABC-123"}. Check the email and try again.`
      : "Enter the code from the email.";
    return { tone: "error", message, errors: { code: message }, fields: { code: rawCode } };
  }

  let refused: ReturnType<typeof parseFailure> | undefined;
  try {
    // Someone already signed in here: check first, then confirm or switch (F3).
    const signedIn = await currentUser();
    if (signedIn) await finishCodeWhileSignedIn({ challengeId, code, callbackUrl, current: signedIn });
    else await signIn("magic-code", { challengeId, code, redirectTo: callbackUrl });
  } catch (error) {
    if (!(error instanceof AuthError && error.type === "CredentialsSignin")) throw error; // incl. redirect() on success
    const failure = parseFailure(error);
    refused = failure;
    if (failure.reason === "wrong-code" || failure.reason === "locked") {
      const info = await readRequestInfo();
      await recordEvent({ type: "sign-in-failed", challengeId, ip: info.ip, userAgent: info.userAgent });
    }
  }
  if (refused && DEAD_ON_PAGE.has(refused.reason)) {
    // The page reads the challenge's state and offers a new code; a reload
    // shows the same, with or without JS.
    redirect(verifyPath(callbackUrl, refused.reason === "superseded" ? "superseded" : undefined));
  }
  const { message } = failureMessage(refused?.reason ?? "missing", refused?.attemptsLeft);
  return { tone: "error", message, errors: { code: message }, fields: { code: rawCode } };
}

/** Failures after which this challenge can never succeed: shown by the page itself. */
const DEAD_ON_PAGE = new Set<string>(["locked", "expired", "used", "superseded", "denied"]);

function parseFailure(error: AuthError): { reason: MagicCodeError["reason"]; attemptsLeft?: number } {
  if (error instanceof MagicCodeError) return { reason: error.reason, attemptsLeft: error.attemptsLeft };
  const [reason, left] = String((error as { code?: string }).code ?? "missing").split(":");
  return { reason: reason as MagicCodeError["reason"], attemptsLeft: left ? Number(left) : undefined };
}

/** "Resend code" / "Send a new code": same email, this browser, fresh challenge. */
export async function resendCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const browserHash = await readBrowserHash();
  const pending = browserHash ? await orUnavailable(findPendingChallenge(browserHash, "sign-in"), "resend") : null;
  if (pending === UNAVAILABLE) return { tone: "error", message: requestRefusalMessage({ ok: false, reason: "unavailable" }) };
  if (!pending) redirect(signInPath(callbackUrl));

  const result = await requestSignInCode({
    email: pending.email,
    browserHash: await ensureBrowserHash(),
    request: await readRequestInfo(),
    callbackUrl,
  });
  if (!result.ok) return { tone: "error", message: requestRefusalMessage(result) };
  redirect(verifyPath(callbackUrl, "resent"));
}
