import Bowser from "bowser";
import { translator } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/locales";

/**
 * "Chrome on macOS" in the reader's words (lib/device.ts says it in English
 * for logs and emails). Browser and system names are names: they stay as
 * the parser gives them.
 */
export function deviceName(userAgent: string | null | undefined, locale: Locale): string {
  const t = translator(locale, "account");
  let browser: string | undefined;
  let os: string | undefined;
  try {
    const parsed = userAgent ? Bowser.parse(userAgent) : undefined;
    browser = parsed?.browser.name || undefined;
    os = parsed?.os.name || undefined;
  } catch {
    // An agent the parser cannot read is just an unknown one.
  }
  const b = browser ?? t("device.unknown");
  return os ? t("device.on", { browser: b, os }) : b;
}
