"use server";

import { redirect, unstable_rethrow } from "next/navigation";
import { signOut } from "@/auth";
import { parseEmail } from "@/lib/auth/email-address";
import {
  confirmAccountPurpose,
  findPendingAccountChallenge,
  isAccountPurpose,
  readSignedInAccount,
  startAccountPurpose,
  type AccountPurpose,
} from "@/lib/auth/account";
import { refusalState } from "@/lib/auth/failures";
import { purposeDoneNotice } from "@/lib/auth/purpose-copy";
import { revokeOtherSessions, revokeSession } from "@/lib/auth/session";
import { recordEvent } from "@/lib/activity";
import { readField, type FormState } from "@/lib/form-state";
import { readRequestInfo } from "@/lib/request-info";
import { logError } from "@/lib/log";
import { isSessionHash } from "@/lib/ids";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translator } from "@/lib/i18n/translate";

async function requireUser() {
  const account = await readSignedInAccount();
  if (!account) redirect("/sign-in?callbackUrl=%2Faccount");
  return account;
}

export async function revokeSessionAction(formData: FormData): Promise<void> {
  return orNotice(() => revokeSessionWork(formData));
}

async function revokeSessionWork(formData: FormData): Promise<void> {
  const { user, sessionHash } = await requireUser();
  const target = readField(formData, "sessionId", 128);
  if (isSessionHash(target) && target !== sessionHash && (await revokeSession(user.id, target))) {
    const info = await readRequestInfo();
    await recordEvent({ type: "session-revoked", userId: user.id, ip: info.ip, userAgent: info.userAgent });
  }
  redirect("/account?notice=session-revoked");
}

export async function revokeOtherSessionsAction(): Promise<void> {
  return orNotice(revokeOtherSessionsWork);
}

async function revokeOtherSessionsWork(): Promise<void> {
  const { user, sessionHash } = await requireUser();
  const count = await revokeOtherSessions(user.id, sessionHash);
  if (count > 0) {
    const info = await readRequestInfo();
    await recordEvent({ type: "session-revoked", userId: user.id, ip: info.ip, userAgent: info.userAgent, detail: `${count} other session${count === 1 ? "" : "s"}` });
  }
  redirect("/account?notice=others-signed-out");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

async function start(purpose: AccountPurpose, address: string): Promise<FormState> {
  const account = await requireUser();
  const result = await startAccountPurpose(account, purpose, address, await requestLocale());
  // A code already on its way (cooldown): finish that one. A step-up goes first when needed (result.confirm).
  if (result.ok || result.failure.reason === "cooldown") redirect(`/account/confirm?purpose=${result.confirm}`);
  const state = refusalState(result.failure, "request", await requestLocale(), { fields: { email: address } });
  return result.failure.reason === "same-address" ? { ...state, errors: { email: state.message } } : state;
}

export async function startEmailChangeAction(prev: FormState, formData: FormData): Promise<FormState> {
  return orMessage(() => startEmailChangeWork(prev, formData));
}

async function startEmailChangeWork(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = readField(formData, "email", 1024);
  const parsed = parseEmail(raw);
  if (!parsed.ok) {
    // parseEmail's own words are English; the reader gets the same three cases in theirs.
    const t = translator(await requestLocale(), "account");
    const message = raw.trim() === "" ? t("changeEmail.empty") : raw.trim().length > 254 ? t("changeEmail.tooLong") : t("changeEmail.invalid");
    return { tone: "error", message, errors: { email: message }, fields: { email: raw.slice(0, 320) } };
  }
  return start("change-email", parsed.email);
}

export async function startDeletionAction(_prev: FormState): Promise<FormState> {
  return orMessage(() => start("delete-account", ""));
}

export async function confirmPurposeAction(prev: FormState, formData: FormData): Promise<FormState> {
  return orMessage(() => confirmPurposeWork(prev, formData));
}

async function confirmPurposeWork(_prev: FormState, formData: FormData): Promise<FormState> {
  const account = await requireUser();
  const purpose = readField(formData, "purpose", 32);
  if (!isAccountPurpose(purpose)) return { tone: "error", message: translator(await requestLocale(), "account")("errors.unknownAction") };
  const rawCode = readField(formData, "code", 64);
  const result = await confirmAccountPurpose(account, purpose, rawCode);
  if (!result.ok) {
    // A denial cannot happen to an account code (no link); read it as expired.
    const failure = result.failure.reason === "denied" ? { reason: "expired" as const } : result.failure;
    return refusalState(failure, "code", await requestLocale(), { errors: { code: failure.reason }, fields: { code: rawCode } });
  }
  if (result.signOut) await signOut({ redirectTo: "/?notice=account-deleted" });
  redirect(`/account?notice=${purposeDoneNotice(purpose)}`);
}

/**
 * "Resend code" on a confirm page: the same purpose (and, for a new address,
 * the same address) started again through the pipeline, so the resend
 * cooldown and the send limits hold exactly as for the first code. A
 * step-up that lapsed meanwhile starts "reauthenticate" instead.
 */
export async function resendConfirmationAction(prev: FormState, formData: FormData): Promise<FormState> {
  return orMessage(() => resendConfirmationWork(prev, formData));
}

async function resendConfirmationWork(_prev: FormState, formData: FormData): Promise<FormState> {
  const account = await requireUser();
  const purpose = readField(formData, "purpose", 32);
  if (!isAccountPurpose(purpose)) return { tone: "error", message: translator(await requestLocale(), "account")("errors.unknownAction") };
  const pending = await findPendingAccountChallenge(purpose);
  // Nothing to resend (another browser's cookies, or the code was used): the account page starts afresh.
  if (!pending || pending.state === "used") redirect("/account");
  const locale = await requestLocale();
  const result = await startAccountPurpose(account, purpose, purpose === "change-email" ? pending.email : "", locale);
  if (!result.ok) return refusalState(result.failure, "request", locale);
  redirect(`/account/confirm?purpose=${result.confirm}&notice=resent`);
}

/**
 * S11 at the action boundary: a dependency fault becomes a message (or a
 * notice on the account page), never a 500. Redirects pass through.
 */
async function orMessage(work: () => Promise<FormState>): Promise<FormState> {
  try {
    return await work();
  } catch (error) {
    unstable_rethrow(error);
    logError("account action failed: a dependency is unavailable", error);
    return { tone: "error", message: translator(await requestLocale(), "account")("errors.unavailable") };
  }
}

async function orNotice(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    unstable_rethrow(error);
    logError("account action failed: a dependency is unavailable", error);
    redirect("/account?notice=unavailable");
  }
}
