import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { providerErrorMessage } from "@/app/sign-in/provider-errors";
import { requestLocale } from "@/lib/i18n/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn.error"))("metaTitle") };
}

/**
 * Where Auth.js sends its own errors (pages.error in auth.config.ts): a
 * direct post to its endpoints without the cookies it needs, or a fault.
 * One clear message (a provider's refusal says which); the details stay in
 * the server log.
 */
export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ error }, t, locale] = await Promise.all([searchParams, getTranslations("signIn.error"), requestLocale()]);
  return (
    <section className="card">
      <h1>{t("title")}</h1>
      <p className="message error" role="alert" data-testid="form-message">
        {providerErrorMessage(error, locale) ?? t("fallback")}
      </p>
      <Link href="/sign-in">{t("signIn")}</Link>
    </section>
  );
}
