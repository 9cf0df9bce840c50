import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { readSignedInAccount } from "@/lib/auth/account";
import { formatUserCode, normalizeUserCode } from "@/lib/auth/device-rules";
import { ActivateForm } from "@/app/activate/activate-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("activate"))("title") };
}

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
  const t = await getTranslations("activate");
  return (
    <section className="card">
      <h1>{t("heading")}</h1>
      <p className="lead">{t("lead")}</p>
      <ActivateForm
        initialCode={initialCode}
        placeholder={formatUserCode("BCDFGHJK")}
        words={{
          codeLabel: t("codeLabel"),
          continue: t("continue"),
          checking: t("checking"),
          code: t("code"),
          requestedFrom: t("requestedFrom"),
          when: t("when"),
          onlyApprove: t("onlyApprove"),
          approve: t("approve"),
          deny: t("deny"),
          enterAnother: t("enterAnother"),
        }}
      />
    </section>
  );
}
