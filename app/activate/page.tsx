import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readSignedInAccount } from "@/lib/auth/account";
import { formatUserCode, normalizeUserCode } from "@/lib/auth/device-rules";
import { ActivateForm } from "@/app/activate/activate-form";

export const metadata: Metadata = { title: "Sign in a device" };

/**
 * RFC 8628 verification_uri: a signed-in person types the code their device
 * shows, sees who asks, and approves or denies. Signed out: sign in first
 * (code or any other way) and come back here, with the code kept.
 */
export default async function ActivatePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const raw = typeof params.user_code === "string" ? params.user_code : "";
  // verification_uri_complete pre-fills the field; the person still confirms (RFC 8628 §5.4).
  const normalized = normalizeUserCode(raw);
  const initialCode = normalized ? formatUserCode(normalized) : "";
  const account = await readSignedInAccount();
  if (!account) {
    const back = initialCode ? `/activate?user_code=${encodeURIComponent(initialCode)}` : "/activate";
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(back)}`);
  }
  return (
    <section className="card">
      <h1>Sign in a device</h1>
      <p className="lead">Enter the code your device or app shows.</p>
      <ActivateForm initialCode={initialCode} placeholder={formatUserCode("BCDFGHJK")} email={account.user.email} />
    </section>
  );
}
