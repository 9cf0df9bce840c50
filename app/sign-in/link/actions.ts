"use server";

import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { safeCallbackUrl } from "@/lib/redirect";
import { appOrigin } from "@/lib/request-info";
import { readBrowserHash, ensureBrowserHash } from "@/lib/auth/browser";
import { approveLinkChallenge, approveLinkChallengeWithNumber, denyLinkChallenge, findLinkChallenge } from "@/lib/auth/link";
import { requestSignInCode } from "@/lib/auth/sign-in";
import { config } from "@/lib/config";
import { readField, type FormState } from "@/lib/form-state";
import { readRequestInfo } from "@/lib/request-info";
import { verifyPath } from "@/app/sign-in/paths";
import { completeSignIn, currentUser, mustConfirmSwitch, switchPath } from "@/app/sign-in/finish";
import { linkFailure } from "@/app/sign-in/link/messages";
import { requestRefusalMessage } from "@/app/sign-in/request-messages";
import { guardLinkStep } from "@/lib/auth/limits";
import { recordEvent } from "@/lib/activity";

/**
 * The link page's buttons. The page's GET only reads; each of these is a POST
 * (a server action, so Next checks its Origin) and acts once.
 */

/** "Sign in": the link opened in the browser that asked for it. */
export async function signInWithLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = readField(formData, "token", 64);
  const browserHash = await readBrowserHash();
  const found = await guardLinkStep((await readRequestInfo()).ip, () => findLinkChallenge(token, browserHash));
  if (!found.ok) return { tone: "error", message: linkFailure(found.reason), dead: found.reason === "invalid" };
  const { link } = found;
  if (link.state !== "live" && link.state !== "approved") return { tone: "error", message: linkFailure(link.state), dead: true };
  if (!link.sameBrowser) {
    return { tone: "error", message: "This link was opened in another browser than the one that asked. Reload the page to approve it." };
  }

  const callbackUrl = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  const current = await currentUser();
  if (mustConfirmSwitch(current, link.email)) {
    // Nothing is consumed until the person confirms the switch.
    const approved = await approveLinkChallenge(token);
    if (!approved.ok && approved.reason !== "approved") return { tone: "error", message: linkFailure(approved.reason), dead: true };
    redirect(switchPath(link.id, callbackUrl));
  }
  const refused = await completeSignIn({
    challengeId: link.id,
    callbackUrl,
    credentials: { linkToken: token },
    replaceSession: Boolean(current),
  });
  return { tone: "error", message: linkFailure(refused.reason), dead: true };
}

/** "Approve sign-in" on another device: the asking page finishes by itself. */
export async function approveLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = readField(formData, "token", 64);
  const chosen = readField(formData, "number", 8);
  if (!chosen) {
    return { tone: "error", message: "Choose the number the other device shows, then approve." };
  }
  const info = await readRequestInfo();
  const result = await guardLinkStep(info.ip, () => approveLinkChallengeWithNumber(token, chosen));
  if (!result.ok && result.reason === "wrong-number") {
    return {
      tone: "error",
      message: "That isn't the number the other device shows, so this sign-in was cancelled. If it was you, start again on that device.",
      dead: true,
    };
  }
  if (result.ok) {
    await recordEvent({ type: "link-approved", challengeId: result.challengeId, ip: info.ip, userAgent: info.userAgent });
  }
  if (result.ok || result.reason === "approved") {
    return {
      tone: "info",
      message: "Approved. The device that asked is signing in now — you can close this page. This device stays signed out.",
    };
  }
  return { tone: "error", message: linkFailure(result.reason), dead: true };
}

/** "Deny": kills the challenge; the asking page shows it on its next poll. */
export async function denyLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = readField(formData, "token", 64);
  const info = await readRequestInfo();
  const result = await guardLinkStep(info.ip, () => denyLinkChallenge(token));
  if (result.ok) {
    await recordEvent({ type: "link-denied", challengeId: result.challengeId, ip: info.ip, userAgent: info.userAgent });
  }
  if (result.ok || result.reason === "denied") {
    return {
      tone: "info",
      message: "Denied. The device that asked can't sign in with this email. If you didn't ask for it, you can ignore the email.",
      dead: true,
    };
  }
  return { tone: "error", message: linkFailure(result.reason), dead: true };
}

/**
 * "Sign in on this device instead" / "Send me a new code": a new flow bound
 * to *this* browser, for the email the link belongs to (read from the
 * database: the page never holds the full address). The old challenge is
 * untouched; only this browser's own earlier ones are superseded.
 */
export async function startHereAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const token = readField(formData, "token", 64);
  const found = await guardLinkStep((await readRequestInfo()).ip, () => findLinkChallenge(token, null));
  if (!found.ok && found.reason !== "invalid") return { tone: "error", message: linkFailure(found.reason) };
  if (!found.ok) redirect("/sign-in");
  const result = await requestSignInCode({
    email: found.link.email,
    browserHash: await ensureBrowserHash(),
    request: await readRequestInfo(),
  });
  // Within the resend cooldown this browser's code page shows the code already sent.
  if (!result.ok && result.reason !== "cooldown") return { tone: "error", message: requestRefusalMessage(result) };
  redirect(verifyPath(config.defaultRedirect, result.ok ? "sent" : undefined));
}
