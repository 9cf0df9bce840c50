import "server-only";
import { createChallenge, type CreateChallengeResult } from "@/lib/auth/challenge";
import { composeSignInEmail } from "@/lib/email/sign-in-email";
import { sendEmail } from "@/lib/email/send";
import { getDb } from "@/lib/db";
import { describeDevice } from "@/lib/device";
import type { RequestInfo } from "@/lib/request-info";

export type RequestCodeResult =
  | { ok: true; challengeId: string }
  | { ok: false; reason: "cooldown"; retryAfterSeconds: number }
  | { ok: false; reason: "email-failed" };

/**
 * Step one of sign-in: a challenge for this browser and an email holding its
 * code and link. The same happens for known and unknown addresses (no
 * enumeration); whether an account exists matters only when the code is used.
 * A challenge whose email could not be sent is retired at once, so nothing
 * usable is left behind.
 */
export async function requestSignInCode(input: {
  email: string;
  browserHash: string;
  request: RequestInfo;
}): Promise<RequestCodeResult> {
  const created: CreateChallengeResult = await createChallenge({
    email: input.email,
    purpose: "sign-in",
    browserHash: input.browserHash,
    ip: input.request.ip,
    userAgent: input.request.userAgent,
  });
  if (!created.ok) return created;

  const message = await composeSignInEmail({
    to: input.email,
    code: created.code,
    linkUrl: `${input.request.origin}/sign-in/link?token=${created.linkToken}`,
    expiresAt: created.expiresAt,
    requestedFrom: describeDevice(input.request.userAgent),
  });
  const sent = await sendEmail(message);
  if (!sent.ok) {
    await retireChallenge(created.challengeId);
    return { ok: false, reason: "email-failed" };
  }
  return { ok: true, challengeId: created.challengeId };
}

/** Makes a challenge unusable; the resend cooldown ignores retired ones. */
async function retireChallenge(challengeId: string): Promise<void> {
  const db = await getDb();
  await db.$executeRaw`UPDATE "Challenge" SET "supersededAt" = now() WHERE "id" = ${challengeId}`;
}
