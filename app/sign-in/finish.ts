import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError, type Session } from "next-auth";
import { auth, signIn, signOut, MagicCodeError, type SignInFailure } from "@/auth";
import { approveChallengeForBrowser } from "@/lib/auth/approval";
import { checkCodeWithLimits } from "@/lib/auth/limits";
import { readBrowserHash } from "@/lib/auth/browser";
import { config } from "@/lib/config";
import { readRequestInfo } from "@/lib/request-info";
import { isChallengeId } from "@/lib/ids";

/**
 * The last step of every sign-in that does not go straight through the code
 * form: a link opened in the asking browser, an approval from another device,
 * or a code typed while someone else is signed in here. All of them end in
 * Auth.js `signIn("magic-code")`, whose single-statement consume decides.
 *
 * User switch (F3): when this browser holds A's session and the challenge is
 * B's, `config.userSwitch` decides. "confirm" marks the challenge approved for
 * this browser (nothing consumed, no secret leaves the server) and sends the
 * person to /sign-in/switch; "switch" signs A out and B in.
 */

type SignedInUser = Session["user"];

export function switchPath(challengeId: string, callbackUrl: string): string {
  const params = new URLSearchParams({ challengeId });
  if (callbackUrl !== config.defaultRedirect) params.set("callbackUrl", callbackUrl);
  return `/sign-in/switch?${params}`;
}

export async function currentUser(): Promise<SignedInUser | null> {
  // No session cookie, no session: skip Auth.js's decode and the session check
  // on the common path (a signed-out browser signing in).
  const jar = await cookies();
  if (!jar.getAll().some((c) => /^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(c.name))) return null;
  return (await auth())?.user ?? null;
}

/** Another account is signed in here and the config says to ask first. */
export function mustConfirmSwitch(current: SignedInUser | null, email: string): current is SignedInUser {
  return Boolean(current) && config.userSwitch === "confirm" && current!.email !== email;
}

/**
 * Runs Auth.js sign-in for this browser; on success it redirects (throws).
 * With a session already here, that session is ended first (server-side too),
 * so a switch never leaves A's session behind. Refusals come back as values.
 */
export async function completeSignIn(input: {
  challengeId: string;
  callbackUrl: string;
  credentials: { approved: "1" } | { linkToken: string };
  replaceSession: boolean;
}): Promise<{ reason: SignInFailure; attemptsLeft?: number }> {
  try {
    if (input.replaceSession) await signOut({ redirect: false });
    await signIn("magic-code", { challengeId: input.challengeId, ...input.credentials, redirectTo: input.callbackUrl });
  } catch (error) {
    if (!(error instanceof AuthError && error.type === "CredentialsSignin")) throw error; // incl. redirect() on success
    return refusalOf(error);
  }
  return { reason: "missing" }; // not reached: signIn redirects on success
}

/** A challenge approved for this browser: ask about a user switch, or sign in. */
export async function finishApprovedSignIn(input: {
  challengeId: string;
  email: string;
  callbackUrl: string;
  current?: SignedInUser | null;
}): Promise<{ reason: SignInFailure; attemptsLeft?: number }> {
  const current = input.current === undefined ? await currentUser() : input.current;
  if (mustConfirmSwitch(current, input.email)) redirect(switchPath(input.challengeId, input.callbackUrl));
  return completeSignIn({
    challengeId: input.challengeId,
    callbackUrl: input.callbackUrl,
    credentials: { approved: "1" },
    replaceSession: Boolean(current),
  });
}

/**
 * The code form while someone is signed in here: the code is checked (the
 * attempt counted) without consuming, the challenge is approved for this
 * browser, then the switch is confirmed or done. Refusals throw MagicCodeError
 * exactly as `signIn` would, so the code form handles both paths alike.
 */
export async function finishCodeWhileSignedIn(input: {
  challengeId: string;
  code: string;
  callbackUrl: string;
  current: SignedInUser;
}): Promise<void> {
  const browserHash = await readBrowserHash();
  if (!browserHash) throw new MagicCodeError("missing-browser");
  if (!isChallengeId(input.challengeId)) throw new MagicCodeError("invalid-input");
  // The same limits as the code path in authorize() (S5): per IP, per email, per challenge.
  const checked = await checkCodeWithLimits({
    challengeId: input.challengeId,
    browserHash,
    purpose: "sign-in",
    code: input.code,
    ip: (await readRequestInfo()).ip,
  });
  if (!checked.ok) {
    throw new MagicCodeError(
      checked.reason,
      checked.reason === "wrong-code" ? checked.attemptsLeft : "retryAfterSeconds" in checked ? checked.retryAfterSeconds : undefined,
    );
  }
  if (!(await approveChallengeForBrowser(input.challengeId, browserHash))) throw new MagicCodeError("used");
  const refused = await finishApprovedSignIn({ ...input, email: checked.email });
  throw new MagicCodeError(refused.reason, refused.attemptsLeft);
}

export function refusalOf(error: AuthError): { reason: SignInFailure; attemptsLeft?: number } {
  if (error instanceof MagicCodeError) return { reason: error.reason, attemptsLeft: error.attemptsLeft };
  const [reason, left] = String((error as { code?: string }).code ?? "missing").split(":");
  return { reason: reason as SignInFailure, attemptsLeft: left ? Number(left) : undefined };
}
