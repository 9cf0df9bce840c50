/**
 * The languages the app speaks. Pages, form messages, the failure catalogue
 * and emails all come from `messages/<locale>/<namespace>.json`; adding a
 * locale is a folder of those files plus one entry here (the catalogue test
 * names every key the new folder lacks).
 */
export const LOCALES = ["en", "de", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that remembers the reader's choice from the language switcher. */
export const LOCALE_COOKIE = "locale";

/** Each language by its own name, so a reader finds theirs whatever the page's language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch", ar: "العربية" };

const RTL: ReadonlySet<Locale> = new Set<Locale>(["ar"]);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

/**
 * The best of our locales for an `Accept-Language` header (RFC 9110 §12.5.4):
 * highest q first, a region falls back to its language ("de-AT" → de), q=0
 * means "not this one", and anything unreadable is skipped. No match → English.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranges = acceptLanguage
    .slice(0, 512)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => /^[a-z]{1,8}(-[a-z0-9]{1,8})*$|^\*$/.test(range.tag) && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === "*") return DEFAULT_LOCALE;
    const language = tag.split("-")[0];
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

/** The reader's locale: their remembered choice, else what their browser asks for. */
export function resolveLocale(cookieValue: string | undefined, acceptLanguage: string | null | undefined): Locale {
  return isLocale(cookieValue) ? cookieValue : negotiateLocale(acceptLanguage);
}
