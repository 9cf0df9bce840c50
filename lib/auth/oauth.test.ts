import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { checkSession, openSession } from "@/lib/auth/session";
import { oauthProfileFrom, signInWithOAuth, type OAuthProfile } from "@/lib/auth/oauth";
import { createChallenge } from "@/lib/auth/challenge";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { config } from "@/lib/config";

const request = { ip: null, userAgent: "vitest" };
const address = () => `o-${randomUUID().slice(0, 8)}@example.com`;
const profile = (over: Partial<OAuthProfile> = {}): OAuthProfile => ({
  provider: "oidc",
  providerAccountId: randomUUID(),
  email: address(),
  emailVerified: true,
  ...over,
});

async function accountsOf(userId: string) {
  const db = await getDb();
  return db.account.findMany({ where: { userId }, select: { provider: true, providerAccountId: true } });
}

describe("signInWithOAuth", () => {
  it("creates a user for an unknown verified email, links the provider account, and opens a checked session", async () => {
    const p = profile();
    const first = await signInWithOAuth({ profile: p, request, allowSignUp: true });
    if (!first.ok) throw new Error(first.reason);
    expect(first.email).toBe(p.email);
    expect(await checkSession(first.sessionId)).toEqual({ userId: first.userId, email: p.email });
    expect(await accountsOf(first.userId)).toEqual([{ provider: "oidc", providerAccountId: p.providerAccountId }]);
    const db = await getDb();
    const event = await db.authEvent.findFirst({ where: { userId: first.userId, type: "sign-in-succeeded" } });
    expect(event?.detail).toBe("oauth:oidc");

    // The same provider account again: the same user, a new session, still one account row.
    const again = await signInWithOAuth({ profile: p, request, allowSignUp: false });
    expect(again.ok && again.userId).toBe(first.userId);
    expect(again.ok && again.sessionId).not.toBe(first.sessionId);
    expect(await accountsOf(first.userId)).toHaveLength(1);
  });

  it("links an existing user only by a verified email", async () => {
    const email = address();
    const codeUser = await openSession({ identity: { email }, method: "code", request, allowSignUp: true });
    if (!codeUser.ok) throw new Error(codeUser.reason);

    const unverified = profile({ email, emailVerified: false });
    expect(await signInWithOAuth({ profile: unverified, request, allowSignUp: true })).toEqual({ ok: false, reason: "unverified-email" });
    expect(await accountsOf(codeUser.userId)).toEqual([]);
    const db = await getDb();
    expect(await db.session.count({ where: { userId: codeUser.userId } })).toBe(1);

    const verified = profile({ email: email.toUpperCase(), emailVerified: true });
    const linked = await signInWithOAuth({ profile: verified, request, allowSignUp: false });
    expect(linked.ok && linked.userId).toBe(codeUser.userId);
    expect(await accountsOf(codeUser.userId)).toEqual([{ provider: "oidc", providerAccountId: verified.providerAccountId }]);
  });

  it("a known provider account signs in as its user even when its email has changed or is unverified now", async () => {
    const p = profile();
    const first = await signInWithOAuth({ profile: p, request, allowSignUp: true });
    if (!first.ok) throw new Error(first.reason);
    const later = await signInWithOAuth({ profile: { ...p, email: address(), emailVerified: false }, request, allowSignUp: false });
    expect(later.ok && later.userId).toBe(first.userId);
  });

  it("refuses an unknown verified email when sign-up is off, and refuses a missing email", async () => {
    expect(await signInWithOAuth({ profile: profile(), request, allowSignUp: false })).toEqual({ ok: false, reason: "no-account" });
    expect(await signInWithOAuth({ profile: profile({ email: null }), request, allowSignUp: true })).toEqual({ ok: false, reason: "unverified-email" });
    expect(await signInWithOAuth({ profile: profile({ email: "not an email" }), request, allowSignUp: true })).toEqual({ ok: false, reason: "unverified-email" });
  });

  it("two first sign-ins of one provider account racing end with one user and one account row", async () => {
    const p = profile();
    const [a, b] = await Promise.all([
      signInWithOAuth({ profile: p, request, allowSignUp: true }),
      signInWithOAuth({ profile: p, request, allowSignUp: true }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.userId).toBe(b.userId);
      expect(await accountsOf(a.userId)).toHaveLength(1);
    }
  });
});

describe("signInWithOAuth and known browsers (S12)", () => {
  const newBrowser = () => hashToken(generateToken());
  const knownBrowsers = async (userId: string) =>
    (await (await getDb()).knownBrowser.findMany({ where: { userId }, select: { browserHash: true } })).map((k) => k.browserHash).sort();

  it("the browser a provider sign-in came from is a known browser of the account, on the first sign-in and on later ones", async () => {
    const p = profile();
    const laptop = newBrowser();
    const first = await signInWithOAuth({ profile: p, request, allowSignUp: true, browserHash: laptop });
    if (!first.ok) throw new Error(first.reason);
    expect(await knownBrowsers(first.userId)).toEqual([laptop]);

    // The provider account is linked now: a later sign-in takes the other path, and remembers its browser too.
    const phone = newBrowser();
    const again = await signInWithOAuth({ profile: p, request, allowSignUp: false, browserHash: phone });
    expect(again.ok && again.userId).toBe(first.userId);
    expect(await knownBrowsers(first.userId)).toEqual([laptop, phone].sort());

    // No cookie: the sign-in works and nothing is remembered.
    const cookieless = await signInWithOAuth({ profile: p, request, allowSignUp: false, browserHash: null });
    expect(cookieless.ok).toBe(true);
    expect(await knownBrowsers(first.userId)).toEqual([laptop, phone].sort());
  });

  it("a stranger who spends the address's shared sends cannot stop the browser that signed in with the provider from getting a code", async () => {
    const email = address();
    const owner = newBrowser();
    const signedIn = await signInWithOAuth({ profile: profile({ email }), request, allowSignUp: true, browserHash: owner });
    expect(signedIn.ok).toBe(true);

    const ask = (browserHash: string) => createChallenge({ email, purpose: "sign-in", browserHash, ip: "203.0.113.9", userAgent: "vitest" });
    const burst = await Promise.all(Array.from({ length: config.limits.email.freeSends + 2 }, () => ask(newBrowser())));
    expect(burst.filter((r) => r.ok)).toHaveLength(config.limits.email.freeSends);
    expect(await ask(newBrowser())).toMatchObject({ ok: false, reason: "email-limited" });
    // Without the provider sign-in's browser hash this browser would share the spent budget and wait.
    expect((await ask(owner)).ok).toBe(true);
  });
});

describe("oauthProfileFrom", () => {
  it("counts an email as verified only when the claim is literally true", () => {
    const account = { provider: "oidc", providerAccountId: "1" };
    expect(oauthProfileFrom(account, { email: "a@example.com", email_verified: true }).emailVerified).toBe(true);
    for (const claim of ["true", 1, undefined, null, false]) {
      expect(oauthProfileFrom(account, { email: "a@example.com", email_verified: claim }).emailVerified).toBe(false);
    }
    expect(oauthProfileFrom(account, undefined)).toEqual({ provider: "oidc", providerAccountId: "1", email: null, emailVerified: false });
  });
});
