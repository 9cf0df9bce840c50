"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { resendSignInCode, signInWithCode } from "@/lib/auth/sign-in";
import { isChallengeOver, refusalState } from "@/lib/auth/failures";
import { readField, type FormState } from "@/lib/form-state";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { signInPath, verifyPath } from "@/app/sign-in/paths";
import { requestLocale } from "@/lib/i18n/request-locale";

/** Code form → lib/auth/sign-in.ts → Auth.js `signIn("magic-code")`, which proves and finishes. */
export async function verifyCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const rawCode = readField(formData, "code", 64);
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const outcome = await signInWithCode({ challengeId: readField(formData, "challengeId", 64), code: rawCode, callbackUrl });
  if (outcome.ok) redirect(outcome.redirectTo);
  // No browser cookie (cookies cleared): this code page can never work again.
  // The email form says why, instead of the code page silently bouncing there (issue 14.8).
  if (outcome.failure.reason === "missing-browser") redirect(signInPath(callbackUrl, { notice: "missing-browser" }));
  // A challenge that can never succeed: the page reads its state and offers a
  // new code, the same after a reload, with or without JS. Used by this very
  // browser (its link in another tab) and signed in: the page goes on to
  // `callbackUrl` (issue 14.1).
  if (isChallengeOver(outcome.failure)) {
    redirect(verifyPath(callbackUrl, outcome.failure.reason === "superseded" ? "superseded" : undefined));
  }
  const state = refusalState(outcome.failure, "code", await requestLocale(), { fields: { code: rawCode } });
  return { ...state, errors: { code: state.message } };
}

/** "Resend code" / "Send a new code": same email, this browser, fresh challenge. */
export async function resendCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const result = await resendSignInCode({ callbackUrl, locale: await requestLocale() });
  // No sign-in of this browser to resend (cookies cleared): the email form says so.
  if (!result.ok && result.failure.reason === "missing") redirect(signInPath(callbackUrl, { notice: "missing-browser" }));
  if (!result.ok) return refusalState(result.failure, "request", await requestLocale());
  redirect(verifyPath(callbackUrl, "resent"));
}
