import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { findEmailChangeUndo } from "@/lib/auth/email-change-undo";
import { undoMessage } from "@/lib/auth/purpose-copy";
import { requestLocale } from "@/lib/i18n/request-locale";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { Unavailable } from "@/app/components/unavailable";
import { UndoForm } from "@/app/email-change/undo/undo-form";

/**
 * GET /email-change/undo?token=… — the "this wasn't me" link in the notice
 * to the old address. Reading it never writes (mail scanners may fetch it);
 * only the button's POST restores the address.
 */
export async function generateMetadata(): Promise<Metadata> {
  return {
    title: (await getTranslations("account"))("undo.metaTitle"),
    referrer: "no-referrer",
    robots: { index: false, follow: false },
  };
}

export const dynamic = "force-dynamic";

export default async function UndoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const t = await getTranslations("account");
  const found = await orUnavailable(findEmailChangeUndo(token), "undo page");
  if (found === UNAVAILABLE) return <Unavailable retryHref={`/email-change/undo?${new URLSearchParams({ token })}`} />;
  if (!found.ok || found.state !== "live") {
    return (
      <section className="card">
        <h1>{t("undo.deadTitle")}</h1>
        <p className="message error" role="status" data-testid="undo-status">
          {undoMessage(found.ok && found.state !== "live" ? found.state : "invalid", await requestLocale())}
        </p>
        <Link className="button" href="/sign-in">
          {t("undo.signIn")}
        </Link>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t("undo.title")}</h1>
      <p className="lead">
        {t.rich("undo.body", {
          oldEmail: found.oldEmailMasked,
          newEmail: found.newEmailMasked,
          strong: (chunks) => <strong dir="ltr">{chunks}</strong>,
        })}
      </p>
      <UndoForm token={token} words={{ submit: t("undo.submit"), restoring: t("undo.restoring") }} />
    </section>
  );
}
