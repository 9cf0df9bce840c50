import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/lib/i18n/locales";

/**
 * The locale of the request being served: the reader's remembered choice
 * (the language switcher's cookie), else their browser's Accept-Language.
 * Once per request. Server actions pass it on (the failure catalogue, the
 * challenge that will email in this language).
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  return resolveLocale(jar.get(LOCALE_COOKIE)?.value, head.get("accept-language"));
});

/** The cookie where the browser tells its time zone (set by app/components/time-zone.tsx). */
export const TIME_ZONE_COOKIE = "tz";

/** The reader's IANA time zone if their browser told us one we know, else UTC (said as such on the page). */
export const requestTimeZone = cache(async (): Promise<string> => {
  const value = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return value && isTimeZone(value) ? value : "UTC";
});

function isTimeZone(value: string): boolean {
  if (value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
