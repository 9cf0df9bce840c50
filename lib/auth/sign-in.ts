import "server-only";
import { randomUUID } from "node:crypto";
import { createChallenge, type CreateChallengeResult } from "@/lib/auth/challenge";
import { composeSignInEmail } from "@/lib/email/sign-in-email";
import { sendEmail } from "@/lib/email/send";
import { getDb } from "@/lib/db";
import { config } from "@/lib/config";
import { composeNoticeEmail } from "@/lib/email/notice-email";
import { describeDevice } from "@/lib/device";
import type { RequestInfo } from "@/lib/request-info";
import { limitSendsFrom } from "@/lib/auth/limits";
import { logError } from "@/lib/log";

export type RequestCodeResult =
  | { ok: true; challengeId: string }
  | { ok: false; reason: "cooldown"; retryAfterSeconds: number }
  | { ok: false; reason: "email-failed" }
  /** S5: too many codes for this address, or from this IP, in the current window. */
  | { ok: false; reason: "email-limited" | "ip-limited"; retryAfterSeconds: number }
  /** S11: the database (or, sends failing closed, Redis) is unreachable. */
  | { ok: false; reason: "unavailable" };

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
  /** Where the link should land after sign-in: a path already checked by safeCallbackUrl. */
  callbackUrl?: string;
}): Promise<RequestCodeResult> {
  // Per-IP limit first (Redis); the per-email one is spent inside createChallenge.
  const refused = await limitSendsFrom(input.request.ip);
  if (refused) return refused;
  try {
    return await sendSignInCode(input);
  } catch (error) {
    logError("sign-in code request failed: database unavailable", error);
    return { ok: false, reason: "unavailable" };
  }
}

async function sendSignInCode(input: { email: string; browserHash: string; request: RequestInfo; callbackUrl?: string }): Promise<RequestCodeResult> {
  const eventId = randomUUID();
  const created: CreateChallengeResult = await createChallenge({
    email: input.email,
    purpose: "sign-in",
    browserHash: input.browserHash,
    ip: input.request.ip,
    userAgent: input.request.userAgent,
    event: { id: eventId, type: "code-sent" },
  });
  if (!created.ok) return created;

  // Sign-up off and no such account: the same pages, a challenge that can
  // never be met, and an email that says so instead of a code.
  const message =
    !config.allowSignUp && !(await accountExists(input.email))
      ? await composeNoAccountEmail(input.email)
      : await composeSignInEmail({
          to: input.email,
          code: created.code,
          linkUrl: linkUrl(input.request.origin, created.linkToken, input.callbackUrl),
          expiresAt: created.expiresAt,
          requestedFrom: describeDevice(input.request.userAgent),
        });
  const sent = await sendEmail(message);
  if (!sent.ok) {
    await retireChallenge(created.challengeId, eventId);
    return { ok: false, reason: "email-failed" };
  }
  return { ok: true, challengeId: created.challengeId };
}

/** The emailed link; it carries the callback path (checked again where it is used), never anything secret but the token. */
function linkUrl(origin: string, token: string, callbackUrl: string | undefined): string {
  const params = new URLSearchParams({ token });
  if (callbackUrl && callbackUrl !== config.defaultRedirect) params.set("callbackUrl", callbackUrl);
  return `${origin}/sign-in/link?${params}`;
}

async function accountExists(email: string): Promise<boolean> {
  const db = await getDb();
  return (await db.user.count({ where: { email } })) > 0;
}

function composeNoAccountEmail(to: string) {
  return composeNoticeEmail(to, `Sign-in attempt on ${config.appName}`, {
    heading: "There's no account for this address",
    paragraphs: [
      `Someone — hopefully you — asked to sign in to ${config.appName} with this email address, but it has no account, and new sign-ups are closed.`,
      "If you expected to have an account, you may have used another address. Otherwise you can ignore this email.",
    ],
  });
}

/** Makes a challenge unusable; the resend cooldown ignores retired ones. */
async function retireChallenge(challengeId: string, eventId: string): Promise<void> {
  const db = await getDb();
  // An email that never left gives its unit of the address's send limit back
  // (S5), and its "code sent" event (recorded with the challenge) goes too.
  await db.$executeRaw`
    WITH retired AS (
      UPDATE "Challenge" SET "supersededAt" = now() WHERE "id" = ${challengeId} RETURNING "email"
    ), unlogged AS (
      DELETE FROM "AuthEvent" WHERE "id" = ${eventId}
    )
    UPDATE "EmailLimit" l SET "sendCount" = GREATEST(l."sendCount" - 1, 0) FROM retired r WHERE l."email" = r."email"`;
}
