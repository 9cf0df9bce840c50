import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
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
import { currentUser } from "@/lib/auth/sign-in";
import { readBrowserHash } from "@/lib/auth/browser";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { logError } from "@/lib/log";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("metaTitle") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const [t, locale, user] = await Promise.all([getTranslations("signIn"), requestLocale(), currentUser()]);
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin(await headers()));
  // Auth.js sends sign-in errors of other providers here (?error=OAuthCallbackError, …).
  const providerError = providerErrorMessage(params.error, locale);
  // Sent back from the code form because this browser's cookie is gone (cookies cleared).
  const notice = params.notice === "missing-browser" ? failureMessage({ reason: "missing-browser" }, "code", locale) : null;
  const providers = configuredProviders(getProviderEnv()).map(({ id, name }) => ({ id, name }));
  const defaultEmail = params.change === "1" ? await lastAskedAddress() : undefined;
  return (
    <section className="card">
      <h1>{t("title")}</h1>
      {user?.email ? (
        <div className="message info" role="status" data-testid="signed-in-as">
          <p>
            {t.rich("signedIn.message", {
              address: user.email,
              email: (chunks) => <strong dir="ltr">{chunks}</strong>,
            })}{" "}
            <Link href="/account">{t("signedIn.toAccount")}</Link>
          </p>
          <p>{t("signedIn.other")}</p>
        </div>
      ) : (
        <p className="lead">{t("lead")}</p>
      )}
      {providerError ? (
        <p className="message error" role="alert" data-testid="provider-error">
          {providerError}
        </p>
      ) : null}
      {notice ? (
        <p className="message error" role="alert" data-testid="sign-in-notice">
          {notice}
        </p>
      ) : null}
      <EmailForm
        callbackUrl={callbackUrl}
        defaultEmail={defaultEmail}
        text={{ label: t("email.label"), submit: t("email.submit"), sending: t("email.sending") }}
      />
      <PasskeySignIn
        callbackUrl={callbackUrl}
        messages={{
          cancelled: failureMessage({ reason: "passkey-cancelled" }, "request", locale),
          unavailable: failureMessage({ reason: "unavailable" }, "request", locale),
          button: t("passkey.button"),
          waiting: t("passkey.waiting"),
        }}
      />
      <ProviderButtons providers={providers} callbackUrl={callbackUrl} />
    </section>
  );
}

/**
 * "Use another email" on the code page: the address this browser asked a
 * code for, so a typo is fixed rather than retyped. Read from this browser's
 * own challenge (its cookie), never from the URL; nothing if none or the
 * database is down (the form is then simply empty).
 */
async function lastAskedAddress(): Promise<string | undefined> {
  const browserHash = await readBrowserHash();
  if (!browserHash) return undefined;
  try {
    return (await findPendingChallenge(browserHash, "sign-in"))?.email;
  } catch (error) {
    logError("sign-in page: the last address could not be read", error);
    return undefined;
  }
}
