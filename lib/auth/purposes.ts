import "server-only";
import { getDb } from "@/lib/db";
import { consumeChallengeSql, refundCheckedCodeSql } from "@/lib/auth/challenge";
import { markSessionProven, openSessionAfter } from "@/lib/auth/session";
import { issueTokenAfter, type IssuedToken } from "@/lib/auth/tokens";
import { CODE_FLOW_CLIENT } from "@/lib/auth/clients";
import { createEmailChangeUndo, emailChangeUndoUrl } from "@/lib/auth/email-change-undo";
import { signUpAllowed } from "@/lib/auth/policy";
import { mailboxKey } from "@/lib/auth/mailbox";
import { composeEmail, sendComposed } from "@/lib/email/messages";
import type { Failure } from "@/lib/auth/failures";
import type { Proof } from "@/lib/auth/proof";
import type { AuthEventType } from "@/lib/activity";
import type { EmailContent } from "@/lib/email/messages";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locales";

/**
 * Purposes are data. A challenge is started for a purpose, proven by code,
 * link or approval, and finished by what its purpose says. Each entry below
 * declares who may start it, where the code goes, which email carries it,
 * what the activity log records, and what success does. The records are
 * typed `Record<Purpose, …>` — here, in the page copy
 * (lib/auth/purpose-copy.ts) and in the email copy (lib/email) — so adding a
 * purpose to `Purpose` makes the compiler name every place to fill.
 */
export type Purpose = "sign-in" | "change-email" | "delete-account" | "api-sign-in" | "reauthenticate";

export const PURPOSES = ["sign-in", "change-email", "delete-account", "api-sign-in", "reauthenticate"] as const satisfies readonly Purpose[];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === "string" && (PURPOSES as readonly string[]).includes(value);
}

export type AccountUser = { id: string; email: string };

export type StartContext = {
  /** The signed-in user, for purposes that need one. */
  user: AccountUser | null;
  /** What the person typed (sign-in: their address; change-email: the new one). */
  address: string;
};

export type FinishContext = {
  user: AccountUser | null;
  /** This browser's session (kept when a purpose ends the others). */
  sessionHash?: string;
  /** `origin`: where links in follow-up emails point (the undo link of an email change). */
  request: { ip: string | null; userAgent: string | null; origin?: string };
  allowSignUp: boolean;
};

export type FinishResult =
  | {
      ok: true;
      /** Sign-in: the session opened (its id goes into the JWT). */
      session?: { userId: string; email: string; sessionId: string };
      /** API sign-in: the bearer token issued (its secret goes to the client once). */
      token?: IssuedToken;
      /** The account is gone: sign this browser out. */
      signOut?: boolean;
      /** Facts for the activity log and notices. */
      detail?: { from?: string; to?: string };
      /** Change email: the undo link's secret for the notice to the old address (never stored in plain). */
      undo?: { token: string; expiresAt: Date };
    }
  | { ok: false; failure: Failure };

export type PurposeDefinition = {
  /** Who may start it. */
  startedBy: "anyone" | "signed-in";
  /**
   * Step-up (S13): the session must have proven control of the account within
   * `config.session.freshProofSeconds` (a sign-in, or the "reauthenticate"
   * purpose) before this purpose may start. A stolen session cookie alone is
   * not enough.
   */
  needsFreshProof?: boolean;
  /** Where the code is sent. */
  recipient(ctx: StartContext): string;
  /** A refusal before anything is sent (nothing written). */
  refuse?(ctx: StartContext & { to: string }): Failure | null;
  /**
   * The email that goes out. Whatever it is, the person sees the same
   * response (S6): sign-up off and an unknown address, or a new address that
   * another account holds, get a notice instead of a code.
   */
  email(ctx: EmailContext): Promise<EmailContent>;
  /** Does the code email carry a link (scanner-safe link page, F2)? */
  link: boolean;
  events: {
    /** Recorded with the challenge when its email is sent. */
    requested: AuthEventType;
    /** Recorded when a code is refused as wrong (or the challenge locks), if at all. */
    failed: AuthEventType | null;
    /** Recorded after success (sign-in records its own inside the session statement). */
    succeeded: AuthEventType | null;
  };
  /** What success does; the proof's challenge is consumed in the same statement or transaction. */
  finish(proof: Proof, ctx: FinishContext): Promise<FinishResult>;
  /**
   * The same success without a code, for a session that proved control of
   * the account within config.session.freshProofSeconds (a passkey step-up):
   * only purposes whose code goes to the account's own address may have it.
   */
  finishFresh?(ctx: FinishContext): Promise<FinishResult>;
  /** Work after success (notices); failures are logged, never undo success. */
  after?(result: Extract<FinishResult, { ok: true }>, ctx: FinishContext, proof: Proof): Promise<void>;
};

/** What the pipeline knows when it writes a challenge's email; `locale` is the asking browser's (stored on the challenge). */
export type EmailContext = { to: string; code: string; linkUrl: string; expiresAt: Date; requestedFrom: string; locale: Locale; origin: string };

async function accountExists(email: string): Promise<boolean> {
  const db = await getDb();
  return (await db.user.count({ where: { email } })) > 0;
}

/**
 * The email of a sign-in (browser or API): the code, or with sign-up off and
 * no such account a notice instead (decision 0010). The request waits for
 * the email (a failed send is told at once), so the work it waits for must
 * not depend on the answer (S6): with sign-up off every address costs the
 * same lookup and both emails are composed, the one that goes and the one
 * that does not. With sign-up on every address gets the code and nothing is
 * looked up.
 */
async function signInEmail(
  purpose: "sign-in" | "api-sign-in",
  ctx: EmailContext,
): Promise<EmailContent> {
  const code: EmailContent = { kind: "code", purpose, ...ctx };
  if (signUpAllowed()) return code;
  const notice: EmailContent = { kind: "no-account", to: ctx.to, locale: ctx.locale, origin: ctx.origin };
  const send = (await accountExists(ctx.to)) ? code : notice;
  await composeEmail(send === code ? notice : code);
  return send;
}

/** The language stored with a challenge (the asking browser's); the default if it is gone. */
async function localeOfChallenge(challengeId: string): Promise<Locale> {
  const db = await getDb();
  const row = await db.challenge.findUnique({ where: { id: challengeId }, select: { locale: true } });
  return isLocale(row?.locale) ? row.locale : DEFAULT_LOCALE;
}

/** Consumes the challenge and runs `work` in one transaction; a lost race is "used". */
async function consumeThen(
  proof: Proof,
  work: (tx: TxClient) => Promise<FinishResult>,
): Promise<FinishResult> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    const consumed = await tx.$queryRaw<{ email: string }[]>`WITH ${consumeChallengeSql(proof)} SELECT "email" FROM proven`;
    if (consumed.length !== 1) return { ok: false, failure: { reason: "used" } } satisfies FinishResult;
    if (proof.kind === "code") {
      // A right code is no failure: give back the unit of the address's
      // wrong-code window and streak that its check spent (S5), as sign-in does.
      await tx.$executeRaw(refundCheckedCodeSql(consumed[0]!.email, proof.browserHash));
    }
    return work(tx);
  });
}

async function deleteAccountRows(tx: TxClient, user: AccountUser | null): Promise<FinishResult> {
  if (!user) return { ok: false, failure: { reason: "not-signed-in" } };
  await eraseAccount(tx, user);
  return { ok: true, signOut: true };
}

export type TxClient = Parameters<Parameters<Awaited<ReturnType<typeof getDb>>["$transaction"]>[0]>[0];

export const purposes: Record<Purpose, PurposeDefinition> = {
  "sign-in": {
    startedBy: "anyone",
    recipient: ({ address }) => address,
    // Sign-up off and no such account: the same pages, a challenge that can
    // never be met, and an email that says so instead of a code (decision 0010),
    // at the same cost (S6, signInEmail).
    email: (ctx) => signInEmail("sign-in", ctx),
    link: true,
    events: { requested: "code-sent", failed: "sign-in-failed", succeeded: null },
    async finish(proof, ctx) {
      // Consume and open the session in one statement, through the one session seam.
      const opened = await openSessionAfter(consumeChallengeSql(proof), {
        method: proof.kind,
        request: ctx.request,
        allowSignUp: ctx.allowSignUp,
        browserHash: proof.browserHash,
        mailboxKey: mailboxKey(proof.email),
        // A checked code gets back the unit of the address's wrong-code window its check spent (S5).
        refundFailedVerify: proof.kind === "code",
      });
      if (!opened.ok) return { ok: false, failure: { reason: opened.reason } };
      return { ok: true, session: { userId: opened.userId, email: opened.email, sessionId: opened.sessionId } };
    },
  },

  // The JSON code flow for native apps (POST /api/auth/code): sign-in with a
  // different binding and a different result. The "browser" is the client
  // secret handed out with the challenge (browserHash = its SHA-256, as the
  // cookie's); finishing consumes the challenge and issues a bearer token in
  // one statement, through the token seam (lib/auth/tokens.ts).
  "api-sign-in": {
    startedBy: "anyone",
    recipient: ({ address }) => address,
    email: (ctx) => signInEmail("api-sign-in", ctx),
    // A link would sign in a browser, not the app that asked.
    link: false,
    events: { requested: "code-sent", failed: "sign-in-failed", succeeded: null },
    async finish(proof, ctx) {
      const issued = await issueTokenAfter(consumeChallengeSql(proof), {
        clientId: CODE_FLOW_CLIENT.id,
        scope: CODE_FLOW_CLIENT.scopes.join(" "),
        grant: "code",
        request: ctx.request,
        allowSignUp: ctx.allowSignUp,
        provenByCode: proof.kind === "code",
        mailboxKey: mailboxKey(proof.email),
        browserHash: proof.browserHash,
      });
      if (!issued.ok) return { ok: false, failure: { reason: issued.reason } };
      return { ok: true, token: issued.token };
    },
  },

  "change-email": {
    startedBy: "signed-in",
    // A code to the new address proves only the new address: the old one (the
    // account) must have been proven recently by this session.
    needsFreshProof: true,
    recipient: ({ address }) => address, // the NEW address: proves it is theirs
    refuse: ({ user, to }) => (user && to === user.email ? { reason: "same-address" } : null),
    // An address another account holds gets a notice, never a code; the
    // person asking sees the same response (no enumeration).
    email: async (ctx) => ((await accountExists(ctx.to)) ? { kind: "address-taken", to: ctx.to, locale: ctx.locale, origin: ctx.origin } : { kind: "code", purpose: "change-email", ...ctx }),
    link: false,
    events: { requested: "email-change-requested", failed: null, succeeded: "email-changed" },
    finish: (proof, { user, sessionHash }) =>
      consumeThen(proof, async (tx) => {
        if (!user) return { ok: false, failure: { reason: "not-signed-in" } };
        const taken = await tx.user.findUnique({ where: { email: proof.email }, select: { id: true } });
        if (taken) return { ok: false, failure: { reason: "unavailable-address" } };
        await tx.user.update({ where: { id: user.id }, data: { email: proof.email, emailVerified: new Date() } });
        // Every other device signs in again; every open code of either address dies.
        await tx.session.deleteMany({ where: { userId: user.id, id: { not: sessionHash ?? "" } } });
        await tx.$executeRaw`
          UPDATE "Challenge" SET "supersededAt" = now()
          WHERE ("userId" = ${user.id} OR "email" = ${user.email} OR "email" = ${proof.email})
            AND "consumedAt" IS NULL AND "supersededAt" IS NULL`;
        // The old address gets a way back that needs nothing but its mailbox.
        const undo = await createEmailChangeUndo(tx, { userId: user.id, oldEmail: user.email, newEmail: proof.email });
        return { ok: true, detail: { from: user.email, to: proof.email }, undo };
      }),
    async after(result, { user, request }, proof) {
      if (!user) return;
      await sendComposed(
        {
          kind: "email-changed",
          to: user.email,
          // The browser that made the change asked in this language (it is the one that started the challenge).
          locale: await localeOfChallenge(proof.challengeId),
          origin: request.origin,
          newAddress: proof.email,
          undoUrl: result.undo ? emailChangeUndoUrl(request.origin, result.undo.token) : undefined,
          undoExpiresAt: result.undo?.expiresAt,
        },
        "could not notify the old address of an email change",
      );
    },
  },

  "delete-account": {
    startedBy: "signed-in",
    recipient: ({ user }) => user?.email ?? "", // re-authentication: the account's own address
    email: async (ctx) => ({ kind: "code", purpose: "delete-account", ...ctx }),
    link: false,
    events: { requested: "account-deletion-requested", failed: null, succeeded: "account-deleted" },
    finish: (proof, { user }) =>
      consumeThen(proof, async (tx) => deleteAccountRows(tx, user)),
    // A passkey step-up (lib/auth/passkeys.ts) finishes it without a code.
    finishFresh: async ({ user }) => (await getDb()).$transaction((tx) => deleteAccountRows(tx, user)),
  },

  // Step-up (S13): a code to the account's own address, typed in this
  // browser, makes this session "freshly proven" for the purposes that ask
  // for it (needsFreshProof). Generic on purpose: a passkey will finish the
  // same way (markSessionProven).
  reauthenticate: {
    startedBy: "signed-in",
    recipient: ({ user }) => user?.email ?? "",
    email: async (ctx) => ({ kind: "code", purpose: "reauthenticate", ...ctx }),
    link: false,
    events: { requested: "reauthentication-requested", failed: null, succeeded: "reauthenticated" },
    async finish(proof, { user, sessionHash }) {
      const result = await consumeThen(proof, async (tx) => {
        if (!user || !sessionHash) return { ok: false, failure: { reason: "not-signed-in" } };
        // The code proves the address it went to: it must still be the account's.
        const owner = await tx.user.count({ where: { id: user.id, email: proof.email } });
        return owner === 1 ? { ok: true } : { ok: false, failure: { reason: "superseded" } };
      });
      if (result.ok && sessionHash) await markSessionProven(sessionHash);
      return result;
    },
  },
};

/**
 * Account deletion: everything that names the person goes in the same
 * transaction as the consume. Sessions, challenges with the user id, events
 * with the user id and undo links go by cascade; what is kept only by
 * address is deleted here, for the current address and every address the
 * account had (known from its email-change records): challenges (with their
 * IP and user agent), events written before the account existed (the first
 * "code sent"), per-address limit rows and dev-mailbox copies. What remains
 * is listed in docs/security.md, "What is kept".
 */
async function eraseAccount(tx: TxClient, user: AccountUser): Promise<void> {
  const history = await tx.emailChangeUndo.findMany({ where: { userId: user.id }, select: { oldEmail: true, newEmail: true } });
  const addresses = [...new Set([user.email, ...history.flatMap((h) => [h.oldEmail, h.newEmail])])];
  await tx.challenge.deleteMany({ where: { OR: [{ email: { in: addresses } }, { userId: user.id }] } });
  await tx.authEvent.deleteMany({ where: { OR: [{ email: { in: addresses } }, { userId: user.id }] } });
  // Limit rows are keyed by an HMAC of each address's canonical mailbox (lib/auth/mailbox.ts).
  await tx.emailLimit.deleteMany({ where: { mailboxKey: { in: addresses.map(mailboxKey) } } });
  await tx.mailboxMessage.deleteMany({ where: { to: { in: addresses } } });
  // The user-code guess counter is keyed by the user id (lib/auth/device.ts).
  await tx.guessLimit.deleteMany({ where: { key: `user:${user.id}` } });
  await tx.user.delete({ where: { id: user.id } });
}
