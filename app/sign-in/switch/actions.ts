"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { signInApproved } from "@/lib/auth/sign-in";
import { refusalState } from "@/lib/auth/failures";
import { readField, type FormState } from "@/lib/form-state";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { requestLocale } from "@/lib/i18n/request-locale";

/**
 * "Sign out and continue": ends the current session (server-side too) and
 * consumes the challenge that this browser already proved (code or link) but
 * held back for this confirmation. A dead challenge is refused before anyone
 * is signed out.
 */
export async function confirmSwitchAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const outcome = await signInApproved({ challengeId: readField(formData, "challengeId", 64), callbackUrl, confirmed: true });
  if (outcome.ok) redirect(outcome.redirectTo);
  return { ...refusalState(outcome.failure, "code", await requestLocale()), dead: true };
}

/** "Cancel": nothing changes; the held-back challenge simply expires. */
export async function cancelSwitchAction(_prev: FormState, formData: FormData): Promise<FormState> {
  redirect(safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers())));
}
