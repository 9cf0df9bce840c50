"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { signOut } from "@/auth";
import { readSignedInAccount } from "@/lib/auth/account";
import { ensureBrowserHash } from "@/lib/auth/browser";
import { failureMessage, type Failure } from "@/lib/auth/failures";
import { finishWithFreshSession } from "@/lib/auth/pipeline";
import { clearPasskeyOffer, snoozePasskeyOffer } from "@/lib/auth/passkey-offer";
import {
  deletePasskey,
  passkeyAssertionOptions,
  passkeyRegistrationOptions,
  registerPasskey,
  renamePasskey,
  verifyPasskeyAssertion,
} from "@/lib/auth/passkeys";
import { markSessionProven } from "@/lib/auth/session";
import { readField } from "@/lib/form-state";
import { appOrigin, readRequestInfo } from "@/lib/request-info";
import { logError } from "@/lib/log";
import { requestLocale } from "@/lib/i18n/request-locale";

export type PasskeyActionResult = { ok: true; redirectTo: string } | { ok: false; message: string };

const refused = async (failure: Failure): Promise<PasskeyActionResult> => ({
  ok: false,
  message: failureMessage(failure, "request", await requestLocale()),
});

async function context() {
  const account = await readSignedInAccount();
  const info = await readRequestInfo();
  return { account, request: { ip: info.ip, userAgent: info.userAgent }, origin: appOrigin(await headers()), browserHash: await ensureBrowserHash() };
}

async function orUnavailable<T>(work: () => Promise<T>, fallback: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    logError("passkey step failed: a dependency is unavailable", error);
    return fallback();
  }
}

export async function passkeyRegistrationOptionsAction(): Promise<PublicKeyCredentialCreationOptionsJSON | null> {
  return orUnavailable(async () => {
    const { account, browserHash, origin } = await context();
    return account ? passkeyRegistrationOptions(account.user, browserHash, origin) : null;
  }, () => null);
}

export async function passkeyRegisterAction(response: RegistrationResponseJSON): Promise<PasskeyActionResult> {
  return orUnavailable(async () => {
    const { account, browserHash, origin, request } = await context();
    if (!account) return refused({ reason: "not-signed-in" });
    const registered = await registerPasskey(account.user, browserHash, response, { ...request, locale: await requestLocale() }, origin);
    if (!registered.ok) return refused(registered.failure);
    await clearPasskeyOffer();
    return { ok: true, redirectTo: "/account?notice=passkey-added" };
  }, () => refused({ reason: "unavailable" }));
}

/** "Not now" (a plain form: works without JavaScript). */
export async function snoozePasskeyOfferAction(): Promise<void> {
  await snoozePasskeyOffer();
  redirect("/account");
}

export async function renamePasskeyAction(formData: FormData): Promise<void> {
  const account = await readSignedInAccount();
  if (!account) redirect("/sign-in?callbackUrl=%2Faccount");
  const ok = await orUnavailable(() => renamePasskey(account.user.id, readField(formData, "id", 512), readField(formData, "name", 200)), () => false);
  redirect(ok ? "/account?notice=passkey-renamed" : "/account?notice=unavailable");
}

export async function deletePasskeyAction(formData: FormData): Promise<void> {
  const { account, request } = await context();
  if (!account) redirect("/sign-in?callbackUrl=%2Faccount");
  await orUnavailable(() => deletePasskey(account.user.id, readField(formData, "id", 512), request), () => false);
  redirect("/account?notice=passkey-removed");
}

/** Step-up: a prompt for this user's own passkeys, bound to this browser and user. */
export async function passkeyStepUpOptionsAction(): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  return orUnavailable(async () => {
    const { account, browserHash, origin } = await context();
    return account ? passkeyAssertionOptions("step-up", browserHash, account.user.id, origin) : null;
  }, () => null);
}

/** The step-up proof itself: the signed-in user's own passkey, in this browser. */
async function stepUp(response: AuthenticationResponseJSON) {
  const { account, browserHash, origin, request } = await context();
  if (!account?.sessionHash) return { ok: false as const, failure: { reason: "not-signed-in" } as Failure };
  const verified = await verifyPasskeyAssertion(response, { purpose: "step-up", browserHash, userId: account.user.id, request, fallbackOrigin: origin });
  if (!verified.ok) return verified;
  await markSessionProven(account.sessionHash);
  return { ok: true as const, account: { user: account.user, sessionHash: account.sessionHash }, request };
}

/** "Confirm it's you with a passkey": the session counts as freshly proven (change email needs that, S13). */
export async function confirmWithPasskeyAction(response: AuthenticationResponseJSON): Promise<PasskeyActionResult> {
  return orUnavailable(async (): Promise<PasskeyActionResult> => {
    const proven = await stepUp(response);
    return proven.ok ? { ok: true, redirectTo: "/account?notice=proven" } : refused(proven.failure);
  }, () => refused({ reason: "unavailable" }));
}

/**
 * Delete the account with a passkey instead of an emailed code: the
 * signed-in user's own passkey marks the session freshly proven, and the
 * pipeline finishes "delete-account" on that fresh proof.
 */
export async function deleteAccountWithPasskeyAction(response: AuthenticationResponseJSON): Promise<PasskeyActionResult> {
  const result = await orUnavailable(async (): Promise<PasskeyActionResult> => {
    const proven = await stepUp(response);
    if (!proven.ok) return refused(proven.failure);
    const { account, request } = proven;
    const finished = await finishWithFreshSession("delete-account", { user: account.user, sessionHash: account.sessionHash, request });
    if (!finished.ok) return refused(finished.failure);
    return { ok: true, redirectTo: "/?notice=account-deleted" };
  }, () => refused({ reason: "unavailable" }));
  if (result.ok) await signOut({ redirect: false });
  return result;
}
