import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { checkChallengeCode, createChallenge, findPendingChallenge } from "@/lib/auth/challenge";
import { purposes, type AccountUser, type Purpose } from "@/lib/auth/purposes";
import { finishChallenge, finishWithFreshSession, proveStep, startChallenge } from "@/lib/auth/pipeline";
import { signInByCode } from "@/lib/test/auth";
import { checkSession, markSessionProven, sessionHashOf } from "@/lib/auth/session";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { listMailboxMessages } from "@/lib/email/mailbox";
import { listRecentActivity } from "@/lib/activity";

const request = { ip: "192.0.2.1", userAgent: "vitest", origin: "http://localhost:3000" };

function browser() {
  return hashToken(generateToken());
}

/** The account purposes as the account actions drive them (lib/auth/account.ts), with an explicit browser and user. */
async function startAccountPurpose(purpose: Purpose, input: { user: AccountUser; input: string; browserHash: string; request: typeof request; sessionHash?: string }) {
  const started = await startChallenge(purpose, { address: input.input, user: input.user, browserHash: input.browserHash, request: input.request, sessionHash: input.sessionHash });
  return started.ok ? { ok: true as const } : { ok: false as const, ...started.failure };
}

async function completeAccountPurpose(
  purpose: Purpose,
  input: { challengeId: string; code: string; browserHash: string; user: AccountUser; sessionHash: string; request: typeof request },
) {
  const proved = await proveStep({ kind: "code", challengeId: input.challengeId, code: input.code }, { browserHash: input.browserHash, purpose, request: input.request });
  if (!proved.ok) return { ok: false as const, ...proved.failure };
  const finished = await finishChallenge(proved.proof, { user: input.user, sessionHash: input.sessionHash, request: input.request });
  return finished.ok ? { ok: true as const, signOut: Boolean(finished.signOut) } : { ok: false as const, ...finished.failure };
}

/** A signed-in user with a session in the given browser. */
async function signedInUser(browserHash: string) {
  const email = `p-${randomUUID().slice(0, 8)}@example.com`;
  const created = await createChallenge({ email, purpose: "sign-in", browserHash });
  if (!created.ok) throw new Error("no challenge");
  const signedIn = await signInByCode(created.challengeId, browserHash, created.code);
  if (!signedIn.ok) throw new Error("no sign-in");
  return { user: { id: signedIn.userId, email }, sessionId: signedIn.sessionId, sessionHash: sessionHashOf(signedIn.sessionId) };
}

async function latestCode(to: string): Promise<string | null> {
  const [message] = await listMailboxMessages({ to });
  return message ? message.code?.replace(/[-\s]/g, "") ?? null : null;
}

describe("purpose registry", () => {
  it("declares who starts each purpose, where its code goes, and what success does", () => {
    const user = { id: "u1", email: "old@example.com" };
    expect(purposes["sign-in"].recipient({ user: null, address: "me@example.com" })).toBe("me@example.com");
    expect(purposes["change-email"].recipient({ user, address: "new@example.com" })).toBe("new@example.com");
    expect(purposes["delete-account"].recipient({ user, address: "ignored@example.com" })).toBe("old@example.com");
    expect(purposes["sign-in"].startedBy).toBe("anyone");
    expect(purposes["change-email"].startedBy).toBe("signed-in");
    expect(purposes["delete-account"].startedBy).toBe("signed-in");
    for (const p of Object.values(purposes)) expect(typeof p.finish).toBe("function");
  });

  it("an account purpose without a signed-in user is refused before anything is written", async () => {
    const started = await startChallenge("delete-account", { address: "", user: null, browserHash: browser(), request });
    expect(started).toEqual({ ok: false, failure: { reason: "not-signed-in" } });
  });

  it("a code is bound to its purpose: sign-in codes never pass an account check, nor the reverse", async () => {
    const b = browser();
    const { user } = await signedInUser(b);
    const signInChallenge = await createChallenge({ email: user.email, purpose: "sign-in", browserHash: b });
    if (!signInChallenge.ok) throw new Error("no challenge");
    const asDelete = await checkChallengeCode({ challengeId: signInChallenge.challengeId, browserHash: b, purpose: "delete-account", code: signInChallenge.code });
    expect(asDelete).toEqual({ ok: false, reason: "missing" });

    expect((await startAccountPurpose("delete-account", { user, input: "", browserHash: b, request })).ok).toBe(true);
    const deletion = (await findPendingChallenge(b, "delete-account"))!;
    const code = (await latestCode(user.email))!;
    const asSignIn = await checkChallengeCode({ challengeId: deletion.id, browserHash: b, purpose: "sign-in", code });
    expect(asSignIn).toEqual({ ok: false, reason: "missing" });
  });
});

describe("change email", () => {
  it("code to the new address → email changes, other sessions end, open challenges die, old address notified", async () => {
    const b = browser();
    const me = await signedInUser(b);
    const other = await signedInUser(browser()); // a second device of someone else, untouched
    const laptop = browser();
    // A second session of mine on another device, and an open sign-in code there.
    const second = await createChallenge({ email: me.user.email, purpose: "sign-in", browserHash: laptop });
    if (!second.ok) throw new Error("x");
    const secondSession = await signInByCode(second.challengeId, laptop, second.code);
    if (!secondSession.ok) throw new Error("x");
    const open = await createChallenge({ email: me.user.email, purpose: "sign-in", browserHash: browser() });
    if (!open.ok) throw new Error("x");

    const newEmail = `new-${randomUUID().slice(0, 8)}@example.com`;
    expect((await startAccountPurpose("change-email", { user: me.user, input: newEmail, browserHash: b, request, sessionHash: me.sessionHash })).ok).toBe(true);
    const code = (await latestCode(newEmail))!;
    const pending = (await findPendingChallenge(b, "change-email"))!;
    const done = await completeAccountPurpose("change-email", { challengeId: pending.id, code, browserHash: b, user: me.user, sessionHash: me.sessionHash, request });
    expect(done).toEqual({ ok: true, signOut: false });

    const db = await getDb();
    expect((await db.user.findUniqueOrThrow({ where: { id: me.user.id } })).email).toBe(newEmail);
    expect(await checkSession(me.sessionId)).toEqual({ userId: me.user.id, email: newEmail });
    expect(await checkSession(secondSession.sessionId)).toBeNull();
    expect(await checkSession(other.sessionId)).not.toBeNull();
    expect((await db.challenge.findUniqueOrThrow({ where: { id: open.challengeId } })).supersededAt).not.toBeNull();
    const [notice] = await listMailboxMessages({ to: me.user.email });
    expect(notice?.subject).toMatch(/email address was changed/);
    expect(notice?.text).toContain(newEmail);
    expect((await listRecentActivity(me.user.id)).map((e) => e.type)).toContain("email-changed");
  });

  it("an address another account holds: same response, no code leaves, nothing changes", async () => {
    const b = browser();
    const me = await signedInUser(b);
    const taken = await signedInUser(browser());
    const before = (await listMailboxMessages({ to: taken.user.email })).length;
    const result = await startAccountPurpose("change-email", { user: me.user, input: taken.user.email, browserHash: b, request, sessionHash: me.sessionHash });
    expect(result).toEqual({ ok: true });
    const messages = await listMailboxMessages({ to: taken.user.email });
    expect(messages.length).toBe(before + 1);
    expect(messages[0]!.code).toBeNull();
    expect(messages[0]!.subject).toMatch(/tried to use this address/);
    const pending = (await findPendingChallenge(b, "change-email"))!;
    // No code was sent, so nothing can be typed that works.
    const attempt = await completeAccountPurpose("change-email", { challengeId: pending.id, code: "ABCDEF", browserHash: b, user: me.user, sessionHash: me.sessionHash, request });
    expect(attempt.ok).toBe(false);
    const db = await getDb();
    expect((await db.user.findUniqueOrThrow({ where: { id: me.user.id } })).email).toBe(me.user.email);
  });

  it("the code only works in the browser that asked", async () => {
    const b = browser();
    const me = await signedInUser(b);
    const newEmail = `nb-${randomUUID().slice(0, 8)}@example.com`;
    await startAccountPurpose("change-email", { user: me.user, input: newEmail, browserHash: b, request, sessionHash: me.sessionHash });
    const code = (await latestCode(newEmail))!;
    const pending = (await findPendingChallenge(b, "change-email"))!;
    const elsewhere = await completeAccountPurpose("change-email", { challengeId: pending.id, code, browserHash: browser(), user: me.user, sessionHash: me.sessionHash, request });
    expect(elsewhere).toEqual({ ok: false, reason: "missing" });
  });
});

describe("delete account", () => {
  it("a fresh code deletes the user, sessions, challenges and events", async () => {
    const b = browser();
    const me = await signedInUser(b);
    await startAccountPurpose("delete-account", { user: me.user, input: "", browserHash: b, request });
    const code = (await latestCode(me.user.email))!;
    const pending = (await findPendingChallenge(b, "delete-account"))!;
    const wrong = await completeAccountPurpose("delete-account", { challengeId: pending.id, code: code === "AAAAAA" ? "BBBBBB" : "AAAAAA", browserHash: b, user: me.user, sessionHash: me.sessionHash, request });
    expect(wrong).toMatchObject({ ok: false, reason: "wrong-code" });
    const done = await completeAccountPurpose("delete-account", { challengeId: pending.id, code, browserHash: b, user: me.user, sessionHash: me.sessionHash, request });
    expect(done).toEqual({ ok: true, signOut: true });
    const db = await getDb();
    expect(await db.user.count({ where: { id: me.user.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(0);
    expect(await db.challenge.count({ where: { email: me.user.email } })).toBe(0);
    expect(await db.authEvent.count({ where: { OR: [{ userId: me.user.id }, { email: me.user.email }] } })).toBe(0);
    expect(await db.mailboxMessage.count({ where: { to: me.user.email } })).toBe(0);
    expect(await checkSession(me.sessionId)).toBeNull();
  });

  it("a session proven just now (a passkey step-up) deletes the account without a code; a stale one may not", async () => {
    const b = browser();
    const me = await signedInUser(b);
    const db = await getDb();
    await db.session.update({ where: { id: me.sessionHash }, data: { provenAt: new Date(Date.now() - 3600_000) } });
    const stale = await finishWithFreshSession("delete-account", { user: me.user, sessionHash: me.sessionHash, request });
    expect(stale).toEqual({ ok: false, failure: { reason: "step-up-required" } });
    expect(await finishWithFreshSession("change-email", { user: me.user, sessionHash: me.sessionHash, request })).toMatchObject({ ok: false });
    expect(await db.user.count({ where: { id: me.user.id } })).toBe(1);

    await markSessionProven(me.sessionHash);
    const done = await finishWithFreshSession("delete-account", { user: me.user, sessionHash: me.sessionHash, request });
    expect(done).toEqual({ ok: true, signOut: true });
    expect(await db.user.count({ where: { id: me.user.id } })).toBe(0);
    expect(await checkSession(me.sessionId)).toBeNull();
  });
});
