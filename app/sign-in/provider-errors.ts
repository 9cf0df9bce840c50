/**
 * What went wrong with a sign-in through another provider, by the `error`
 * parameter it lands with: our own refusals (lib/auth/oauth.ts, through the
 * signIn callback in auth.ts) and the client-safe Auth.js error types. Says
 * what to do next; never names an account.
 */
const messages: Record<string, string> = {
  "unverified-email":
    "That account has no verified email address we could use, so we can't match it to an account. Verify your email address with that provider, or sign in with a code by email.",
  "no-account": "There is no account for that email address, and new accounts can't be created here.",
  used: "That sign-in could not be completed. Please start again.",
  unavailable: "Signing in is unavailable right now. Please try again in a moment.",
  "provider-unavailable": "That sign-in provider can't be reached right now. Please try again, or sign in with a code by email.",
  AccessDenied: "Sign-in was cancelled or refused. You can try again, or sign in with a code by email.",
  OAuthAccountNotLinked: "That email address belongs to an account we could not link automatically. Sign in with a code by email.",
  OAuthCallbackError: "The provider did not complete the sign-in (it may have been cancelled). Please try again.",
  OAuthSignInError: "Sign-in with that provider could not start. Please try again.",
};

export function providerErrorMessage(error: unknown): string | null {
  return typeof error === "string" && Object.hasOwn(messages, error) ? messages[error]! : null;
}
