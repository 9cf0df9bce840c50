import "server-only";
import { getDb } from "@/lib/db";
import { parseEmail } from "@/lib/auth/email-address";
import { endSession, openSession } from "@/lib/auth/session";

/**
 * Sign-in through another provider (GitHub, OIDC): which of our users a
 * provider account is, and a session for them through the one session seam
 * (`openSession`), like every other way in. Rules
 * (docs/decisions/0028-oauth-providers.md):
 * - a provider account seen before signs in as the user it was linked to;
 * - otherwise it is linked by email, and only by an email the provider says
 *   it verified (an unverified address could be anyone's: linking by it would
 *   hand that account to whoever typed it in at the provider);
 * - an unknown verified email is a new user when sign-up is allowed.
 */
export type OAuthProfile = {
  /** Auth.js provider id ("github", "oidc"). */
  provider: string;
  providerAccountId: string;
  email: string | null;
  emailVerified: boolean;
};

export type OAuthRefusal = "unverified-email" | "no-account" | "used";

export type OAuthSignIn =
  | { ok: true; userId: string; email: string; sessionId: string; linked: boolean }
  | { ok: false; reason: OAuthRefusal };

export async function signInWithOAuth(input: {
  profile: OAuthProfile;
  request: { ip: string | null; userAgent: string | null };
  allowSignUp: boolean;
  /**
   * The browser's cookie hash, if it has one: like a code or link sign-in,
   * a provider sign-in makes it a known browser of the account, with limits
   * of its own for the next email code (S12).
   */
  browserHash?: string | null;
}): Promise<OAuthSignIn> {
  const { provider, providerAccountId } = input.profile;
  const method = `oauth:${provider}`;
  const session = { method, request: input.request, allowSignUp: input.allowSignUp, browserHash: input.browserHash ?? null };
  const db = await getDb();
  const known = await db.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { userId: true },
  });
  if (known) {
    const opened = await openSession({ identity: { userId: known.userId }, ...session });
    return opened.ok ? { ...opened, linked: false } : opened;
  }

  const parsed = input.profile.emailVerified === true ? parseEmail(input.profile.email) : null;
  if (!parsed?.ok) return { ok: false, reason: "unverified-email" };

  // Finds the user by this email or (sign-up allowed) creates them.
  const open = () => openSession({ identity: { email: parsed.email }, ...session });
  let opened = await open();
  // Two first sign-ins racing: the statement whose insert of the user loses
  // (ON CONFLICT DO NOTHING) cannot see the winner's row in its own snapshot,
  // so it finds no account. With sign-up on that only means the user exists
  // now: one more statement finds them (accountForProvenSql).
  if (!opened.ok && opened.reason === "no-account" && input.allowSignUp) opened = await open();
  if (!opened.ok) return opened;
  await db.account.createMany({ data: [{ provider, providerAccountId, userId: opened.userId }], skipDuplicates: true });
  // Two first sign-ins racing: both link the same user (same email) and the
  // second insert is skipped. Should the row name someone else, this session
  // must not stand.
  const owner = await db.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { userId: true },
  });
  if (owner?.userId !== opened.userId) {
    await endSession(opened.sessionId);
    return { ok: false, reason: "used" };
  }
  return { ...opened, linked: true };
}

/**
 * What Auth.js hands the signIn callback, reduced to what linking needs.
 * `email_verified` must be literally true (OIDC claim, or set by our GitHub
 * userinfo from GitHub's own `verified` flag): a string "true" or a missing
 * claim is not a verification.
 */
export function oauthProfileFrom(
  account: { provider: string; providerAccountId: string },
  profile: Record<string, unknown> | undefined,
): OAuthProfile {
  return {
    provider: account.provider,
    providerAccountId: account.providerAccountId,
    email: typeof profile?.email === "string" ? profile.email : null,
    emailVerified: profile?.email_verified === true,
  };
}
