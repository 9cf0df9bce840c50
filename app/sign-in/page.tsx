import type { Metadata } from "next";
import { headers } from "next/headers";
import { EmailForm } from "@/app/sign-in/email-form";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin(await headers()));
  return (
    <section className="card">
      <h1>Sign in</h1>
      <p className="lead">We&apos;ll email you a code. No password needed.</p>
      <EmailForm callbackUrl={callbackUrl} />
    </section>
  );
}
