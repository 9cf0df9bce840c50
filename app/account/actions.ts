"use server";

import { redirect, unstable_rethrow } from "next/navigation";
import { auth, signOut } from "@/auth";
import { ensureBrowserHash, readBrowserHash } from "@/lib/auth/browser";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { normalizeCode } from "@/lib/auth/code";
import { parseEmail } from "@/lib/auth/email-address";
import { completeAccountPurpose, startAccountPurpose, type purposes } from "@/lib/auth/purposes";
import { revokeOtherSessions, revokeSession } from "@/lib/auth/session";
import { recordEvent } from "@/lib/activity";
import { readField, type FormState } from "@/lib/form-state";
import { readRequestInfo } from "@/lib/request-info";
import { logError } from "@/lib/log";
import { isSessionHash } from "@/lib/ids";
import { failureMessage } from "@/app/sign-in/verify/messages";
import { requestRefusalMessage } from "@/app/sign-in/request-messages";

type AccountPurposeName = keyof typeof purposes;

async function requireUser() {
  const session = await auth();
  if (!session?.user?.id) redirect("/sign-in?callbackUrl=%2Faccount");
  return { user: { id: session.user.id, email: session.user.email }, sessionHash: session.sessionHash };
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

async function start(purpose: AccountPurposeName, input: string): Promise<FormState> {
  const { user } = await requireUser();
  const result = await startAccountPurpose(purpose, {
    user,
    input,
    browserHash: await ensureBrowserHash(),
    request: await readRequestInfo(),
  });
  if (!result.ok) {
    switch (result.reason) {
      case "cooldown":
        // A code is already on its way: finish that one.
        redirect(`/account/confirm?purpose=${purpose}`);
      case "same-address":
        return { tone: "error", message: "That is already your email address.", errors: { email: "That is already your email address." }, fields: { email: input } };
      case "email-failed":
        return { tone: "error", message: "We couldn't send the email just now. Please try again in a minute.", fields: { email: input } };
      case "email-limited":
      case "ip-limited":
        return { tone: "error", message: requestRefusalMessage({ ok: false, reason: result.reason, retryAfterSeconds: result.retryAfterSeconds }), fields: { email: input } };
      case "unavailable":
        return { tone: "error", message: requestRefusalMessage({ ok: false, reason: "unavailable" }), fields: { email: input } };
    }
  }
  redirect(`/account/confirm?purpose=${purpose}`);
}

export async function startEmailChangeAction(prev: FormState, formData: FormData): Promise<FormState> {
  return orMessage(() => startEmailChangeWork(prev, formData));
}

async function startEmailChangeWork(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = readField(formData, "email", 1024);
  const parsed = parseEmail(raw);
  if (!parsed.ok) return { tone: "error", message: parsed.message, errors: { email: parsed.message }, fields: { email: raw.slice(0, 320) } };
  return start("change-email", parsed.email);
}

export async function startDeletionAction(_prev: FormState): Promise<FormState> {
  return orMessage(() => start("delete-account", ""));
}

export async function confirmPurposeAction(prev: FormState, formData: FormData): Promise<FormState> {
  return orMessage(() => confirmPurposeWork(prev, formData));
}

async function confirmPurposeWork(_prev: FormState, formData: FormData): Promise<FormState> {
  const { user, sessionHash } = await requireUser();
  const purpose = readField(formData, "purpose", 32);
  if (purpose !== "change-email" && purpose !== "delete-account") return { tone: "error", message: "Unknown action." };
  const rawCode = readField(formData, "code", 64);
  const code = normalizeCode(rawCode);
  if (!code) {
    return { tone: "error", message: "Enter the code from the email, like ABC-123.", errors: { code: "invalid" }, fields: { code: rawCode } };
  }
  const browserHash = await readBrowserHash();
  const pending = browserHash ? await findPendingChallenge(browserHash, purpose) : null;
  if (!browserHash || !pending) return { tone: "error", message: failureMessage("missing").message, dead: true };

  const result = await completeAccountPurpose(purpose, {
    challengeId: pending.id,
    code,
    browserHash,
    user,
    sessionHash,
    request: await readRequestInfo(),
  });
  if (!result.ok) {
    if (result.reason === "unavailable-address") {
      return { tone: "error", message: "That email address can't be used. Choose another one.", dead: true };
    }
    const { message, dead } = failureMessage(
      result.reason === "denied" ? "expired" : result.reason,
      result.reason === "wrong-code" ? result.attemptsLeft : "retryAfterSeconds" in result ? result.retryAfterSeconds : undefined,
    );
    return { tone: "error", message, dead, fields: { code: rawCode } };
  }
  if (result.signOut) await signOut({ redirectTo: "/?notice=account-deleted" });
  redirect("/account?notice=email-changed");
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
    return { tone: "error", message: "That didn't work: the service is unavailable right now. Please try again in a minute." };
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
