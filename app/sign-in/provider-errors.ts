import { translator } from "@/lib/i18n/translate";
import type { Locale } from "@/lib/i18n/locales";
import type en from "@/messages/en/signIn.json";

/**
 * What went wrong with a sign-in through another provider, by the `error`
 * parameter it lands with: our own refusals (lib/auth/oauth.ts, through the
 * signIn callback in auth.ts) and the client-safe Auth.js error types. Says
 * what to do next; never names an account. The words: `signIn.providerErrors`.
 */
type ProviderError = keyof (typeof en)["providerErrors"];

const KNOWN: ReadonlySet<string> = new Set<ProviderError>([
  "unverified-email",
  "no-account",
  "used",
  "unavailable",
  "provider-unavailable",
  "AccessDenied",
  "OAuthAccountNotLinked",
  "OAuthCallbackError",
  "OAuthSignInError",
]);

function isProviderError(error: unknown): error is ProviderError {
  return typeof error === "string" && KNOWN.has(error);
}

export function providerErrorMessage(error: unknown, locale: Locale): string | null {
  return isProviderError(error) ? translator(locale, "signIn")(`providerErrors.${error}`) : null;
}
