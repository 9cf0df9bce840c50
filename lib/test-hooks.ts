import "server-only";
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { getEnv, isMailboxEnabled } from "@/lib/env";
import { openSession } from "@/lib/auth/session";
import { mailboxKey } from "@/lib/auth/mailbox";
import { hashUserCode } from "@/lib/auth/secrets";
import { normalizeUserCode } from "@/lib/auth/device-rules";
import { authSecrets } from "@/lib/auth/auth-secrets";

/**
 * Hooks for end-to-end tests that cannot wait ten minutes for a code to
 * expire. Off unless MAGIC_CODE_TEST_HOOKS=1 *and* the dev mailbox is the
 * email transport, so a deployment with real email never has them.
 */
export function testHooksEnabled(): boolean {
  return getEnv().MAGIC_CODE_TEST_HOOKS === true && isMailboxEnabled();
}

/** Moves every open challenge for an email past its expiry. */
export async function expireChallenges(email: string): Promise<number> {
  const db = await getDb();
  return db.$executeRaw`
    UPDATE "Challenge" SET "expiresAt" = now() - interval '1 second', "createdAt" = "createdAt" - interval '1 hour'
    WHERE "email" = ${email} AND "consumedAt" IS NULL`;
}

/** Creates a user directly (a seeded account), as sign-up-off deployments have. */
export async function createUser(email: string): Promise<string> {
  const db = await getDb();
  const user = await db.user.upsert({
    where: { email },
    create: { id: randomUUID(), email, emailVerified: new Date() },
    update: {},
  });
  return user.id;
}

/** Makes every session of the account look proven long ago (a stolen cookie's session, past the step-up window). */
export async function ageSessionProof(email: string): Promise<number> {
  const db = await getDb();
  return db.$executeRaw`
    UPDATE "Session" SET "provenAt" = now() - interval '1 day'
    WHERE "userId" IN (SELECT "id" FROM "User" WHERE "email" = ${email})`;
}

/** Moves every open undo link sent to this (old) address past its expiry. */
export async function expireEmailUndos(email: string): Promise<number> {
  const db = await getDb();
  return db.$executeRaw`
    UPDATE "EmailChangeUndo" SET "expiresAt" = now() - interval '1 second' WHERE "oldEmail" = ${email} AND "usedAt" IS NULL`;
}

export type TestSessionCookie = {
  name: string;
  value: string;
  path: "/";
  httpOnly: true;
  secure: boolean;
  sameSite: "Lax";
  /** Unix seconds, as Playwright's storageState has it. */
  expires: number;
};

/**
 * A signed-in state without the UI, for fast authenticated tests: the user
 * (created if missing), a server-side session row like a real sign-in opens
 * (so the account page lists it and revocation works), and the Auth.js
 * session cookie that carries it. The cookie is minted exactly as Auth.js
 * does (JWE, salt = cookie name), so the app cannot tell it from a real one.
 */
export async function openTestSession(input: { email: string; ip: string | null; userAgent: string | null }): Promise<{
  userId: string;
  email: string;
  cookie: TestSessionCookie;
}> {
  const env = getEnv();
  // The same seam as every real sign-in: user found or created, session row, "Signed in (test-hook)".
  const opened = await openSession({
    identity: { email: input.email },
    method: "test-hook",
    request: { ip: input.ip, userAgent: input.userAgent },
    allowSignUp: true,
  });
  if (!opened.ok) throw new Error(`test hook could not open a session: ${opened.reason}`);
  const { userId, sessionId } = opened;
  const secure = (env.AUTH_URL ?? "").startsWith("https://");
  const name = secure ? "__Secure-authjs.session-token" : "authjs.session-token";
  const maxAge = config.session.maxAgeSeconds;
  const value = await encode({
    token: { sub: userId, uid: userId, sid: sessionId, email: input.email },
    secret: authSecrets(env),
    salt: name,
    maxAge,
  });
  return {
    userId,
    email: input.email,
    cookie: { name, value, path: "/", httpOnly: true, secure, sameSite: "Lax", expires: Math.floor(Date.now() / 1000) + maxAge },
  };
}

/** Deletes what a test made for these addresses: users (and with them sessions, events), challenges, limits, mailbox. */
export async function cleanupAddresses(emails: string[]): Promise<number> {
  if (emails.length === 0) return 0;
  const db = await getDb();
  const [users] = await db.$transaction([
    db.user.deleteMany({ where: { email: { in: emails } } }),
    db.challenge.deleteMany({ where: { email: { in: emails } } }),
    db.emailLimit.deleteMany({ where: { mailboxKey: { in: emails.map(mailboxKey) } } }),
    db.authEvent.deleteMany({ where: { email: { in: emails } } }),
    db.mailboxMessage.deleteMany({ where: { to: { in: emails } } }),
  ]);
  return users.count;
}

/** Moves a device authorization (by its user code) past its expiry. */
export async function expireDeviceAuthorization(userCode: string): Promise<number> {
  const code = normalizeUserCode(userCode);
  if (!code) return 0;
  const db = await getDb();
  return db.$executeRaw`UPDATE "DeviceAuthorization" SET "expiresAt" = now() - interval '1 second' WHERE "userCodeHash" = ${hashUserCode(code)}`;
}
