import { randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { config } from "@/lib/config";
import { createChallenge, type CreateChallengeResult } from "@/lib/auth/challenge";
import { checkCodeWithLimits } from "@/lib/auth/limits";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { signInByCode, signInByLink } from "@/lib/test/auth";
import { anHourLater, sharedLimit, timePasses } from "@/lib/test/limits";

/**
 * S12 — no cheap lockout — against the real database: what a stranger who
 * knows an address can do to its owner by spending the per-mailbox limits
 * (issue 10, items 1 and 7; decision 0035).
 */
const { freeSends, sendDelaysSeconds, failedVerifies, maxFailureStreak, knownBrowser } = config.limits.email;
const { windowSeconds } = config.limits;

const newBrowser = () => hashToken(generateToken());
const address = (domain = "example.com") => `lo${randomUUID().slice(0, 8)}@${domain}`;
const attackerIp = "203.0.113.66";

function wrongCode(right: string): string {
  for (;;) {
    let code = "";
    for (let i = 0; i < config.code.length; i++) code += config.code.alphabet[randomInt(config.code.alphabet.length)];
    if (code !== right) return code;
  }
}

const request = (email: string, browserHash = newBrowser(), ip: string | null = attackerIp) =>
  createChallenge({ email, purpose: "sign-in", browserHash, ip, userAgent: "vitest" });

/** The owner signs in once from this browser (it becomes a known browser of the account). */
async function ownerSignsIn(email: string, browserHash: string): Promise<void> {
  const created = await request(email, browserHash, null);
  if (!created.ok) throw new Error(`owner could not get a code: ${created.reason}`);
  const signedIn = await signInByCode(created.challengeId, browserHash, created.code);
  if (!signedIn.ok) throw new Error(`owner could not sign in: ${signedIn.reason}`);
}

describe("S12: a stranger cannot lock the owner out (issue 10, item 1)", () => {
  it("five posts in 100 ms for someone else's address make its owner wait at most a minute, not an hour", async () => {
    const email = address();
    const posts = await Promise.all(Array.from({ length: 5 }, () => request(email)));
    expect(posts.filter((p) => p.ok)).toHaveLength(freeSends);
    // The owner, on a browser that never signed in here (a new device):
    const owner = newBrowser();
    const refused = await request(email, owner, null);
    expect(refused).toMatchObject({ ok: false, reason: "email-limited" });
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(sendDelaysSeconds[0]!);
    await timePasses(email, sendDelaysSeconds[0]!);
    const created = await request(email, owner, null);
    expect(created.ok).toBe(true);
    if (created.ok) expect((await signInByCode(created.challengeId, owner, created.code)).ok).toBe(true);
  });

  it("a stranger who spends every shared send, wrong-code and streak budget cannot stop the owner's browser: codes and the link work", async () => {
    const email = address();
    const ownerBrowser = newBrowser();
    await ownerSignsIn(email, ownerBrowser);
    await anHourLater(email);

    const db = await getDb();
    // The stranger: bursts of sends and every wrong code they allow, hour after hour, until codes are off for unknown browsers.
    for (let hour = 0; hour < maxFailureStreak / failedVerifies; hour++) {
      if (hour > 0) await anHourLater(email);
      const browsers = Array.from({ length: 20 }, newBrowser);
      const burst = await Promise.all(browsers.map((b) => request(email, b)));
      const live = burst.flatMap((r, i) => (r.ok ? [{ ...r, browserHash: browsers[i]! }] : []));
      expect(live).toHaveLength(freeSends);
      for (let i = 0; i < failedVerifies + 3; i++) {
        const t = live[i % live.length]!;
        await checkCodeWithLimits({ challengeId: t.challengeId, browserHash: t.browserHash, purpose: "sign-in", code: wrongCode(t.code), ip: attackerIp });
      }
    }
    const shared = await db.emailLimit.findUniqueOrThrow({ where: sharedLimit(email) });
    expect(shared.failStreak).toBe(maxFailureStreak);
    // Unknown browsers are now refused, codes are off for them…
    const stranger = newBrowser();
    const strangerTry = await request(email, stranger);
    expect(strangerTry).toMatchObject({ ok: false, reason: "email-limited" });

    // …and the owner's browser, with the stranger bursting at the same time, gets its codes…
    const [mine, ...theirs] = await Promise.all([request(email, ownerBrowser, null), ...Array.from({ length: 20 }, () => request(email))]);
    expect(theirs.filter((r) => r.ok)).toHaveLength(0);
    expect(mine.ok).toBe(true);
    if (!mine.ok) return;
    // …a wrong code of its own is just a wrong code (its own budget, not the stranger's streak)…
    const oops = await checkCodeWithLimits({ challengeId: mine.challengeId, browserHash: ownerBrowser, purpose: "sign-in", code: wrongCode(mine.code), ip: null });
    expect(oops).toMatchObject({ ok: false, reason: "wrong-code" });
    // …the right code signs in…
    expect((await signInByCode(mine.challengeId, ownerBrowser, mine.code)).ok).toBe(true);
    // …and so does the emailed link, time after time, up to its own budget per hour.
    await anHourLater(email);
    for (let i = 0; i < knownBrowser.sends; i++) {
      await Promise.all(Array.from({ length: 5 }, () => request(email)));
      const again = await request(email, ownerBrowser, null);
      expect(again.ok, `owner's send ${i + 1}`).toBe(true);
      if (!again.ok) return;
      expect((await signInByLink(again.challengeId, ownerBrowser, again.linkToken)).ok).toBe(true);
    }
  });

  it("the emailed link keeps the owner able to sign in on a new device too (decision 0020): the stranger's wall is a growing wait", async () => {
    const email = address();
    await ownerSignsIn(email, newBrowser());
    const db = await getDb();
    // Codes off for unknown browsers (the streak) and the shared sends spent to their longest wait.
    await db.emailLimit.upsert({
      where: sharedLimit(email),
      create: { ...sharedLimit(email).mailboxKey_browser, failStreak: maxFailureStreak, failCount: failedVerifies, sendCount: 7 },
      update: { failStreak: maxFailureStreak, failCount: failedVerifies, sendCount: 7, lastSendAt: new Date(), sendWindowStart: new Date() },
    });
    const newDevice = newBrowser();
    const refused = await request(email, newDevice, null);
    expect(refused).toMatchObject({ ok: false, reason: "email-limited" });
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(sendDelaysSeconds.at(-1)!);
    await timePasses(email, sendDelaysSeconds.at(-1)!);
    const created = await request(email, newDevice, null);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(await checkCodeWithLimits({ challengeId: created.challengeId, browserHash: newDevice, purpose: "sign-in", code: created.code, ip: null })).toEqual({
      ok: false,
      reason: "email-locked",
    });
    expect((await signInByLink(created.challengeId, newDevice, created.linkToken)).ok).toBe(true);
    // The owner's sign-in ends the streak: codes work again for every browser.
    expect((await db.emailLimit.findUniqueOrThrow({ where: sharedLimit(email) })).failStreak).toBe(0);
  });
});

describe("S5: sub-addresses and dotted variants are one inbox (issue 10, item 7)", () => {
  const variants = (name: string) => (i: number) =>
    i % 3 === 0 ? `${name}+${i}@gmail.com` : i % 3 === 1 ? `${name.slice(0, 2)}.${name.slice(2)}+${i}@googlemail.com` : `${name.toUpperCase()}+x${i}@GMAIL.com`.toLowerCase();

  it("twenty sub-addresses in a minute: one inbox gets the free sends, not twenty emails", async () => {
    const name = `sub${randomUUID().slice(0, 6)}`;
    const at = variants(name);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => request(at(i))));
    expect(results.filter((r) => r.ok)).toHaveLength(freeSends);
  });

  it("over a whole hour, asked for as fast as allowed under any variant, one inbox gets at most 8 emails", async () => {
    const name = `hr${randomUUID().slice(0, 6)}`;
    const at = variants(name);
    let t = 0;
    let sent = 0;
    const trace: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = await request(at(i));
      trace.push(r.ok ? `ok@${t}` : `wait ${r.retryAfterSeconds}@${t}`);
      if (r.ok) {
        sent++;
        continue;
      }
      // The test's own seconds run on the database clock too: stop a little before the window's end.
      if (t + r.retryAfterSeconds >= windowSeconds - 30) break;
      await timePasses(`${name}@gmail.com`, r.retryAfterSeconds);
      t += r.retryAfterSeconds;
    }
    // What the schedule allows in one window: the free sends, then one per delay.
    let expected = freeSends;
    for (let clock = 0, n = freeSends; ; n++) {
      clock += sendDelaysSeconds[Math.min(n - freeSends, sendDelaysSeconds.length - 1)]!;
      if (clock >= windowSeconds) break;
      expected++;
    }
    console.log(`[sub-address bombing] ${sent} emails to one inbox in a simulated hour (schedule allows ${expected})`);
    expect(expected).toBe(8);
    expect(sent, trace.join(", ")).toBe(expected);
  });

  it("wrong codes spread over sub-addresses share one inbox's budget", async () => {
    const name = `wc${randomUUID().slice(0, 6)}`;
    const at = variants(name);
    const live: { challengeId: string; code: string; browserHash: string }[] = [];
    for (let i = 0; i < freeSends; i++) {
      const browserHash = newBrowser();
      const r = await request(at(i), browserHash);
      if (r.ok) live.push({ ...r, browserHash });
    }
    expect(live).toHaveLength(freeSends);
    let compared = 0;
    for (let i = 0; i < live.length * config.challenge.maxAttempts; i++) {
      const t = live[Math.floor(i / config.challenge.maxAttempts)]!;
      const r = await checkCodeWithLimits({ challengeId: t.challengeId, browserHash: t.browserHash, purpose: "sign-in", code: wrongCode(t.code), ip: attackerIp });
      if (!r.ok && (r.reason === "wrong-code" || r.reason === "locked")) compared++;
    }
    expect(compared).toBe(failedVerifies);
  });

  it("the limit table never holds the address", async () => {
    const email = address("gmail.com");
    await request(email);
    const db = await getDb();
    const rows = await db.$queryRaw<{ row: string }[]>`SELECT row_to_json(l)::text AS "row" FROM "EmailLimit" l`;
    expect(rows.length).toBeGreaterThan(0);
    const local = email.split("@")[0]!;
    expect(rows.filter((r) => r.row.includes(local))).toEqual([]);
  });
});
