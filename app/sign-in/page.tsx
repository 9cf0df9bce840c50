import type { Metadata } from "next";
import { headers } from "next/headers";
import { EmailForm } from "@/app/sign-in/email-form";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { getProviderEnv } from "@/lib/env";
import { configuredProviders } from "@/lib/auth/providers";
import { ProviderButtons } from "@/app/sign-in/provider-buttons";
import { providerErrorMessage } from "@/app/sign-in/provider-errors";
import { PasskeySignIn } from "@/app/sign-in/passkey-sign-in";
import { failureMessage } from "@/lib/auth/failures";
import { requestLocale } from "@/lib/i18n/request-locale";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin(await headers()));
  // Auth.js sends sign-in errors of other providers here (?error=OAuthCallbackError, …).
  const providerError = providerErrorMessage(params.error);
  const providers = configuredProviders(getProviderEnv()).map(({ id, name }) => ({ id, name }));
  return (
    <section className="card">
      <h1>Sign in</h1>
      <p className="lead">We&apos;ll email you a code. No password needed.</p>
      {providerError ? (
        <p className="message error" role="alert" data-testid="provider-error">
          {providerError}
        </p>
      ) : null}
      <EmailForm callbackUrl={callbackUrl} />
      <PasskeySignIn
        callbackUrl={callbackUrl}
        messages={{ cancelled: failureMessage({ reason: "passkey-cancelled" }, "request", await requestLocale()), unavailable: failureMessage({ reason: "unavailable" }, "request", await requestLocale()) }}
      />
      <ProviderButtons providers={providers} callbackUrl={callbackUrl} />
    </section>
  );
}
