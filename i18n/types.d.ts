import type { Messages } from "@/lib/i18n/messages";
import type { Locale } from "@/lib/i18n/locales";

// Keys are checked at compile time against the English catalogue.
declare module "next-intl" {
  interface AppConfig {
    Messages: Messages;
    Locale: Locale;
  }
}
