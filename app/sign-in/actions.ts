"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { parseEmail } from "@/lib/auth/email-address";
import { requestSignInCode } from "@/lib/auth/sign-in";
import { refusalState } from "@/lib/auth/failures";
import { readField, type FormState } from "@/lib/form-state";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { verifyPath } from "@/app/sign-in/paths";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translator } from "@/lib/i18n/translate";

/** Email form → a challenge and its email → the code form. */
export async function requestCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const rawEmail = readField(formData, "email", 1024);
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const fields = { email: rawEmail.slice(0, 320) };
  const parsed = parseEmail(rawEmail);
  if (!parsed.ok) {
    // A problem with the field is said once, under the field (issue 14.4).
    const message = translator(await requestLocale(), "signIn")(`email.${parsed.reason}`);
    return { tone: "error", errors: { email: message }, fields };
  }

  const result = await requestSignInCode({ email: parsed.email, callbackUrl, locale: await requestLocale() });
  // A repeat within the cooldown lands on the code form of the code already sent.
  if (!result.ok && result.failure.reason !== "cooldown") return refusalState(result.failure, "request", await requestLocale(), { fields });
  // The code page's heading already says an email was sent: no "sent" banner on top of it.
  redirect(verifyPath(callbackUrl));
}
