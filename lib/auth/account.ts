import "server-only";
import { auth } from "@/auth";
import { ensureBrowserHash, readBrowserHash } from "@/lib/auth/browser";
import { normalizeCode } from "@/lib/auth/code";
import { findPendingChallenge, type PendingChallenge } from "@/lib/auth/challenge";
import { finishChallenge, proveStep, startChallenge, type StartResult } from "@/lib/auth/pipeline";
import { isPurpose, purposes, type AccountUser, type FinishResult, type Purpose } from "@/lib/auth/purposes";
import { readRequestInfo } from "@/lib/request-info";
import type { Locale } from "@/lib/i18n/locales";

/**
 * The account purposes as the account pages drive them: the signed-in user
 * comes from the session, the browser from its cookie; the pipeline does
 * the rest (lib/auth/pipeline.ts).
 */
export type AccountPurpose = Exclude<Purpose, "sign-in" | "api-sign-in">;

/** A purpose a signed-in user starts from the account page (read from the registry, never listed here). */
export function isAccountPurpose(value: unknown): value is AccountPurpose {
  return isPurpose(value) && purposes[value].startedBy === "signed-in";
}

export type SignedInAccount = { user: AccountUser; sessionHash: string | undefined };

/** The signed-in account of this browser (checked against its session row), or null. */
export async function readSignedInAccount(): Promise<SignedInAccount | null> {
  const session = await auth();
  if (!session?.user?.id) return null;
  return { user: { id: session.user.id, email: session.user.email }, sessionHash: session.sessionHash };
}

/** A started account purpose, and the purpose whose code the person must type next. */
export type AccountStartResult = StartResult & { confirm: AccountPurpose };

/**
 * Sends the code for an account purpose, bound to this browser and this user.
 * A purpose that needs a fresh proof of the account (step-up, S13) and does
 * not have one starts "reauthenticate" instead: a code to the account's
 * current address; once typed, the person asks again. The code goes out in
 * `locale`, the asking browser's (requestLocale()).
 */
export async function startAccountPurpose(account: SignedInAccount, purpose: AccountPurpose, address: string, locale: Locale): Promise<AccountStartResult> {
  const input = { address, user: account.user, browserHash: await ensureBrowserHash(), request: await readRequestInfo(), sessionHash: account.sessionHash, locale };
  const started = await startChallenge(purpose, input);
  if (started.ok || started.failure.reason !== "step-up-required") return { ...started, confirm: purpose };
  return { ...(await startChallenge("reauthenticate", { ...input, address: "" })), confirm: "reauthenticate" };
}

/** This browser's latest challenge for the purpose (the confirm page shows it). */
export async function findPendingAccountChallenge(purpose: AccountPurpose): Promise<PendingChallenge | null> {
  const browserHash = await readBrowserHash();
  return browserHash ? findPendingChallenge(browserHash, purpose) : null;
}

/**
 * The confirm form: the code for this browser's pending challenge of the
 * purpose (purpose-bound: a sign-in code never passes here, nor this one at
 * sign-in), then the purpose's success.
 */
export async function confirmAccountPurpose(account: SignedInAccount, purpose: AccountPurpose, rawCode: string): Promise<FinishResult> {
  const code = normalizeCode(rawCode);
  if (!code) return { ok: false, failure: { reason: rawCode.trim() ? "malformed-code" : "invalid-input" } };
  const browserHash = await readBrowserHash();
  const pending = browserHash ? await findPendingChallenge(browserHash, purpose) : null;
  if (!browserHash || !pending) return { ok: false, failure: { reason: "missing" } };
  const request = await readRequestInfo();
  const proved = await proveStep({ kind: "code", challengeId: pending.id, code }, { browserHash, purpose, request });
  if (!proved.ok) return proved;
  return finishChallenge(proved.proof, { user: account.user, sessionHash: account.sessionHash, request });
}
