"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { parseEmail } from "@/lib/auth/email-address";
import { ensureBrowserHash } from "@/lib/auth/browser";
import { requestSignInCode } from "@/lib/auth/sign-in";
import { readField, type FormState } from "@/lib/form-state";
import { appOrigin, readRequestInfo } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { verifyPath } from "@/app/sign-in/paths";
import { requestRefusalMessage } from "@/app/sign-in/request-messages";

/** Email form → a challenge and its email → the code form. */
export async function requestCodeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const rawEmail = readField(formData, "email", 1024);
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const parsed = parseEmail(rawEmail);
  if (!parsed.ok) {
    return { tone: "error", message: parsed.message, errors: { email: parsed.message }, fields: { email: rawEmail.slice(0, 320) } };
  }

  const result = await requestSignInCode({
    email: parsed.email,
    browserHash: await ensureBrowserHash(),
    request: await readRequestInfo(),
    callbackUrl,
  });
  if (!result.ok && result.reason !== "cooldown") {
    return { tone: "error", message: requestRefusalMessage(result), fields: { email: rawEmail.slice(0, 320) } };
  }
  // A repeat within the cooldown lands on the code form of the code already sent.
  redirect(verifyPath(callbackUrl, result.ok ? "sent" : undefined));
}
