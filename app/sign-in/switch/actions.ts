"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { readBrowserHash } from "@/lib/auth/browser";
import { readApprovalStatus } from "@/lib/auth/approval";
import { readField, type FormState } from "@/lib/form-state";
import { challengeIdOrEmpty } from "@/lib/ids";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { completeSignIn, currentUser } from "@/app/sign-in/finish";
import { failureMessage } from "@/app/sign-in/verify/messages";

/**
 * "Sign out and continue": ends the current session (server-side too) and
 * consumes the challenge that this browser already proved (code or link) but
 * held back for this confirmation.
 */
export async function confirmSwitchAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const challengeId = challengeIdOrEmpty(readField(formData, "challengeId", 64));
  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const browserHash = await readBrowserHash();
  const { status } = browserHash ? await readApprovalStatus(challengeId, browserHash) : { status: "missing" as const };
  if (status !== "approved") {
    // Checked before signing anyone out: a dead challenge must not cost the current session.
    const reason = status === "waiting" ? "not-approved" : status;
    return { tone: "error", message: failureMessage(reason).message, dead: true };
  }
  const refused = await completeSignIn({
    challengeId,
    callbackUrl,
    credentials: { approved: "1" },
    replaceSession: Boolean(await currentUser()),
  });
  return { tone: "error", message: failureMessage(refused.reason, refused.attemptsLeft).message, dead: true };
}

/** "Cancel": nothing changes; the held-back challenge simply expires. */
export async function cancelSwitchAction(_prev: FormState, formData: FormData): Promise<FormState> {
  redirect(safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers())));
}
