import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { auth } from "@/auth";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [session, { notice }, t] = await Promise.all([auth(), searchParams, getTranslations("home")]);
  return (
    <section className="card">
      {notice === "account-deleted" ? (
        <p className="message info" role="status" data-testid="home-notice">
          {t("accountDeleted")}
        </p>
      ) : null}
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {session?.user ? (
        <Link className="button" href="/account">
          {t("toAccount")}
        </Link>
      ) : (
        <Link className="button" href="/sign-in">
          {t("signIn")}
        </Link>
      )}
    </section>
  );
}
