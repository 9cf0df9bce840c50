import type { Metadata } from "next";
import Link from "next/link";
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
export const metadata: Metadata = {
  title: "Undo an email change",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export const dynamic = "force-dynamic";

export default async function UndoPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const found = await orUnavailable(findEmailChangeUndo(token), "undo page");
  if (found === UNAVAILABLE) return <Unavailable retryHref={`/email-change/undo?${new URLSearchParams({ token })}`} />;
  if (!found.ok || found.state !== "live") {
    return (
      <section className="card">
        <h1>This link no longer works</h1>
        <p className="message error" role="status" data-testid="undo-status">
          {undoMessage(found.ok && found.state !== "live" ? found.state : "invalid", await requestLocale())}
        </p>
        <Link className="button" href="/sign-in">
          Sign in
        </Link>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>Undo the email change?</h1>
      <p className="lead">
        Your account&apos;s address was changed from <strong>{found.oldEmailMasked}</strong> to{" "}
        <strong>{found.newEmailMasked}</strong>. If that wasn&apos;t you, restore your address: every device signed in to
        the account is signed out, and you can sign in again with your address.
      </p>
      <UndoForm token={token} />
    </section>
  );
}
