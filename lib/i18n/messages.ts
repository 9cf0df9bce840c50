import en from "@/messages/en";
import de from "@/messages/de";
import ar from "@/messages/ar";
import type { Locale } from "@/lib/i18n/locales";

/**
 * Every catalogue, loaded once per process: they are small, and emails are
 * written outside any request (lib/email), so they must not depend on one.
 * English is the reference: its shape is the `Messages` type, so a key that
 * English lacks is a compile error wherever it is used.
 */
export type Messages = typeof en;
export type Namespace = keyof Messages;

const CATALOGUES: Record<Locale, Messages> = { en, de: de as Messages, ar: ar as Messages };

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}
