"use server";

import { headers } from "next/headers";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { auth, signIn, signOut } from "@/auth";
import { ensureBrowserHash, refreshBrowserCookie } from "@/lib/auth/browser";
import { passkeyAssertionOptions } from "@/lib/auth/passkeys";
import { failureOfAuthError, isRefusedSignIn } from "@/lib/auth/authjs-failure";
import { failureMessage } from "@/lib/auth/failures";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { logError } from "@/lib/log";
import { requestLocale } from "@/lib/i18n/request-locale";

export type PasskeyStepResult = { ok: true; redirectTo: string } | { ok: false; message: string };

/** A fresh single-use challenge for this browser (discoverable credentials: no account named). */
export async function passkeySignInOptionsAction(): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  try {
    const browserHash = await ensureBrowserHash();
    return await passkeyAssertionOptions("sign-in", browserHash, null, appOrigin(await headers()));
  } catch (error) {
    logError("passkey options failed: a dependency is unavailable", error);
    return null;
  }
}

/** The assertion goes to Auth.js `signIn("passkey")`, whose authorize() verifies it and opens the session. */
export async function passkeySignInAction(response: AuthenticationResponseJSON, rawCallbackUrl: string): Promise<PasskeyStepResult> {
  const callbackUrl = safeCallbackUrl(rawCallbackUrl, appOrigin(await headers()));
  try {
    // Another account signed in here: its session ends first, as on the code path.
    if ((await auth())?.user) await signOut({ redirect: false });
    const redirectTo: string = await signIn("passkey", { response: JSON.stringify(response), redirectTo: callbackUrl, redirect: false });
    await refreshBrowserCookie();
    return { ok: true, redirectTo };
  } catch (error) {
    if (isRefusedSignIn(error)) return { ok: false, message: failureMessage(failureOfAuthError(error), "request", await requestLocale()) };
    logError("passkey sign-in failed", error);
    return { ok: false, message: failureMessage({ reason: "unavailable" }, "request", await requestLocale()) };
  }
}
