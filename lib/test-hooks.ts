import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db";
import { getEnv, isMailboxEnabled } from "@/lib/env";

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
