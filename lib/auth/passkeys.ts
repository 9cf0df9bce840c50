import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { recordEvent } from "@/lib/activity";
import { describeDevice } from "@/lib/device";
import { logError } from "@/lib/log";
import { refundIpVerify, spendIpVerify } from "@/lib/rate-limit";
import { sendComposed } from "@/lib/email/messages";
import type { Locale } from "@/lib/i18n/locales";
import { authenticatorName } from "@/lib/auth/aaguid";
import { challengeOf, consumePasskeyChallenge, issuePasskeyChallenge, type PasskeyPurpose } from "@/lib/auth/passkey-challenge";
import type { Failure } from "@/lib/auth/failures";

/**
 * Passkeys (WebAuthn, discoverable credentials) beside the email code.
 * Ceremonies through @simplewebauthn/server (no CBOR/COSE here). Every
 * ceremony spends a single-use, browser-bound challenge (passkey-challenge.ts)
 * before the response is verified; the signature counter never goes
 * backwards; failures count per IP (the wrong-code budget) and per account.
 */
export type PasskeyRequest = { ip: string | null; userAgent: string | null };
type Refusal = { ok: false; failure: Failure };

/** RP ID and origin from AUTH_URL (the public URL); localhost works as an RP ID. */
export function relyingParty(fallbackOrigin: string): { rpID: string; origin: string } {
  const url = new URL(getEnv().AUTH_URL ?? fallbackOrigin);
  return { rpID: url.hostname, origin: url.origin };
}

export type PasskeySummary = {
  id: string;
  name: string;
  authenticator: string | null;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
};

export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const db = await getDb();
  const rows = await db.passkey.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, aaguid: true, backedUp: true, createdAt: true, lastUsedAt: true },
  });
  return rows.map(({ aaguid, ...row }) => ({ ...row, authenticator: authenticatorName(aaguid) }));
}

export async function renamePasskey(userId: string, id: string, name: string): Promise<boolean> {
  const clean = name.replace(/\s+/g, " ").trim().slice(0, 60);
  if (!clean) return false;
  const db = await getDb();
  return (await db.passkey.updateMany({ where: { id, userId }, data: { name: clean } })).count === 1;
}

/** Any passkey may go, the last one too: email codes remain. */
export async function deletePasskey(userId: string, id: string, request: PasskeyRequest): Promise<boolean> {
  const db = await getDb();
  const deleted = (await db.passkey.deleteMany({ where: { id, userId } })).count === 1;
  if (deleted) await recordEvent({ type: "passkey-removed", userId, ip: request.ip, userAgent: request.userAgent });
  return deleted;
}

// --- Registration (signed in) ---------------------------------------------

export async function passkeyRegistrationOptions(
  user: { id: string; email: string },
  browserHash: string,
  fallbackOrigin: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const db = await getDb();
  const existing = await db.passkey.findMany({ where: { userId: user.id }, select: { id: true, transports: true } });
  const challenge = await issuePasskeyChallenge({ purpose: "register", browserHash, userId: user.id });
  return generateRegistrationOptions({
    rpName: config.appName,
    rpID: relyingParty(fallbackOrigin).rpID,
    userName: user.email,
    userDisplayName: user.email,
    // The user handle is our user id: it names the account a discoverable credential signs in to.
    userID: new TextEncoder().encode(user.id),
    challenge: Buffer.from(challenge, "base64url"),
    attestationType: "none",
    timeout: config.passkey.promptTimeoutMs,
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
}

export async function registerPasskey(
  user: { id: string; email: string },
  browserHash: string,
  response: RegistrationResponseJSON,
  request: PasskeyRequest & { locale?: Locale },
  fallbackOrigin: string,
): Promise<{ ok: true; id: string } | Refusal> {
  const challenge = challengeOf(response?.response?.clientDataJSON);
  if (!challenge || !(await consumePasskeyChallenge(challenge, { purpose: "register", browserHash, userId: user.id }))) {
    return { ok: false, failure: { reason: "passkey-failed" } };
  }
  const rp = relyingParty(fallbackOrigin);
  let info;
  try {
    const verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
    if (!verified.verified) return { ok: false, failure: { reason: "passkey-failed" } };
    info = verified.registrationInfo;
  } catch (error) {
    logError("passkey registration did not verify", error);
    return { ok: false, failure: { reason: "passkey-failed" } };
  }
  const db = await getDb();
  // The name the account page lists it by, in the words of the browser that added it.
  const name = describeDevice(request.userAgent, request.locale);
  const inserted = await db.$executeRaw`
    INSERT INTO "Passkey" ("id", "userId", "publicKey", "counter", "transports", "backedUp", "aaguid", "name", "createdAt")
    VALUES (${info.credential.id}, ${user.id}, ${Buffer.from(info.credential.publicKey)}, ${info.credential.counter},
            ${info.credential.transports ?? []}::text[], ${info.credentialBackedUp}, ${info.aaguid}, ${name}, now())
    ON CONFLICT ("id") DO NOTHING`;
  if (inserted !== 1) return { ok: false, failure: { reason: "passkey-failed" } };
  await recordEvent({ type: "passkey-added", userId: user.id, ip: request.ip, userAgent: request.userAgent, detail: name });
  // In the language of the browser that added it (request.locale, from requestLocale()).
  await sendComposed({ kind: "passkey-added", to: user.email, locale: request.locale, origin: rp.origin }, "could not announce a new passkey");
  return { ok: true, id: info.credential.id };
}

// --- Assertion (sign in, step-up) -------------------------------------------

/** Options for a discoverable-credential prompt (sign-in) or this user's own passkeys (step-up). */
export async function passkeyAssertionOptions(
  purpose: Exclude<PasskeyPurpose, "register">,
  browserHash: string,
  userId: string | null,
  fallbackOrigin: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const challenge = await issuePasskeyChallenge({ purpose, browserHash, userId });
  const db = await getDb();
  const allow = userId ? await db.passkey.findMany({ where: { userId }, select: { id: true, transports: true } }) : [];
  return generateAuthenticationOptions({
    rpID: relyingParty(fallbackOrigin).rpID,
    challenge: Buffer.from(challenge, "base64url"),
    timeout: config.passkey.promptTimeoutMs,
    userVerification: "required",
    allowCredentials: allow.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })),
  });
}

function userHandleOf(response: AuthenticationResponseJSON): string | null {
  const handle = response?.response?.userHandle;
  if (typeof handle !== "string" || handle.length > 128) return null;
  return Buffer.from(handle, "base64url").toString("utf8");
}

async function failuresLately(userId: string): Promise<number> {
  const db = await getDb();
  return db.authEvent.count({
    where: { userId, type: "passkey-failed", createdAt: { gt: new Date(Date.now() - config.passkey.failWindowSeconds * 1000) } },
  });
}

/**
 * Verifies an assertion: spends the challenge (single use, this browser,
 * this purpose; for step-up this user), finds the credential, checks the
 * signature and the counter, and moves the counter forward only from the
 * value it was checked against (two racing assertions: one wins).
 * For step-up `userId` is the signed-in user, whose passkey it must be.
 */
export async function verifyPasskeyAssertion(
  response: AuthenticationResponseJSON,
  ctx: { purpose: Exclude<PasskeyPurpose, "register">; browserHash: string | null; userId: string | null; request: PasskeyRequest; fallbackOrigin: string },
): Promise<{ ok: true; userId: string; passkeyId: string } | Refusal> {
  const ip = ctx.request.ip;
  const spent = await spendIpVerify(ip);
  if (!spent.ok) {
    return { ok: false, failure: spent.reason === "limited" ? { reason: "ip-limited", retryAfterSeconds: spent.retryAfterSeconds } : { reason: "unavailable" } };
  }
  const result = await verifyAssertion(response, ctx);
  // Only a refusal that is a guess (unknown credential, bad signature, replay) keeps the IP's unit spent.
  if (result.ok || (result.failure.reason !== "passkey-failed" && result.failure.reason !== "passkey-unknown" && result.failure.reason !== "passkey-other-account" && result.failure.reason !== "passkey-account-deleted")) {
    await refundIpVerify(ip);
  }
  return result;
}

async function verifyAssertion(
  response: AuthenticationResponseJSON,
  ctx: { purpose: Exclude<PasskeyPurpose, "register">; browserHash: string | null; userId: string | null; request: PasskeyRequest; fallbackOrigin: string },
): Promise<{ ok: true; userId: string; passkeyId: string } | Refusal> {
  if (!ctx.browserHash) return { ok: false, failure: { reason: "missing-browser" } };
  const challenge = challengeOf(response?.response?.clientDataJSON);
  if (typeof response?.id !== "string" || !challenge) return { ok: false, failure: { reason: "invalid-input" } };
  if (!(await consumePasskeyChallenge(challenge, { purpose: ctx.purpose, browserHash: ctx.browserHash, userId: ctx.userId }))) {
    return { ok: false, failure: { reason: "passkey-failed" } };
  }
  const db = await getDb();
  const passkey = await db.passkey.findUnique({ where: { id: response.id } });
  if (!passkey) {
    const handle = userHandleOf(response);
    const owner = handle ? await db.user.findUnique({ where: { id: handle }, select: { id: true } }) : null;
    return { ok: false, failure: { reason: handle && !owner ? "passkey-account-deleted" : "passkey-unknown" } };
  }
  const fail = async (failure: Failure): Promise<Refusal> => {
    await recordEvent({ type: "passkey-failed", userId: passkey.userId, ip: ctx.request.ip, userAgent: ctx.request.userAgent, detail: ctx.purpose });
    return { ok: false, failure };
  };
  if (ctx.userId && passkey.userId !== ctx.userId) return fail({ reason: "passkey-other-account" });
  if ((await failuresLately(passkey.userId)) >= config.passkey.maxFailures) return { ok: false, failure: { reason: "passkey-limited" } };

  const rp = relyingParty(ctx.fallbackOrigin);
  let newCounter: number;
  let backedUp: boolean;
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports as AuthenticatorTransport[],
      },
    });
    if (!verified.verified) return fail({ reason: "passkey-failed" });
    newCounter = verified.authenticationInfo.newCounter;
    backedUp = verified.authenticationInfo.credentialBackedUp;
  } catch (error) {
    // A counter that did not move forward (a cloned authenticator), a wrong origin, a bad signature.
    logError("passkey assertion did not verify", error);
    return fail({ reason: "passkey-failed" });
  }
  const moved = await db.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(newCounter), backedUp, lastUsedAt: new Date() },
  });
  if (moved.count !== 1) return fail({ reason: "passkey-failed" });
  return { ok: true, userId: passkey.userId, passkeyId: passkey.id };
}
