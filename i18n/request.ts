import { getRequestConfig } from "next-intl/server";
import { requestLocale, requestTimeZone } from "@/lib/i18n/request-locale";
import { messagesFor } from "@/lib/i18n/messages";

// next-intl without locale routing (its "without i18n routing" setup): URLs
// stay the same in every language, and the locale comes from the reader's
// choice or their browser (lib/i18n/request-locale.ts).
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: messagesFor(locale), timeZone: await requestTimeZone() };
});
