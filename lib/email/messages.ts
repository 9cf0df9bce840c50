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
      purpose: "sign-in" | "change-email" | "delete-account" | "reauthenticate";
      to: string;
      code: string;
      linkUrl?: string;
      expiresAt: Date;
      requestedFrom: string;
    }
  | { kind: "no-account"; to: string }
  | { kind: "address-taken"; to: string }
  /** To the OLD address; `undoUrl` puts it back and signs every device out (ASVS 5.0 §7.5.1). */
  | { kind: "email-changed"; to: string; newAddress: string; undoUrl?: string; undoExpiresAt?: Date };

export async function composeEmail(content: EmailContent): Promise<EmailMessage> {
  const minutes = "expiresAt" in content ? Math.max(1, Math.round((content.expiresAt.getTime() - Date.now()) / 60_000)) : 0;
  switch (content.kind) {
    case "code":
      if (content.purpose === "sign-in") {
        return composeSignInEmail({ to: content.to, code: content.code, linkUrl: content.linkUrl ?? "", expiresAt: content.expiresAt, requestedFrom: content.requestedFrom });
      }
      if (content.purpose === "reauthenticate") {
        return composeNoticeEmail(content.to, `${formatCode(content.code)} is your ${config.appName} code to confirm it's you`, {
          heading: "Confirm it's you",
          paragraphs: [
            "Someone signed in to your account — hopefully you — wants to change a security setting, such as its email address. Enter this code in that browser to confirm it's you:",
          ],
          code: formatCode(content.code),
          expiresInMinutes: minutes,
          footer:
            "Didn't ask for this? Don't share the code with anyone: someone may have access to one of your signed-in devices. Sign out of devices you don't recognise on your account page.",
        });
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
    case "email-changed": {
      const days = content.undoExpiresAt ? Math.max(1, Math.round((content.undoExpiresAt.getTime() - Date.now()) / 86_400_000)) : 0;
      return composeNoticeEmail(content.to, `Your ${config.appName} email address was changed`, {
        heading: "Your email address was changed",
        paragraphs: [
          `The email address of your ${config.appName} account was changed to ${content.newAddress}. Sign-in codes now go there.`,
          content.undoUrl
            ? `If this wasn't you, use the button below within ${days} ${days === 1 ? "day" : "days"}: it puts this address back and signs every device out of the account. It works once.`
            : "If this wasn't you, contact support right away: someone may have access to your account.",
        ],
        action: content.undoUrl ? { label: "This wasn't me: restore my address", url: content.undoUrl } : undefined,
      });
    }
  }
}

/** Compose and send a notice whose failure must not undo what it tells about: logged, not returned. */
export async function sendComposed(content: EmailContent, onFailure: string): Promise<void> {
  const sent = await sendEmail(await composeEmail(content));
  if (!sent.ok) logError(onFailure);
}
