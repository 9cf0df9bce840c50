import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { createChallenge, type Purpose } from "@/lib/auth/challenge";
import { checkCodeWithLimits, limitSendsFrom } from "@/lib/auth/limits";
import { composeEmail } from "@/lib/email/messages";
import { sendEmail } from "@/lib/email/send";
import { describeDevice } from "@/lib/device";
import { recordEvent, type AuthEventType } from "@/lib/activity";
import { clearSessionCache } from "@/lib/auth/session";
import { logError } from "@/lib/log";
import type { RequestInfo } from "@/lib/request-info";

/**
 * Purposes are one mechanism: a challenge has a purpose, and each purpose
 * declares who may start it, where its code goes and what success does.
 * Sign-in's success (a session) is Auth.js's job, in auth.ts; the account
 * purposes below finish here. Adding a purpose is adding one entry.
 */
export type AccountUser = { id: string; email: string };

type StartContext = { user: AccountUser; input: string };
type SuccessContext = { user: AccountUser; challengeEmail: string; sessionHash: string | undefined; request: RequestInfo };

export type AccountPurpose = {
  /** Who may start it. */
  startedBy: "signed-in";
  /** Where the code is sent. */
  recipient(ctx: StartContext): string;
  /** Event recorded when the code is sent. */
  requestedEvent: AuthEventType;
  /** What success does, after the challenge is consumed (inside its transaction). */
  succeed(tx: TxClient, ctx: SuccessContext): Promise<SuccessOutcome>;
  /** Work after commit (notices); failures are logged, never undo success. */
  after?(ctx: SuccessContext): Promise<void>;
};

type TxClient = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>["$transaction"]>[0]>[0];
export type SuccessOutcome = { ok: true; signOut: boolean } | { ok: false; reason: "unavailable-address" };

export const purposes: Record<Exclude<Purpose, "sign-in">, AccountPurpose> = {
  "change-email": {
    startedBy: "signed-in",
    recipient: ({ input }) => input, // the NEW address: proves it is theirs
    requestedEvent: "email-change-requested",
    async succeed(tx, { user, challengeEmail, sessionHash }) {
      const taken = await tx.user.findUnique({ where: { email: challengeEmail }, select: { id: true } });
      if (taken) return { ok: false, reason: "unavailable-address" };
      await tx.user.update({ where: { id: user.id }, data: { email: challengeEmail, emailVerified: new Date() } });
      // Every other device signs in again; every open code of either address dies.
      await tx.session.deleteMany({ where: { userId: user.id, id: { not: sessionHash ?? "" } } });
      await tx.$executeRaw`
        UPDATE "Challenge" SET "supersededAt" = now()
        WHERE ("userId" = ${user.id} OR "email" = ${user.email} OR "email" = ${challengeEmail})
          AND "consumedAt" IS NULL AND "supersededAt" IS NULL`;
      return { ok: true, signOut: false };
    },
    async after({ user, challengeEmail }) {
      const notice = await composeEmail({ kind: "email-changed", to: user.email, newAddress: challengeEmail });
      const sent = await sendEmail(notice);
      if (!sent.ok) logError("could not notify the old address of an email change");
    },
  },

  "delete-account": {
    startedBy: "signed-in",
    recipient: ({ user }) => user.email, // re-authentication: the account's own address
    requestedEvent: "account-deletion-requested",
    async succeed(tx, { user }) {
      // Sessions, challenges with the user id and events go by cascade; codes
      // asked for by address and dev-mailbox copies are personal data too.
      await tx.challenge.deleteMany({ where: { email: user.email } });
      await tx.mailboxMessage.deleteMany({ where: { to: user.email } });
      await tx.user.delete({ where: { id: user.id } });
      return { ok: true, signOut: true };
    },
  },
};

export type StartResult =
  | { ok: true }
  | { ok: false; reason: "cooldown" | "email-limited" | "ip-limited"; retryAfterSeconds: number }
  | { ok: false; reason: "email-failed" | "same-address" | "unavailable" };

/**
 * Sends the code for an account purpose, bound to this browser and this
 * user. For an email change to an address another account holds, the
 * response is the same but the code never leaves: that address gets a notice
 * instead (no enumeration, nothing changes).
 */
export async function startAccountPurpose(
  purpose: keyof typeof purposes,
  ctx: StartContext & { browserHash: string; request: RequestInfo },
): Promise<StartResult> {
  const definition = purposes[purpose];
  const to = definition.recipient(ctx);
  if (purpose === "change-email" && to === ctx.user.email) return { ok: false, reason: "same-address" };
  // The same limits as a sign-in email (S5): per IP here, per address in createChallenge.
  const refused = await limitSendsFrom(ctx.request.ip);
  if (refused) return refused;

  const created = await createChallenge({
    email: to,
    purpose,
    browserHash: ctx.browserHash,
    userId: ctx.user.id,
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  if (!created.ok) return created;

  const db = await getDb();
  const taken =
    purpose === "change-email" && (await db.user.findUnique({ where: { email: to }, select: { id: true } })) !== null;
  const message = await composeEmail(
    taken
      ? { kind: "address-taken", to }
      : { kind: "code", purpose, to, code: created.code, expiresAt: created.expiresAt, requestedFrom: describeDevice(ctx.request.userAgent) },
  );
  const sent = await sendEmail(message);
  if (!sent.ok) {
    await db.challenge.update({ where: { id: created.challengeId }, data: { supersededAt: new Date() } });
    return { ok: false, reason: "email-failed" };
  }
  await recordEvent({ type: definition.requestedEvent, userId: ctx.user.id, ip: ctx.request.ip, userAgent: ctx.request.userAgent });
  return { ok: true };
}

export type CompleteResult =
  | { ok: true; signOut: boolean }
  | { ok: false; reason: "wrong-code"; attemptsLeft: number }
  | { ok: false; reason: "locked" | "expired" | "used" | "superseded" | "denied" | "missing" | "unavailable-address" }
  /** Limits (S5, lib/auth/limits.ts): a cooldown for this address or network, or codes off for this address. */
  | { ok: false; reason: "email-limited" | "ip-limited"; retryAfterSeconds: number }
  | { ok: false; reason: "email-locked" | "unavailable" };

/**
 * Checks the code (purpose-bound: a sign-in code never passes here, nor this
 * one at sign-in), consumes the challenge and applies the purpose's success
 * in one transaction.
 */
export async function completeAccountPurpose(
  purpose: keyof typeof purposes,
  input: { challengeId: string; code: string; browserHash: string; user: AccountUser; sessionHash: string | undefined; request: RequestInfo },
): Promise<CompleteResult> {
  const checked = await checkCodeWithLimits({ challengeId: input.challengeId, browserHash: input.browserHash, purpose, code: input.code, ip: input.request.ip });
  if (!checked.ok) return checked;

  const definition = purposes[purpose];
  const db = await getDb();
  const ctx: SuccessContext = { user: input.user, challengeEmail: checked.email, sessionHash: input.sessionHash, request: input.request };
  const outcome = await db.$transaction(async (tx) => {
    const consumed = await tx.$executeRaw`
      UPDATE "Challenge" SET "consumedAt" = now()
      WHERE "id" = ${input.challengeId} AND "purpose" = ${purpose} AND "userId" = ${input.user.id}
        AND "browserHash" = ${input.browserHash}
        AND "consumedAt" IS NULL AND "supersededAt" IS NULL AND "expiresAt" > now()`;
    if (consumed !== 1) return { ok: false as const, reason: "used" as const };
    return definition.succeed(tx, ctx);
  });
  if (!outcome.ok) return outcome;

  // Sessions changed: this instance forgets them all now (others within the cache bound).
  clearSessionCache();
  if (purpose === "change-email") {
    await recordEvent({ type: "email-changed", userId: input.user.id, ip: input.request.ip, userAgent: input.request.userAgent, detail: `from ${input.user.email} to ${checked.email}` });
  } else {
    // The user and their events are gone; keep a trace without personal data.
    await recordEvent({ type: "account-deleted", ip: input.request.ip, userAgent: input.request.userAgent });
  }
  await definition.after?.(ctx).catch((error: unknown) => logError("after-success step failed", error));
  return outcome;
}
