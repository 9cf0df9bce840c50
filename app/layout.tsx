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
        <header className="site-header">
          <Link href="/" className="brand">
            {config.appName}
          </Link>
          <nav>
            <LocaleSwitcher />
            <Link href="/account">{t("account")}</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
