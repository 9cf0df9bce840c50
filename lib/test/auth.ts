/**
 * Test helpers for the challenge pipeline: the same calls the app makes
 * (prove, then finish), with a fixed request and the old result shape the
 * tests compare against.
 */
import { proveChallenge, type ProveResult } from "@/lib/auth/proof";
import { finishChallenge } from "@/lib/auth/pipeline";
import type { Proof } from "@/lib/auth/proof";
import type { Purpose } from "@/lib/auth/purposes";
import type { Failure } from "@/lib/auth/failures";

export const testRequest = { ip: null, userAgent: "vitest" };

export function proveCode(challengeId: string, browserHash: string, code: string, purpose: Purpose = "sign-in"): Promise<ProveResult> {
  return proveChallenge({ kind: "code", challengeId, code }, { browserHash, purpose, ip: null });
}

export type SignedIn = { ok: true; userId: string; email: string; sessionId: string } | ({ ok: false } & Failure);

/** Finishes a sign-in proof: the session, or why not. */
export async function finishSignIn(proof: Proof, allowSignUp = true): Promise<SignedIn> {
  const finished = await finishChallenge(proof, { user: null, request: testRequest, allowSignUp });
  if (!finished.ok) return { ok: false, ...finished.failure };
  if (!finished.session) throw new Error("sign-in finished without a session");
  return { ok: true, ...finished.session };
}

/** Code → session in one go, as authorize() does. */
export async function signInByCode(challengeId: string, browserHash: string, code: string, allowSignUp = true): Promise<SignedIn> {
  const proved = await proveCode(challengeId, browserHash, code);
  return proved.ok ? finishSignIn(proved.proof, allowSignUp) : { ok: false, ...proved.failure };
}

export function proveLink(challengeId: string, browserHash: string, linkToken: string, purpose: Purpose = "sign-in"): Promise<ProveResult> {
  return proveChallenge({ kind: "link", challengeId, linkToken }, { browserHash, purpose, ip: null });
}

/** The link opened in the asking browser → session. */
export async function signInByLink(challengeId: string, browserHash: string, linkToken: string, allowSignUp = true): Promise<SignedIn> {
  const proved = await proveLink(challengeId, browserHash, linkToken);
  return proved.ok ? finishSignIn(proved.proof, allowSignUp) : { ok: false, ...proved.failure };
}

/** An approved challenge (link approved elsewhere, or a held switch) → session. */
export async function signInApprovedForTest(challengeId: string, browserHash: string, allowSignUp = true): Promise<SignedIn> {
  const proved = await proveChallenge({ kind: "approval", challengeId }, { browserHash, purpose: "sign-in", ip: null });
  return proved.ok ? finishSignIn(proved.proof, allowSignUp) : { ok: false, ...proved.failure };
}

/** Step one as the email form runs it, for a given browser and request; failures flattened as `{ ok: false, reason, … }`. */
export async function requestSignInCode(input: {
  email: string;
  browserHash: string;
  request: { ip: string | null; userAgent: string | null; origin: string };
  callbackUrl?: string;
}): Promise<{ ok: true; challengeId: string } | ({ ok: false } & Failure)> {
  const { startChallenge } = await import("@/lib/auth/pipeline");
  const started = await startChallenge("sign-in", { address: input.email, user: null, browserHash: input.browserHash, request: input.request, callbackUrl: input.callbackUrl });
  return started.ok ? started : { ok: false, ...started.failure };
}
