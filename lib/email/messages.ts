import "server-only";
import { config } from "@/lib/config";
import { formatCode } from "@/lib/auth/code";
import { composeSignInEmail } from "@/lib/email/sign-in-email";
import { composeNoticeEmail } from "@/lib/email/notice-email";
import { sendEmail, type EmailMessage } from "@/lib/email/send";
import { logError } from "@/lib/log";

/** Every email the app sends, as data. */
export type EmailContent =
  | {
      kind: "code";
      purpose: "sign-in" | "change-email" | "delete-account";
      to: string;
      code: string;
      linkUrl?: string;
      expiresAt: Date;
      requestedFrom: string;
    }
  | { kind: "no-account"; to: string }
  | { kind: "address-taken"; to: string }
  | { kind: "email-changed"; to: string; newAddress: string };

export async function composeEmail(content: EmailContent): Promise<EmailMessage> {
  const minutes = "expiresAt" in content ? Math.max(1, Math.round((content.expiresAt.getTime() - Date.now()) / 60_000)) : 0;
  switch (content.kind) {
    case "code":
      if (content.purpose === "sign-in") {
        return composeSignInEmail({ to: content.to, code: content.code, linkUrl: content.linkUrl ?? "", expiresAt: content.expiresAt, requestedFrom: content.requestedFrom });
      }
      return content.purpose === "change-email"
        ? composeNoticeEmail(content.to, `${formatCode(content.code)} is your ${config.appName} code to confirm this email address`, {
            heading: "Confirm your new email address",
            paragraphs: ["Enter this code in the browser where you asked to change your account's email address:"],
            code: formatCode(content.code),
            expiresInMinutes: minutes,
            footer: "Didn't ask for this? Ignore this email: nothing changes without the code.",
          })
        : composeNoticeEmail(content.to, `${formatCode(content.code)} is your ${config.appName} code to delete your account`, {
            heading: "Confirm deleting your account",
            paragraphs: ["Enter this code to permanently delete your account and everything in it:"],
            code: formatCode(content.code),
            expiresInMinutes: minutes,
            footer: "Didn't ask for this? Ignore this email and sign out of devices you don't recognise.",
          });
    case "no-account":
      return composeNoticeEmail(content.to, `Sign-in attempt on ${config.appName}`, {
        heading: "There's no account for this address",
        paragraphs: [
          `Someone — hopefully you — asked to sign in to ${config.appName} with this email address, but it has no account, and new sign-ups are closed.`,
          "If you expected to have an account, you may have used another address. Otherwise you can ignore this email.",
        ],
      });
    case "address-taken":
      return composeNoticeEmail(content.to, `Someone tried to use this address on ${config.appName}`, {
        heading: "This address is already in use",
        paragraphs: [
          `Someone asked to move another ${config.appName} account to this email address. It already belongs to an account, so nothing was changed.`,
          "If that was you, sign in with this address instead. Otherwise you can ignore this email.",
        ],
      });
    case "email-changed":
      return composeNoticeEmail(content.to, `Your ${config.appName} email address was changed`, {
        heading: "Your email address was changed",
        paragraphs: [
          `The email address of your ${config.appName} account was changed to ${content.newAddress}. Sign-in codes now go there.`,
          "If this wasn't you, contact support right away: someone may have access to your account.",
        ],
      });
  }
}

/** Compose and send a notice whose failure must not undo what it tells about: logged, not returned. */
export async function sendComposed(content: EmailContent, onFailure: string): Promise<void> {
  const sent = await sendEmail(await composeEmail(content));
  if (!sent.ok) logError(onFailure);
}
