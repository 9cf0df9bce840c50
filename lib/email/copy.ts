import type { Purpose } from "@/lib/auth/purposes";
import type { Locale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translate";

/**
 * Every word the app's emails say, read from the `email` namespace of the
 * catalogues (messages/<locale>/email.json) in the locale of the browser
 * that asked. The code email has one entry per purpose (`code.<purpose>.*`,
 * typed from the English file, so a missing one is a type error). Functions
 * that take a per-send value as a string are called once with placeholder
 * tokens when a template is compiled (lib/email/compile.ts): they may only
 * place it, never inspect it. A number that chooses words (an ICU plural:
 * minutes, days) is a real number, so the sentence holding it is computed
 * per send and becomes a slot of its own.
 */
export type CodePurpose = Purpose;

/** Does the code email carry the link? Sign-in only: other purposes finish where they started (and a link would sign in a browser, not an app). */
export const codeEmailHasLink: Record<CodePurpose, boolean> = {
  "sign-in": true,
  "change-email": false,
  "api-sign-in": false,
  "delete-account": false,
  reauthenticate: false,
};

export type CodeEmailCopy = {
  subject(code: string, appName: string): string;
  /** The inbox preview line (hidden in the email body). */
  preview(code: string, appName: string): string;
  heading: string;
  intro: string;
  /** Sign-in only: the link, a second way in; it signs in here or asks for approval from another device (decision 0006). */
  link?: { lead: string; label(appName: string): string };
  validity(minutes: number): string;
  /** Phishing guard: what to never do with this email. */
  warning(appName: string): string;
  footer: string;
  /** "Requested from <device>.", after the footer, so a person can tell it was not them. */
  requestedFrom(device: string): string;
  unknownDevice: string;
};

// One translator per locale for the process: next-intl keeps its parsed
// messages in the translator, so a send formats without parsing again.
const translators = new Map<Locale, ReturnType<typeof translator<"email">>>();

function emailTranslator(locale: Locale) {
  let t = translators.get(locale);
  if (!t) {
    t = translator(locale, "email");
    translators.set(locale, t);
  }
  return t;
}

export function codeEmailCopy(purpose: CodePurpose, locale: Locale): CodeEmailCopy {
  const t = emailTranslator(locale);
  return {
    subject: (code, app) => t(`code.${purpose}.subject`, { code, app }),
    preview: (code, app) => t(`code.${purpose}.preview`, { code, app }),
    heading: t(`code.${purpose}.heading`),
    intro: t(`code.${purpose}.intro`),
    link: codeEmailHasLink[purpose] ? { lead: t("link.lead"), label: (app) => t("link.label", { app }) } : undefined,
    validity: (minutes) => t(`code.${purpose}.validity`, { minutes }),
    warning: (app) => t(`code.${purpose}.warning`, { app }),
    footer: t(`code.${purpose}.footer`),
    requestedFrom: (device) => t("requestedFrom", { device }),
    unknownDevice: t("unknownDevice"),
  };
}

export type NoticeKind = "no-account" | "address-taken" | "email-changed" | "passkey-added";

export type NoticeEmailCopy = {
  subject(appName: string): string;
  heading: string;
  /** `newAddress` is only meaningful for "email-changed". */
  paragraphs(appName: string, newAddress: string): string[];
  /** "email-changed" with its undo link (ASVS 5.0 §7.5.1): the first paragraph, what the button does and within how long, and its label. */
  withUndo?: { lead(appName: string, newAddress: string): string; note(days: number): string; label: string };
  /** "Sent by <app>.", the footer. */
  sentBy(appName: string): string;
};

export function noticeEmailCopy(kind: NoticeKind, locale: Locale): NoticeEmailCopy {
  const t = emailTranslator(locale);
  return {
    subject: (app) => t(`notice.${kind}.subject`, { app }),
    heading: t(`notice.${kind}.heading`),
    // Only "email-changed" has {address}; ICU ignores an argument a message does not use.
    paragraphs: (app, address) => [t(`notice.${kind}.body1`, { app, address }), t(`notice.${kind}.body2`)],
    withUndo:
      kind === "email-changed"
        ? {
            lead: (app, address) => t("notice.email-changed.body1", { app, address }),
            note: (days) => t("notice.email-changed.undoBody2", { days }),
            label: t("notice.email-changed.undoLabel"),
          }
        : undefined,
    sentBy: (app) => t("sentBy", { app }),
  };
}
