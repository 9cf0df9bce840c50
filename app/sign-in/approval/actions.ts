"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { readBrowserHash } from "@/lib/auth/browser";
import { readApprovalStatus } from "@/lib/auth/approval";
import { readField, type FormState } from "@/lib/form-state";
import { challengeIdOrEmpty } from "@/lib/ids";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { verifyPath } from "@/app/sign-in/paths";
import { failureMessage } from "@/app/sign-in/verify/messages";
import { finishApprovedSignIn } from "@/app/sign-in/finish";

/**
 * "I approved it, continue" on the code page (the poller presses it by
 * itself once approved): finishes the sign-in in this browser with its own
 * cookie. Nothing is consumed unless the challenge was approved.
 */
export async function finishApprovedAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const challengeId = challengeIdOrEmpty(readField(formData, "challengeId", 64));
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const browserHash = await readBrowserHash();
  const { status, email } = browserHash
    ? await readApprovalStatus(challengeId, browserHash)
    : { status: "missing" as const, email: null };

  if (status === "waiting") return { tone: "error", message: failureMessage("not-approved").message };
  // Dead, used or not this browser's: the code page says which and offers a new code.
  if (status !== "approved" || !email) redirect(verifyPath(callbackUrl));

  const refused = await finishApprovedSignIn({ challengeId, email, callbackUrl });
  if (refused.reason !== "not-approved" && failureMessage(refused.reason).dead) redirect(verifyPath(callbackUrl));
  return { tone: "error", message: failureMessage(refused.reason, refused.attemptsLeft).message };
}
