import { createTranslator } from "next-intl";
import { messagesFor, type Messages, type Namespace } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locales";

/**
 * A translator for one locale and namespace that needs no request: emails,
 * the failure catalogue, anything a server action or a background job says.
 * Pages use next-intl's `getTranslations` (same catalogues, locale of the request).
 */
export function translator<N extends Namespace>(locale: Locale, namespace: N) {
  return createTranslator<Messages, N>({ locale, messages: messagesFor(locale), namespace });
}
