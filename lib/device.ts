import Bowser from "bowser";
import { translator } from "@/lib/i18n/translate";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

/**
 * "Chrome on macOS" from a user agent, in the reader's language ("Chrome
 * unter macOS"); "Unknown browser" when it says nothing useful. Browser and
 * system names are proper names and stay as the parser gives them.
 */
export function describeDevice(userAgent: string | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  const t = translator(locale, "approval");
  if (!userAgent) return t("device.unknown");
  let browser: string | undefined;
  let os: string | undefined;
  try {
    const parsed = Bowser.parse(userAgent);
    browser = parsed.browser.name || undefined;
    os = parsed.os.name || undefined;
  } catch {
    // An agent the parser cannot read is just an unknown one.
  }
  const b = browser ?? t("device.unknown");
  return os ? t("device.on", { browser: b, os }) : b;
}
