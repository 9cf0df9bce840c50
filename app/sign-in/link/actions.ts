"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { safeCallbackUrl } from "@/lib/redirect";
import { appOrigin, readRequestInfo } from "@/lib/request-info";
import { approveLink, denyLink, findLinkAddress, isLinkToken, requestLinkApproval } from "@/lib/auth/link";
import { requestSignInCode, signInWithLink } from "@/lib/auth/sign-in";
import { isDeadFailure, refusalState } from "@/lib/auth/failures";
import { readField, type FormState } from "@/lib/form-state";
import { verifyPath } from "@/app/sign-in/paths";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translator } from "@/lib/i18n/translate";

/**
 * The link page's buttons. The page's GET only reads; each of these is a POST
 * (a server action, so Next checks its Origin) and acts once.
 */

/** "Sign in": the link opened in the browser that asked for it. */
export async function signInWithLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const outcome = await signInWithLink({ token: readField(formData, "token", 64), callbackUrl });
  if (outcome.ok) redirect(outcome.redirectTo);
  return outcome.failure.reason === "other-browser" ? refusalState(outcome.failure, "link", await requestLocale()) : { ...refusalState(outcome.failure, "link", await requestLocale()), dead: true };
}

/**
 * "Continue" on another device: asks to approve, so the asking page shows
 * its matching number; then this page (read again) asks for that number.
 * Post/redirect/get: a reload does not post again, with or without JS.
 */
export async function requestApprovalAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = readField(formData, "token", 64);
  const result = await requestLinkApproval(token, await readRequestInfo());
  if (!result.ok && result.failure.reason === "invalid-link") redirect("/sign-in");
  // A dead link: the page says why when it is read again.
  if (result.ok || isDeadFailure(result.failure)) redirect(`/sign-in/link?${new URLSearchParams({ token: isLinkToken(token) ? token : "" })}`);
  return refusalState(result.failure, "link", await requestLocale());
}

/** "Approve sign-in" on another device: the asking page finishes by itself. */
export async function approveLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const result = await approveLink(readField(formData, "token", 64), readField(formData, "number", 16), await readRequestInfo());
  if (!result.ok) return refusalState(result.failure, "link", await requestLocale());
  return { tone: "info", message: translator(await requestLocale(), "link")("otherDevice.approved") };
}

/** "Deny": kills the challenge; the asking page shows it on its next poll. */
export async function denyLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const result = await denyLink(readField(formData, "token", 64), await readRequestInfo());
  if (!result.ok) return { ...refusalState(result.failure, "link", await requestLocale()), dead: true };
  return { tone: "info", message: translator(await requestLocale(), "link")("otherDevice.denied"), dead: true };
}

/**
 * "Sign in on this device instead" / "Send me a new code": a new flow bound
 * to *this* browser, for the email the link belongs to (read from the
 * database: the page never holds the full address). The old challenge is
 * untouched; only this browser's own earlier ones are superseded.
 */
export async function startHereAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const found = await findLinkAddress(readField(formData, "token", 64), (await readRequestInfo()).ip);
  if (!found.ok && found.failure.reason === "invalid-link") redirect("/sign-in");
  if (!found.ok) return refusalState(found.failure, "link", await requestLocale());
  // Checked again here: the hidden field is whatever the post says.
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const result = await requestSignInCode({ email: found.email, callbackUrl, locale: await requestLocale() });
  // Within the resend cooldown this browser's code page shows the code already sent.
  if (!result.ok && result.failure.reason !== "cooldown") return refusalState(result.failure, "request", await requestLocale());
  redirect(verifyPath(callbackUrl));
}
