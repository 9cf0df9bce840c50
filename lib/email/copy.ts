import type { Purpose } from "@/lib/auth/purposes";

/**
 * Every word the app's emails say, in one place. The code email has one
 * entry per purpose (adding a purpose = adding an entry; the Record makes a
 * missing one a type error). Functions take the per-send values as strings:
 * they are called once with placeholder tokens when a template is compiled
 * (lib/email/compile.ts), so they may only place a value, never inspect it.
 */
export type CodePurpose = Purpose;

export type CodeEmailCopy = {
  subject(code: string, appName: string): string;
  /** The inbox preview line (hidden in the email body). */
  preview(code: string, appName: string): string;
  heading: string;
  intro: string;
  /** Sign-in only: the link, a second way in (other purposes finish where they started). */
  link?: { lead: string; label(appName: string): string };
  validity(minutes: string): string;
  /** Phishing guard: what to never do with this email. */
  warning(appName: string): string;
  footer: string;
};

export const codeEmailCopy: Record<CodePurpose, CodeEmailCopy> = {
  "sign-in": {
    subject: (code, app) => `${code} is your ${app} sign-in code`,
    preview: (code, app) => `Your ${app} sign-in code is ${code}`,
    heading: "Your sign-in code",
    intro: "Enter this code in the browser where you asked to sign in:",
    link: {
      // The link approves from another device too (docs/decisions/0006): never "same device only".
      lead: "Or use this button — in this browser it signs you in; on another device it asks you to approve the sign-in:",
      label: (app) => `Sign in to ${app}`,
    },
    // "Only in the browser that asked" must say whose browser that is: if you didn't ask, it is someone else's.
    validity: (minutes) =>
      `The code works once, only in the browser where the sign-in was asked for. The code and the button expire in ${minutes} minutes.`,
    warning: (app) =>
      `Never share this code with anyone, and never approve a sign-in you did not start: the code or your approval signs in whoever asked for it, in their browser. ${app} will never ask you for it.`,
    footer:
      "Didn't ask for this? Then someone else typed your address, and the browser waiting for this code is theirs. Don't enter the code anywhere and don't approve anything: ignore this email and nobody gets in.",
  },
  "change-email": {
    subject: (code, app) => `${code} is your ${app} code to confirm this email address`,
    preview: (code) => `Confirm your new email address: ${code}`,
    heading: "Confirm your new email address",
    intro: "Enter this code in the browser where you asked to change your account's email address:",
    validity: (minutes) => `It works once, only in the browser that asked for it, and expires in ${minutes} minutes.`,
    warning: (app) => `Never share this code with anyone: ${app} will never ask you for it.`,
    footer: "Didn't ask for this? Ignore this email: nothing changes without the code.",
  },
  // The JSON code flow (native apps): no link, since a link would sign in a browser, not the app.
  "api-sign-in": {
    subject: (code, app) => `${code} is your ${app} code to sign in to an app`,
    preview: (code, app) => `Your ${app} code for an app is ${code}`,
    heading: "Sign in to an app",
    intro: "Enter this code in the app where you asked to sign in:",
    validity: (minutes) => `The code works once, only in the app that asked for it, and expires in ${minutes} minutes.`,
    warning: (app) => `Never share this code with anyone: ${app} will never ask you for it.`,
    footer: "Didn't ask for this? You can safely ignore this email: nobody can sign in without the code.",
  },
  "delete-account": {
    subject: (code, app) => `${code} is your ${app} code to delete your account`,
    preview: (code) => `Confirm deleting your account: ${code}`,
    heading: "Confirm deleting your account",
    intro: "Enter this code to permanently delete your account and everything in it:",
    validity: (minutes) => `It works once, only in the browser that asked for it, and expires in ${minutes} minutes.`,
    warning: (app) => `Never share this code with anyone: ${app} will never ask you for it.`,
    footer: "Didn't ask for this? Ignore this email and sign out of devices you don't recognise.",
  },
  // Step-up (S13): proof of the current address before a sensitive change.
  reauthenticate: {
    subject: (code, app) => `${code} is your ${app} code to confirm it's you`,
    preview: (code) => `Confirm it's you: ${code}`,
    heading: "Confirm it's you",
    intro:
      "Someone signed in to your account — hopefully you — wants to change a security setting, such as its email address. Enter this code in that browser to confirm it's you:",
    validity: (minutes) => `It works once, only in the browser that asked for it, and expires in ${minutes} minutes.`,
    warning: (app) => `Never share this code with anyone: ${app} will never ask you for it.`,
    footer:
      "Didn't ask for this? Someone may have access to one of your signed-in devices: don't share the code, and sign out of devices you don't recognise on your account page.",
  },
};

export type NoticeKind = "no-account" | "address-taken" | "email-changed" | "passkey-added";

export type NoticeEmailCopy = {
  subject(appName: string): string;
  heading: string;
  /** `newAddress` is only meaningful for "email-changed". */
  paragraphs(appName: string, newAddress: string): string[];
  /** "email-changed" with its undo link (ASVS 5.0 §7.5.1): the words and the button. */
  withUndo?: { paragraphs(appName: string, newAddress: string, days: string): string[]; label: string };
};

export const noticeEmailCopy: Record<NoticeKind, NoticeEmailCopy> = {
  "no-account": {
    subject: (app) => `Sign-in attempt on ${app}`,
    heading: "There's no account for this address",
    paragraphs: (app) => [
      `Someone — hopefully you — asked to sign in to ${app} with this email address, but it has no account, and new sign-ups are closed.`,
      "If you expected to have an account, you may have used another address. Otherwise you can ignore this email.",
    ],
  },
  "address-taken": {
    subject: (app) => `Someone tried to use this address on ${app}`,
    heading: "This address is already in use",
    paragraphs: (app) => [
      `Someone asked to move another ${app} account to this email address. It already belongs to an account, so nothing was changed.`,
      "If that was you, sign in with this address instead. Otherwise you can ignore this email.",
    ],
  },
  "email-changed": {
    subject: (app) => `Your ${app} email address was changed`,
    heading: "Your email address was changed",
    paragraphs: (app, newAddress) => [
      `The email address of your ${app} account was changed to ${newAddress}. Sign-in codes now go there.`,
      "If this wasn't you, contact support right away: someone may have access to your account.",
    ],
    withUndo: {
      paragraphs: (app, newAddress, days) => [
        `The email address of your ${app} account was changed to ${newAddress}. Sign-in codes now go there.`,
        `If this wasn't you, use the button below within ${days}: it puts this address back and signs every device out of the account. It works once.`,
      ],
      label: "This wasn't me: restore my address",
    },
  },
  "passkey-added": {
    subject: (app) => `A passkey was added to your ${app} account`,
    heading: "A passkey was added to your account",
    paragraphs: (app) => [
      `A new passkey can now sign in to your ${app} account without an email code.`,
      "If this wasn't you, sign in with a code, delete the passkey under Passkeys on your account page, and sign out your other devices.",
    ],
  },
};
