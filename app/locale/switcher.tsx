import { getLocale, getTranslations } from "next-intl/server";
import { LOCALES, LOCALE_NAMES } from "@/lib/i18n/locales";
import { chooseLocale } from "@/app/locale/actions";

/**
 * One button per language, each in its own language and marked with its
 * `lang`, so a reader who cannot read the current page still finds theirs.
 * No JavaScript needed.
 */
export async function LocaleSwitcher() {
  const [current, t] = await Promise.all([getLocale(), getTranslations("common")]);
  return (
    <form action={chooseLocale} className="locale-switcher" aria-label={t("language")}>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          className="link"
          aria-current={locale === current ? "true" : undefined}
          disabled={locale === current}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </form>
  );
}
