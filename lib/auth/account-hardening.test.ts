import { mailboxKey } from "@/lib/auth/mailbox";
import { generateCode } from "@/lib/auth/code";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createChallenge, findPendingChallenge } from "@/lib/auth/challenge";
import { finishChallenge, proveStep, startChallenge } from "@/lib/auth/pipeline";
import type { AccountUser, Purpose } from "@/lib/auth/purposes";
import { signInByCode } from "@/lib/test/auth";
import { checkSession, sessionHashOf } from "@/lib/auth/session";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { findEmailChangeUndo, undoEmailChange } from "@/lib/auth/email-change-undo";
import { listMailboxMessages } from "@/lib/email/mailbox";

/**
 * Issue 10, items 2, 8 and 10: the email change needs a fresh proof of the
 * account and can be undone from the old address; deletion leaves nothing
 * that names the person; a right account code is not a failure.
 */
type Req = { ip: string | null; userAgent: string | null; origin: string };
const req = (ip: string, userAgent = "vitest"): Req => ({ ip, userAgent, origin: "http://localhost:3000" });
const browser = () => hashToken(generateToken());

type Me = { b: string; user: AccountUser; sessionId: string; sessionHash: string };

async function signedIn(request: Req, b = browser(), email = `h-${randomUUID().slice(0, 8)}@example.com`): Promise<Me> {
  // As the email form does it: the "code sent" event with IP and user agent, before the user exists.
  const started = await startChallenge("sign-in", { address: email, user: null, browserHash: b, request });
  if (!started.ok) throw new Error(`no challenge: ${started.failure.reason}`);
  const s = await signInByCode(started.challengeId, b, await latestCode(email));
  if (!s.ok) throw new Error("no sign-in");
  return { b, user: { id: s.userId, email }, sessionId: s.sessionId, sessionHash: sessionHashOf(s.sessionId) };
}

async function latestCode(to: string): Promise<string> {
  const [message] = await listMailboxMessages({ to });
  const code = message?.code?.replace(/[-\s]/g, "") ?? null;
  if (!code) throw new Error(`no code to ${to}`);
  return code;
}

async function start(purpose: Purpose, me: Me, address: string, request: Req) {
  return startChallenge(purpose, { address, user: me.user, browserHash: me.b, request, sessionHash: me.sessionHash });
}

async function confirm(purpose: Purpose, me: Me, code: string, request: Req) {
  const pending = (await findPendingChallenge(me.b, purpose))!;
  const proved = await proveStep({ kind: "code", challengeId: pending.id, code }, { browserHash: me.b, purpose, request });
  if (!proved.ok) return proved;
  return finishChallenge(proved.proof, { user: me.user, sessionHash: me.sessionHash, request });
}

/** The session proved the account longer ago than the fresh window (a stolen cookie's session). */
async function ageProof(me: Me) {
  const db = await getDb();
  await db.$executeRaw`UPDATE "Session" SET "provenAt" = now() - interval '1 hour' WHERE "id" = ${me.sessionHash}`;
}

/** The mailbox's wrong-code counters, over its rows (the shared one and any known browser's). */
async function limitRow(email: string) {
  const db = await getDb();
  const rows = await db.emailLimit.findMany({ where: { mailboxKey: mailboxKey(email) }, select: { failCount: true, failStreak: true } });
  return rows.length
    ? { failCount: rows.reduce((n, r) => n + r.failCount, 0), failStreak: Math.max(...rows.map((r) => r.failStreak)) }
    : null;
}

function undoTokenIn(text: string): string | null {
  return /\/email-change\/undo\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null;
}

describe("item 10: a right account code gives its unit back", () => {
  it("change-email: failCount and streak stay 0 after the right code", async () => {
    const request = req("192.0.2.10");
    const me = await signedIn(request);
    const newEmail = `n-${randomUUID().slice(0, 8)}@example.com`;
    expect((await start("change-email", me, newEmail, request)).ok).toBe(true);
    expect((await confirm("change-email", me, await latestCode(newEmail), request)).ok).toBe(true);
    expect(await limitRow(newEmail)).toMatchObject({ failCount: 0, failStreak: 0 });
  });

  it("reauthenticate: a wrong code counts once, the right one after it does not", async () => {
    const request = req("192.0.2.11");
    const me = await signedIn(request);
    expect((await start("reauthenticate", me, "", request)).ok).toBe(true);
    const code = await latestCode(me.user.email);
    const wrong = await confirm("reauthenticate", me, wrongCodeFor(code), request);
    expect(wrong).toMatchObject({ ok: false, failure: { reason: "wrong-code" } });
    expect((await confirm("reauthenticate", me, code, request)).ok).toBe(true);
    expect(await limitRow(me.user.email)).toMatchObject({ failCount: 1, failStreak: 1 });
  });
});

describe("item 2: changing the email needs a fresh proof of the current address", () => {
  it("a session cookie alone (proof older than the window) gets no code to a new address; the owner's code does", async () => {
    const request = req("192.0.2.20");
    const me = await signedIn(request);
    await ageProof(me);
    const thiefAddress = `thief-${randomUUID().slice(0, 8)}@example.com`;
    const tried = await start("change-email", me, thiefAddress, request);
    expect(tried).toEqual({ ok: false, failure: { reason: "step-up-required" } });
    expect(await listMailboxMessages({ to: thiefAddress })).toHaveLength(0);

    // The step-up: a code to the CURRENT address, typed in this browser.
    expect((await start("reauthenticate", me, "ignored@example.com", request)).ok).toBe(true);
    const [stepUpMail] = await listMailboxMessages({ to: me.user.email });
    expect(stepUpMail!.subject).toMatch(/confirm it's you/);
    expect((await confirm("reauthenticate", me, await latestCode(me.user.email), request)).ok).toBe(true);

    const newEmail = `own-${randomUUID().slice(0, 8)}@example.com`;
    expect((await start("change-email", me, newEmail, request)).ok).toBe(true);
    expect((await confirm("change-email", me, await latestCode(newEmail), request)).ok).toBe(true);
  });

  it("a reauthentication code proves only the session that typed it", async () => {
    const request = req("192.0.2.21");
    const me = await signedIn(request);
    const other = await signedIn(request, browser(), me.user.email);
    await ageProof(me);
    await ageProof(other);
    await start("reauthenticate", me, "", request);
    expect((await confirm("reauthenticate", me, await latestCode(me.user.email), request)).ok).toBe(true);
    expect((await start("change-email", other, `x-${randomUUID().slice(0, 8)}@example.com`, request)).ok).toBe(false);
  });
});

describe("item 2: the undo link in the notice to the old address", () => {
  async function changed() {
    const request = req("192.0.2.30");
    const me = await signedIn(request);
    const laptop = await signedIn(request, browser(), me.user.email);
    const newEmail = `moved-${randomUUID().slice(0, 8)}@example.com`;
    await start("change-email", me, newEmail, request);
    expect((await confirm("change-email", me, await latestCode(newEmail), request)).ok).toBe(true);
    const [notice] = await listMailboxMessages({ to: me.user.email });
    expect(notice!.subject).toMatch(/email address was changed/);
    const token = undoTokenIn(notice!.text);
    expect(token).not.toBeNull();
    return { me, laptop, newEmail, token: token! };
  }

  it("restores the address, ends every session, works once; reading it writes nothing", async () => {
    const { me, laptop, newEmail, token } = await changed();
    const db = await getDb();
    // GET (scanner) twice: nothing changes.
    expect(await findEmailChangeUndo(token)).toMatchObject({ ok: true, state: "live" });
    expect(await findEmailChangeUndo(token)).toMatchObject({ ok: true, state: "live" });
    expect((await db.user.findUniqueOrThrow({ where: { id: me.user.id } })).email).toBe(newEmail);
    // Only the hash is stored.
    expect(await db.emailChangeUndo.count({ where: { tokenHash: token } })).toBe(0);

    const undone = await undoEmailChange(token, { ip: "192.0.2.31", userAgent: "vitest" });
    expect(undone).toEqual({ ok: true, restoredEmail: me.user.email });
    expect((await db.user.findUniqueOrThrow({ where: { id: me.user.id } })).email).toBe(me.user.email);
    expect(await db.session.count({ where: { userId: me.user.id } })).toBe(0);
    expect(await checkSession(me.sessionId)).toBeNull();
    expect(await checkSession(laptop.sessionId)).toBeNull();

    expect(await undoEmailChange(token, { ip: null, userAgent: null })).toEqual({ ok: false, reason: "used" });
    expect(await findEmailChangeUndo(token)).toMatchObject({ ok: true, state: "used" });
  });

  it("expires", async () => {
    const { me, newEmail, token } = await changed();
    const db = await getDb();
    await db.$executeRaw`UPDATE "EmailChangeUndo" SET "expiresAt" = now() - interval '1 second' WHERE "tokenHash" = ${hashToken(token)}`;
    expect(await findEmailChangeUndo(token)).toMatchObject({ ok: true, state: "expired" });
    expect(await undoEmailChange(token, { ip: null, userAgent: null })).toEqual({ ok: false, reason: "expired" });
    expect((await db.user.findUniqueOrThrow({ where: { id: me.user.id } })).email).toBe(newEmail);
  });

  it("a malformed or unknown token is invalid", async () => {
    expect(await undoEmailChange("nope", { ip: null, userAgent: null })).toEqual({ ok: false, reason: "invalid" });
    expect(await undoEmailChange(generateToken(), { ip: null, userAgent: null })).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("item 8: deletion leaves nothing that names the person", () => {
  it("no row in any table holds the address (old or current), the user id, the IP or the user agent", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    const ua = `DeletionScan/${randomUUID()}`;
    const request = req(ip, ua);
    const me = await signedIn(request);
    const firstAddress = me.user.email;
    // A wrong code (limit row, failure streak), an email change (undo row, notice), then deletion.
    const newEmail = `del-${randomUUID().slice(0, 8)}@example.com`;
    await start("change-email", me, newEmail, request);
    await confirm("change-email", me, wrongCodeFor(await latestCode(newEmail)), request);
    expect((await confirm("change-email", me, await latestCode(newEmail), request)).ok).toBe(true);
    me.user = { id: me.user.id, email: newEmail };
    await start("delete-account", me, "", request);
    const deleted = await confirm("delete-account", me, await latestCode(newEmail), request);
    expect(deleted).toMatchObject({ ok: true, signOut: true });

    const needles = [firstAddress, newEmail, me.user.id, ip, ua];
    const hits = await scanAllTables(needles);
    expect(hits).toEqual([]);
    // A bare trace of the deletion is kept: type and time only.
    const db = await getDb();
    const trace = await db.authEvent.findFirst({ where: { type: "account-deleted" }, orderBy: { createdAt: "desc" } });
    expect(trace).toMatchObject({ userId: null, email: null, ip: null, userAgent: null, detail: null });
  });
});

/** Every row of every table in the public schema, as text, searched for each needle. */
async function scanAllTables(needles: string[]): Promise<string[]> {
  const db = await getDb();
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const hits: string[] = [];
  for (const { table_name } of tables) {
    for (const needle of needles) {
      const rows = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "${table_name.replace(/"/g, "")}" t WHERE strpos(t::text, $1) > 0`,
        needle,
      );
      if ((rows[0]?.n ?? 0) > 0) hits.push(`${table_name}: ${rows[0]!.n} row(s) contain ${needle}`);
    }
  }
  return hits;
}

/** A code of the configured format that is not `right`. */
function wrongCodeFor(right: string): string {
  let code = generateCode();
  while (code === right) code = generateCode();
  return code;
}
