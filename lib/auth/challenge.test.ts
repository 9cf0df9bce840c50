import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  checkChallengeCode,
  createChallenge,
  findPendingChallenge,
  readChallengeState,
} from "@/lib/auth/challenge";
import { generateToken, hashCode, hashToken } from "@/lib/auth/secrets";
import { config } from "@/lib/config";
import { finishSignIn, proveCode, signInByCode } from "@/lib/test/auth";

/** A browser: its secret stays in the cookie, the database sees the hash. */
function newBrowser() {
  const secret = generateToken();
  return { secret, hash: hashToken(secret) };
}
const email = () => `t-${randomUUID().slice(0, 8)}@example.com`;

async function start(address = email(), browser = newBrowser()) {
  const created = await createChallenge({ email: address, purpose: "sign-in", browserHash: browser.hash, ip: "203.0.113.9", userAgent: "vitest" });
  if (!created.ok) throw new Error("expected a challenge");
  return { ...created, email: address, browser };
}

function wrongCodeFor(code: string): string {
  return code === "AAAAAA" ? "BBBBBB" : "AAAAAA";
}

const signInWith = (challengeId: string, browserHash: string, code: string) => signInByCode(challengeId, browserHash, code);

describe("challenge lifecycle (real database)", () => {
  it("right code → consumed, user created with a verified email, session opened", async () => {
    const c = await start();
    const result = await signInWith(c.challengeId, c.browser.hash, c.code);
    expect(result).toMatchObject({ ok: true, email: c.email });
    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { email: c.email } });
    expect(user.emailVerified).toBeInstanceOf(Date);
    if (!result.ok || !("sessionId" in result)) throw new Error("no session");
    const session = await db.session.findUniqueOrThrow({ where: { id: hashToken(result.sessionId) } });
    expect(session.userId).toBe(user.id);
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    expect(await readChallengeState(c.challengeId, c.browser.hash)).toBe("used");
  });

  it("an existing user signs in to the same account", async () => {
    const address = email();
    const first = await start(address);
    const a = await signInWith(first.challengeId, first.browser.hash, first.code);
    const second = await start(address);
    const b = await signInWith(second.challengeId, second.browser.hash, second.code);
    expect(a.ok && b.ok && "userId" in a && "userId" in b && a.userId === b.userId).toBe(true);
  });

  describe("S1: a code works once, even under concurrency", () => {
    it("a second use fails", async () => {
      const c = await start();
      expect((await signInWith(c.challengeId, c.browser.hash, c.code)).ok).toBe(true);
      expect(await signInWith(c.challengeId, c.browser.hash, c.code)).toEqual({ ok: false, reason: "used" });
    });

    it("25 concurrent right codes: exactly one session", async () => {
      const c = await start();
      const results = await Promise.all(
        Array.from({ length: 25 }, () => signInWith(c.challengeId, c.browser.hash, c.code)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const db = await getDb();
      const user = await db.user.findUniqueOrThrow({ where: { email: c.email } });
      expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    });

    it("consume alone is a single winner even when every check passed first", async () => {
      const c = await start();
      const proved = await proveCode(c.challengeId, c.browser.hash, c.code);
      if (!proved.ok) throw new Error(proved.failure.reason);
      const results = await Promise.all(Array.from({ length: 10 }, () => finishSignIn(proved.proof)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === "used")).toHaveLength(9);
    });
  });

  describe("S2: only in the browser that asked", () => {
    it("the right code with another browser's cookie is refused and costs the owner nothing", async () => {
      const c = await start();
      const stranger = newBrowser();
      expect(await signInWith(c.challengeId, stranger.hash, c.code)).toEqual({ ok: false, reason: "missing" });
      const pending = await findPendingChallenge(c.browser.hash, "sign-in");
      expect(pending?.attemptsLeft).toBe(config.challenge.maxAttempts);
      expect((await signInWith(c.challengeId, c.browser.hash, c.code)).ok).toBe(true);
    });

    it("another browser asking for the same email gets its own code; neither code opens the other", async () => {
      const address = email();
      const mine = await start(address);
      const theirs = await start(address, newBrowser());
      const cross = await signInWith(theirs.challengeId, theirs.browser.hash, mine.code);
      expect(cross.ok).toBe(mine.code === theirs.code); // ~1e-9 chance they are equal
      // Mine is not superseded by theirs: supersede is per browser (S4).
      expect(await readChallengeState(mine.challengeId, mine.browser.hash)).toBe("live");
    });
  });

  describe("S3: expiry and the attempt cap", () => {
    it("an expired challenge refuses even the right code", async () => {
      const c = await start();
      const db = await getDb();
      await db.challenge.update({ where: { id: c.challengeId }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect(await signInWith(c.challengeId, c.browser.hash, c.code)).toEqual({ ok: false, reason: "expired" });
    });

    it("expires after the configured lifetime", async () => {
      const before = Date.now();
      const c = await start();
      const ttl = config.challenge.ttlSeconds * 1000;
      expect(c.expiresAt.getTime()).toBeGreaterThanOrEqual(before + ttl - 5000);
      expect(c.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + ttl + 5000);
    });

    it("counts down attempts, then refuses even the right code", async () => {
      const c = await start();
      const wrong = wrongCodeFor(c.code);
      for (let left = config.challenge.maxAttempts - 1; left >= 1; left--) {
        expect(await signInWith(c.challengeId, c.browser.hash, wrong)).toEqual({ ok: false, reason: "wrong-code", attemptsLeft: left });
      }
      expect(await signInWith(c.challengeId, c.browser.hash, wrong)).toEqual({ ok: false, reason: "locked" });
      expect(await signInWith(c.challengeId, c.browser.hash, c.code)).toEqual({ ok: false, reason: "locked" });
    });

    it("concurrent guesses never get past the cap", async () => {
      const c = await start();
      const wrong = wrongCodeFor(c.code);
      await Promise.all(Array.from({ length: 30 }, () => signInWith(c.challengeId, c.browser.hash, wrong)));
      const db = await getDb();
      const row = await db.challenge.findUniqueOrThrow({ where: { id: c.challengeId } });
      expect(row.attempts).toBe(config.challenge.maxAttempts);
      expect(await signInWith(c.challengeId, c.browser.hash, c.code)).toEqual({ ok: false, reason: "locked" });
    });
  });

  describe("S4: a new code supersedes the old one", () => {
    it("within the cooldown a second request is refused with the time left", async () => {
      const c = await start();
      const again = await createChallenge({ email: c.email, purpose: "sign-in", browserHash: c.browser.hash });
      expect(again.ok).toBe(false);
      if (!again.ok) {
        expect(again.retryAfterSeconds).toBeGreaterThan(0);
        expect(again.retryAfterSeconds).toBeLessThanOrEqual(config.challenge.resendCooldownSeconds);
      }
    });

    it("after the cooldown the old code stops working and the new one works", async () => {
      const c = await start();
      const db = await getDb();
      await db.challenge.update({ where: { id: c.challengeId }, data: { createdAt: new Date(Date.now() - 60_000) } });
      const next = await start(c.email, c.browser);
      expect(await signInWith(c.challengeId, c.browser.hash, c.code)).toEqual({ ok: false, reason: "superseded" });
      expect((await signInWith(next.challengeId, c.browser.hash, next.code)).ok).toBe(true);
    });

    it("a dead challenge (locked) never holds up a new code", async () => {
      const c = await start();
      const db = await getDb();
      await db.challenge.update({ where: { id: c.challengeId }, data: { attempts: config.challenge.maxAttempts } });
      const next = await createChallenge({ email: c.email, purpose: "sign-in", browserHash: c.browser.hash });
      expect(next.ok).toBe(true);
    });
  });

  describe("S7: nothing secret stored in plain", () => {
    it("the row holds an HMAC of the code and hashes of the link token and browser secret", async () => {
      const c = await start();
      const db = await getDb();
      const row = await db.challenge.findUniqueOrThrow({ where: { id: c.challengeId } });
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(c.code);
      expect(stored).not.toContain(c.linkToken);
      expect(stored).not.toContain(c.browser.secret);
      expect(row.codeHash).toBe(hashCode(c.challengeId, c.code));
      // Keyed: a plain hash of the code (what a dump could be brute-forced against) is not what we store.
      expect(row.codeHash).not.toBe(hashToken(c.code));
      expect(row.codeHash).not.toBe(hashToken(`${c.challengeId}:${c.code}`));
      expect(row.linkTokenHash).toBe(hashToken(c.linkToken));
      expect(row.browserHash).toBe(c.browser.hash);
    });

    it("the same code on two challenges hashes differently (bound to its challenge)", () => {
      expect(hashCode(randomUUID(), "ABCDEF")).not.toBe(hashCode(randomUUID(), "ABCDEF"));
    });
  });

  it("sign-up off: an unknown email gets no account", async () => {
    const c = await start();
    expect(await signInByCode(c.challengeId, c.browser.hash, c.code, false)).toEqual({ ok: false, reason: "no-account" });
    const db = await getDb();
    expect(await db.user.count({ where: { email: c.email } })).toBe(0);
  });

  it("the code page finds this browser's latest challenge and its state", async () => {
    const c = await start();
    const pending = await findPendingChallenge(c.browser.hash, "sign-in");
    expect(pending).toMatchObject({ id: c.challengeId, email: c.email, state: "live", attemptsLeft: config.challenge.maxAttempts });
    expect(await findPendingChallenge(newBrowser().hash, "sign-in")).toBeNull();
  });
});
