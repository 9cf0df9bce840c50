"use server";

import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { signIn } from "@/auth";
import { getProviderEnv } from "@/lib/env";
import { configuredProviders } from "@/lib/auth/providers";
import { readField } from "@/lib/form-state";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { logError } from "@/lib/log";
import { ensureBrowserHash } from "@/lib/auth/browser";

/**
 * "Continue with <provider>": Auth.js answers with a redirect to the
 * provider's authorization page (a 303 for a no-JS form post; CSP form-action
 * allows exactly that origin). Only configured providers; the callback URL is
 * checked like everywhere else (S9).
 */
export async function continueWithProviderAction(formData: FormData): Promise<void> {
  const id = readField(formData, "provider", 64);
  const provider = configuredProviders(getProviderEnv()).find((p) => p.id === id);
  if (!provider) redirect("/sign-in");
  const redirectTo = safeCallbackUrl(readField(formData, "callbackUrl"), appOrigin(await headers()));
  // The browser cookie (minted now if this browser has none, its expiry
  // renewed otherwise) comes back with the provider's callback: the sign-in
  // then makes this a known browser of the account, with limits of its own
  // for a later email code (S12).
  await ensureBrowserHash();
  try {
    await signIn(provider.id, { redirectTo });
  } catch (error) {
    unstable_rethrow(error); // the redirect to the provider
    // The provider's discovery document or endpoints unreachable.
    logError(`sign-in with ${provider.id} could not start`, error);
    redirect("/sign-in/error?error=provider-unavailable");
  }
}
