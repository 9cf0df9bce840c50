"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { signInApproved } from "@/lib/auth/sign-in";
import { isDeadFailure, refusalState } from "@/lib/auth/failures";
import { readField, type FormState } from "@/lib/form-state";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { verifyPath } from "@/app/sign-in/paths";
import { requestLocale } from "@/lib/i18n/request-locale";

/**
 * "I approved it, continue" on the code page (the poller presses it by
 * itself once approved): finishes the sign-in in this browser with its own
 * cookie. Nothing is consumed unless the challenge was approved.
 */
export async function finishApprovedAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const outcome = await signInApproved({ challengeId: readField(formData, "challengeId", 64), callbackUrl, confirmed: false });
  if (outcome.ok) redirect(outcome.redirectTo);
  // Dead, used or not this browser's: the code page says which and offers a new code.
  if (isDeadFailure(outcome.failure)) redirect(verifyPath(callbackUrl));
  return refusalState(outcome.failure, "code", await requestLocale());
}
