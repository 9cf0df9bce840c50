import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { findPendingAccountChallenge, isAccountPurpose, readSignedInAccount, type AccountPurpose } from "@/lib/auth/account";
import { failureMessage } from "@/lib/auth/failures";
import { purposeCopy } from "@/lib/auth/purpose-copy";
import { requestLocale } from "@/lib/i18n/request-locale";
import { codeExample } from "@/lib/auth/code";
import { maskEmail } from "@/lib/auth/email-address";
import { ConfirmCodeForm } from "@/app/account/forms";
import { ResendButton } from "@/app/components/resend-button";
import { resendConfirmationAction } from "@/app/account/actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("confirm.metaTitle") };
}

/**
 * Whose success cannot be undone: its button gets danger styling.
 * `Record<AccountPurpose, …>`: a new account purpose has to say.
 */
const DESTRUCTIVE: Record<AccountPurpose, boolean> = {
  "change-email": false,
  "delete-account": true,
  reauthenticate: false,
};

export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await readSignedInAccount())) redirect("/sign-in?callbackUrl=%2Faccount");
  const params = await searchParams;
  const { purpose } = params;
  if (!isAccountPurpose(purpose)) redirect("/account");
  const pending = await findPendingAccountChallenge(purpose);
  // Used (done) or never started here: nothing to confirm. A dead code (expired, too many tries, replaced) offers a new one.
  if (!pending || pending.state === "used" || pending.state === "missing") redirect("/account");
  const locale = await requestLocale();
  const t = await getTranslations("account");
  const copy = purposeCopy(purpose, locale);
  // An account code has no link, so nobody can deny it: read a denial as expired (as the confirm action does).
  const dead = pending.state === "live" ? undefined : failureMessage({ reason: pending.state === "denied" ? "expired" : pending.state }, "code", locale);
  const resendInSeconds = dead ? 0 : Math.max(0, Math.ceil((pending.resendAvailableAt.getTime() - Date.now()) / 1000));
  const notice = params.notice === "resent" && !dead ? t("confirm.resent") : undefined;

  return (
    <section className="card">
      <h1>{copy.title}</h1>
      <p className="lead">
        {t.rich("confirm.sent", {
          sentTo: copy.sentTo,
          email: maskEmail(pending.email),
          strong: (chunks) => (
            <strong data-testid="masked-email" dir="ltr">
              {chunks}
            </strong>
          ),
        })}
      </p>
      {notice ? (
        <p className="message info" role="status" data-testid="confirm-notice">
          {notice}
        </p>
      ) : null}
      {dead ? (
        <p className="message error" role="alert" data-testid="form-message">
          {dead}
        </p>
      ) : (
        <ConfirmCodeForm
          key={pending.id}
          purpose={purpose}
          placeholder={codeExample()}
          danger={DESTRUCTIVE[purpose]}
          words={{ label: t("confirm.codeLabel"), submit: copy.submit, checking: t("confirm.checking") }}
        />
      )}
      <div className="row">
        <ResendButton
          key={pending.id}
          action={resendConfirmationAction}
          fields={{ purpose }}
          resendInSeconds={resendInSeconds}
          emphasise={Boolean(dead)}
          text={{ resend: t("confirm.resend"), sendNew: t("confirm.sendNew"), cooldown: t.raw("confirm.resendIn") as string }}
        />
        <Link href="/account">{t("confirm.cancel")}</Link>
      </div>
    </section>
  );
}
