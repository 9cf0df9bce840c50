import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { readBrowserHash } from "@/lib/auth/browser";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { maskEmail } from "@/lib/auth/email-address";
import { ConfirmCodeForm } from "@/app/account/forms";

export const metadata: Metadata = { title: "Confirm with a code" };

const COPY = {
  "change-email": { title: "Confirm your new address", submit: "Change email", sentTo: "your new address" },
  "delete-account": { title: "Confirm deleting your account", submit: "Delete account", sentTo: "your account's address" },
} as const;

export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await auth();
  if (!session?.user?.id) redirect("/sign-in?callbackUrl=%2Faccount");
  const { purpose } = await searchParams;
  if (purpose !== "change-email" && purpose !== "delete-account") redirect("/account");
  const browserHash = await readBrowserHash();
  const pending = browserHash ? await findPendingChallenge(browserHash, purpose) : null;
  if (!pending || pending.state !== "live") redirect("/account");
  const copy = COPY[purpose];

  return (
    <section className="card">
      <h1>{copy.title}</h1>
      <p className="lead">
        We sent a code to {copy.sentTo}, <strong data-testid="masked-email">{maskEmail(pending.email)}</strong>.
      </p>
      <ConfirmCodeForm purpose={purpose} submitLabel={copy.submit} />
      <div className="row">
        <Link href="/account">Cancel</Link>
      </div>
    </section>
  );
}
