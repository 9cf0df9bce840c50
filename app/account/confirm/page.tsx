import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { findPendingAccountChallenge, isAccountPurpose, readSignedInAccount } from "@/lib/auth/account";
import { purposeCopy } from "@/lib/auth/purpose-copy";
import { requestLocale } from "@/lib/i18n/request-locale";
import { codeExample } from "@/lib/auth/code";
import { maskEmail } from "@/lib/auth/email-address";
import { ConfirmCodeForm } from "@/app/account/forms";

export const metadata: Metadata = { title: "Confirm with a code" };

export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await readSignedInAccount())) redirect("/sign-in?callbackUrl=%2Faccount");
  const { purpose } = await searchParams;
  if (!isAccountPurpose(purpose)) redirect("/account");
  const pending = await findPendingAccountChallenge(purpose);
  if (!pending || pending.state !== "live") redirect("/account");
  const copy = purposeCopy(purpose, await requestLocale());

  return (
    <section className="card">
      <h1>{copy.title}</h1>
      <p className="lead">
        We sent a code to {copy.sentTo}, <strong data-testid="masked-email">{maskEmail(pending.email)}</strong>.
      </p>
      <ConfirmCodeForm purpose={purpose} submitLabel={copy.submit} placeholder={codeExample()} />
      <div className="row">
        <Link href="/account">Cancel</Link>
      </div>
    </section>
  );
}
