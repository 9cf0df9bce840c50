import Link from "next/link";
import { getTranslations } from "next-intl/server";

/**
 * S11: what a page shows when a dependency (the database) is down, instead
 * of an error page. Reloading is enough once it is back: nothing to restart.
 * Without `title` it speaks of sign-in; a page about something else names it
 * in `title` (already translated) and gets the general words.
 */
export async function Unavailable({ retryHref, title }: { retryHref: string; title?: string }) {
  const t = await getTranslations("errors.unavailable");
  return (
    <section className="card">
      <h1>{title ?? t("title")}</h1>
      <p className="message error" role="alert" data-testid="form-message">
        {title ? t("generic") : t("message")}
      </p>
      <Link href={retryHref}>{t("retry")}</Link>
    </section>
  );
}
