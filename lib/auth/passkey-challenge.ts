import "server-only";
import { randomBytes } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";

/**
 * WebAuthn challenges (docs/security.md, passkeys). Like a code's challenge
 * they are bound to the browser that asked (the hash of its browser cookie,
 * S2), expire, and are single use: presenting one deletes it in the same
 * statement that checks it, so a replayed assertion finds nothing. For
 * registration and step-up the challenge is also bound to the signed-in user.
 */
export type PasskeyPurpose = "register" | "sign-in" | "step-up";

export type ChallengeBinding = { purpose: PasskeyPurpose; browserHash: string; userId: string | null };

export async function issuePasskeyChallenge(binding: ChallengeBinding, ttlSeconds: number = config.passkey.challengeTtlSeconds): Promise<string> {
  const challenge = randomBytes(32).toString("base64url");
  const db = await getDb();
  await db.$executeRaw`
    WITH swept AS (DELETE FROM "PasskeyChallenge" WHERE "expiresAt" < now() - interval '1 hour')
    INSERT INTO "PasskeyChallenge" ("challenge", "purpose", "browserHash", "userId", "createdAt", "expiresAt")
    VALUES (${challenge}, ${binding.purpose}, ${binding.browserHash}, ${binding.userId}, now(), now() + ${ttlSeconds}::int * interval '1 second')`;
  return challenge;
}

/** Spends the challenge: true once, for the same browser, purpose and user, before it expires. */
export async function consumePasskeyChallenge(challenge: string, binding: ChallengeBinding): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return false;
  const db = await getDb();
  const rows = await db.$queryRaw<{ live: boolean }[]>`
    DELETE FROM "PasskeyChallenge"
    WHERE "challenge" = ${challenge} AND "purpose" = ${binding.purpose} AND "browserHash" = ${binding.browserHash}
      AND "userId" IS NOT DISTINCT FROM ${binding.userId}
    RETURNING "expiresAt" > now() AS "live"`;
  return rows[0]?.live === true;
}

/** The challenge a response carries (in its clientDataJSON), or null if unreadable. */
export function challengeOf(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== "string" || clientDataJSON.length > 4096) return null;
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    return typeof parsed.challenge === "string" ? parsed.challenge : null;
  } catch {
    return null;
  }
}
