import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getLocale, getTranslations } from "next-intl/server";
import { config } from "@/lib/config";
import { directionOf } from "@/lib/i18n/locales";
import { LocaleSwitcher } from "@/app/locale/switcher";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return {
    title: { default: config.appName, template: `%s · ${config.appName}` },
    description: t("description"),
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: each response carries its own CSP nonce
  // (proxy.ts), which a prerendered page could not have.
  await connection();
  const [locale, t] = await Promise.all([getLocale(), getTranslations("common")]);
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body>
        {/* First Tab stop: keyboard users jump past the header (WCAG 2.4.1). */}
        <a href="#main" className="skip-link">
          {t("skipToContent")}
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            {/* Decorative: the app's name right after it is the link's name. */}
            {/* eslint-disable-next-line @next/next/no-img-element -- a 1 kB SVG needs no image optimiser */}
            <img src="/logo.svg" alt="" width={28} height={28} className="brand-logo" />
            <span>{config.appName}</span>
          </Link>
          <nav aria-label={t("siteNavigation")}>
            <LocaleSwitcher />
            <Link href="/account">{t("account")}</Link>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
