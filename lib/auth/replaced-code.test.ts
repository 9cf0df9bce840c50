import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createChallenge, readChallengeState } from "@/lib/auth/challenge";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { mailboxKey } from "@/lib/auth/mailbox";
import { config } from "@/lib/config";
import { generateCode } from "@/lib/auth/code";
import { signInByCode } from "@/lib/test/auth";

/**
 * Issue 14.3: the right code of an older email (after "Resend code") says a
 * newer code replaced it and costs the live challenge no attempt — without
 * becoming an oracle: only this browser's own replaced codes, exactly, and
 * the bounds across challenges (S5) still count it.
 */

function newBrowser() {
  const secret = generateToken();
  return { secret, hash: hashToken(secret) };
}
const email = () => `r-${randomUUID().slice(0, 8)}@example.com`;

async function start(address: string, browserHash: string) {
  const created = await createChallenge({ email: address, purpose: "sign-in", browserHash, ip: "203.0.113.9", userAgent: "vitest" });
  if (!created.ok) throw new Error(`expected a challenge, got ${created.reason}`);
  return created;
}

/** Moves a challenge out of the resend cooldown, so the next request replaces it. */
async function age(challengeId: string) {
  const db = await getDb();
  await db.challenge.update({ where: { id: challengeId }, data: { createdAt: new Date(Date.now() - 60_000) } });
}

/** A resend: an older challenge and the newer one that replaced it, same browser and address. */
async function resent() {
  const address = email();
  const browser = newBrowser();
  const old = await start(address, browser.hash);
  await age(old.challengeId);
  const fresh = await start(address, browser.hash);
  return { address, browser, old, fresh };
}

async function attemptsOf(challengeId: string) {
  const db = await getDb();
  return (await db.challenge.findUniqueOrThrow({ where: { id: challengeId } })).attempts;
}

function differentCode(...codes: string[]): string {
  let code = generateCode();
  while (codes.includes(code)) code = generateCode();
  return code;
}

describe("the code of an older email after a resend (issue 14.3)", () => {
  it("says a newer code replaced it and costs the live challenge no attempt", async () => {
    const { browser, old, fresh } = await resent();
    if (old.code === fresh.code) return; // ~1e-9: the two emails carry the same code
    expect(await signInByCode(fresh.challengeId, browser.hash, old.code)).toEqual({ ok: false, reason: "replaced-code" });
    expect(await attemptsOf(fresh.challengeId)).toBe(0);
    // Again and again: still free, never a lock-out of the live challenge.
    for (let i = 0; i < config.challenge.maxAttempts + 1; i++) {
      expect(await signInByCode(fresh.challengeId, browser.hash, old.code)).toEqual({ ok: false, reason: "replaced-code" });
    }
    expect(await attemptsOf(fresh.challengeId)).toBe(0);
    // The old challenge stays replaced (S4): nothing about it was reopened; the new code works (S1 once).
    expect(await readChallengeState(old.challengeId, browser.hash)).toBe("superseded");
    expect((await signInByCode(fresh.challengeId, browser.hash, fresh.code)).ok).toBe(true);
    expect(await signInByCode(fresh.challengeId, browser.hash, old.code)).toEqual({ ok: false, reason: "used" });
  });

  it("any other wrong code still costs an attempt", async () => {
    const { browser, old, fresh } = await resent();
    const wrong = differentCode(old.code, fresh.code);
    expect(await signInByCode(fresh.challengeId, browser.hash, wrong)).toEqual({
      ok: false,
      reason: "wrong-code",
      attemptsLeft: config.challenge.maxAttempts - 1,
    });
    expect(await attemptsOf(fresh.challengeId)).toBe(1);
  });

  it("only this browser's own older codes: another browser's code for the same address is a wrong code", async () => {
    const address = email();
    const mine = newBrowser();
    const theirs = newBrowser();
    const theirOld = await start(address, theirs.hash);
    await age(theirOld.challengeId);
    await start(address, theirs.hash); // theirs is replaced in their browser
    const live = await start(address, mine.hash);
    if (theirOld.code === live.code) return;
    expect(await signInByCode(live.challengeId, mine.hash, theirOld.code)).toMatchObject({ ok: false, reason: "wrong-code" });
    expect(await attemptsOf(live.challengeId)).toBe(1);
  });

  it("an older challenge that was locked by wrong codes is not recognised (its code was never found)", async () => {
    const { browser, old, fresh } = await resent();
    if (old.code === fresh.code) return;
    const db = await getDb();
    await db.challenge.update({ where: { id: old.challengeId }, data: { attempts: config.challenge.maxAttempts } });
    expect(await signInByCode(fresh.challengeId, browser.hash, old.code)).toMatchObject({ ok: false, reason: "wrong-code" });
  });

  it("still counts in the address's failed-verify window (the bound across challenges, S5)", async () => {
    const { address, browser, old, fresh } = await resent();
    if (old.code === fresh.code) return;
    const db = await getDb();
    const failCount = async () =>
      (await db.emailLimit.findFirst({ where: { mailboxKey: mailboxKey(address), browser: "" } }))?.failCount ?? 0;
    const before = await failCount();
    await signInByCode(fresh.challengeId, browser.hash, old.code);
    expect(await failCount()).toBe(before + 1);
  });
});
