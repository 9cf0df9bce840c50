import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** Our own 404: Next's default one uses inline styles, which the CSP (lib/security-headers.ts) refuses. */
export default async function NotFound() {
  const t = await getTranslations("errors.notFound");
  return (
    <section className="card">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <Link href="/">{t("home")}</Link>
    </section>
  );
}
