import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { checkSession, markSessionProven, openSession, revokeSession, sessionHashOf, sessionProvenWithin } from "@/lib/auth/session";
import { mailboxKey } from "@/lib/auth/mailbox";
import { generateToken, hashToken } from "@/lib/auth/secrets";

const request = { ip: "192.0.2.7", userAgent: "vitest" };
const address = () => `s-${randomUUID().slice(0, 8)}@example.com`;

describe("openSession: the one session seam", () => {
  it("creates the user on a first proven address and opens a checked, listed, revocable session", async () => {
    const email = address();
    const opened = await openSession({ identity: { email }, method: "oauth:test", request, allowSignUp: true });
    if (!opened.ok) throw new Error(opened.reason);
    expect(await checkSession(opened.sessionId)).toEqual({ userId: opened.userId, email });

    const db = await getDb();
    const row = await db.session.findUnique({ where: { id: sessionHashOf(opened.sessionId) } });
    expect(row?.userId).toBe(opened.userId); // only the hash is stored
    const event = await db.authEvent.findFirst({ where: { userId: opened.userId, type: "sign-in-succeeded" } });
    expect(event?.detail).toBe("oauth:test");

    expect(await revokeSession(opened.userId, sessionHashOf(opened.sessionId))).toBe(true);
    expect(await checkSession(opened.sessionId)).toBeNull();
  });

  it("reuses the existing user by address or id, and never creates one with sign-up off", async () => {
    const email = address();
    const first = await openSession({ identity: { email }, method: "code", request, allowSignUp: true });
    const again = await openSession({ identity: { email }, method: "code", request, allowSignUp: false });
    const byId = first.ok ? await openSession({ identity: { userId: first.userId }, method: "passkey", request, allowSignUp: false }) : first;
    expect(first.ok && again.ok && byId.ok).toBe(true);
    if (first.ok && again.ok && byId.ok) {
      expect(again.userId).toBe(first.userId);
      expect(byId.userId).toBe(first.userId);
      expect(new Set([first.sessionId, again.sessionId, byId.sessionId]).size).toBe(3);
    }
    expect(await openSession({ identity: { email: address() }, method: "code", request, allowSignUp: false })).toEqual({ ok: false, reason: "no-account" });
    expect(await openSession({ identity: { userId: randomUUID() }, method: "passkey", request, allowSignUp: true })).toEqual({ ok: false, reason: "no-account" });
  });

  it("ends the mailbox's failure streak (the owner proved control)", async () => {
    const email = address();
    const db = await getDb();
    const where = { mailboxKey_browser: { mailboxKey: mailboxKey(email), browser: "" } };
    await db.emailLimit.create({ data: { ...where.mailboxKey_browser, failStreak: 7, failCount: 3 } });
    const opened = await openSession({ identity: { email }, method: "link", request, allowSignUp: true });
    expect(opened.ok).toBe(true);
    const limits = await db.emailLimit.findUnique({ where });
    expect(limits).toMatchObject({ failStreak: 0, failCount: 3 });
  });

  it("remembers the browser that signed in as a known browser of the account, in the same statement (S12)", async () => {
    const email = address();
    const browserHash = hashToken(generateToken());
    const db = await getDb();
    const first = await openSession({ identity: { email }, method: "code", request, allowSignUp: true, browserHash });
    if (!first.ok) throw new Error(first.reason);
    const known = await db.knownBrowser.findUniqueOrThrow({ where: { userId_browserHash: { userId: first.userId, browserHash } } });
    const again = await openSession({ identity: { email }, method: "link", request, allowSignUp: false, browserHash });
    expect(again.ok).toBe(true);
    const rows = await db.knownBrowser.findMany({ where: { userId: first.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.lastSignInAt.getTime()).toBeGreaterThanOrEqual(known.lastSignInAt.getTime());
    // No cookie, nothing remembered; no account, nothing remembered.
    await openSession({ identity: { email }, method: "code", request, allowSignUp: false });
    expect(await db.knownBrowser.count({ where: { userId: first.userId } })).toBe(1);
    await openSession({ identity: { email: address() }, method: "code", request, allowSignUp: false, browserHash });
    expect(await db.knownBrowser.count({ where: { browserHash } })).toBe(1);
    // A passkey sign-in names the user by id: its browser is remembered too.
    const passkeyBrowser = hashToken(generateToken());
    expect((await openSession({ identity: { userId: first.userId }, method: "passkey", request, allowSignUp: false, browserHash: passkeyBrowser })).ok).toBe(true);
    expect(await db.knownBrowser.count({ where: { userId: first.userId, browserHash: passkeyBrowser } })).toBe(1);
  });
});

describe("fresh proof (S13)", () => {
  it("a new session is fresh; an old one is not until it proves the account again", async () => {
    const opened = await openSession({ identity: { email: address() }, method: "code", request, allowSignUp: true });
    if (!opened.ok) throw new Error(opened.reason);
    const hash = sessionHashOf(opened.sessionId);
    expect(await sessionProvenWithin(hash, 300)).toBe(true);
    const db = await getDb();
    await db.session.update({ where: { id: hash }, data: { provenAt: new Date(Date.now() - 3600_000) } });
    expect(await sessionProvenWithin(hash, 300)).toBe(false);
    await markSessionProven(hash);
    expect(await sessionProvenWithin(hash, 300)).toBe(true);
    expect(await sessionProvenWithin(undefined, 300)).toBe(false);
  });
});
