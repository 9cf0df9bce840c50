import type { Purpose } from "@/lib/auth/purposes";
import { translator } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/locales";

/**
 * What the pages say for each purpose (the email copy is in lib/email), from
 * the `purposes` catalogue (messages/<locale>/purposes.json).
 * `Record<Purpose, …>`: a new purpose does not compile until it has its
 * notice here, and its words are typed against the English catalogue.
 */
export type PurposeCopy = {
  /** Heading of the page where the code is typed. */
  title: string;
  /** The code form's button. */
  submit: string;
  /** Where the code went, as "We sent a code to …". */
  sentTo: string;
  /** The account page notice after success (a key of its notices). */
  done: string;
};

const DONE_NOTICE: Record<Purpose, string> = {
  "sign-in": "signed-in",
  "change-email": "email-changed",
  "api-sign-in": "signed-in",
  "delete-account": "account-deleted",
  reauthenticate: "proven",
};

export function purposeCopy(purpose: Purpose, locale: Locale): PurposeCopy {
  const t = translator(locale, "purposes");
  return { title: t(`${purpose}.title`), submit: t(`${purpose}.submit`), sentTo: t(`${purpose}.sentTo`), done: DONE_NOTICE[purpose] };
}

/** The account page notice after a purpose succeeds (a key, not words: it travels in the URL). */
export function purposeDoneNotice(purpose: Purpose): string {
  return DONE_NOTICE[purpose];
}

export type UndoOutcome = "done" | "invalid" | "used" | "expired" | "address-taken" | "unavailable";

/** What the undo page of an email change says (lib/auth/email-change-undo.ts). */
export function undoMessage(outcome: UndoOutcome, locale: Locale): string {
  return translator(locale, "purposes")(`undo.${outcome}`);
}
