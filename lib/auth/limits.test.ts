import { randomInt, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { config } from "@/lib/config";
import { createChallenge } from "@/lib/auth/challenge";
import { checkCodeWithLimits } from "@/lib/auth/limits";
import { finishSignIn, proveCode, signInByCode, signInByLink } from "@/lib/test/auth";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { anHourLater, sharedLimit, timePasses } from "@/lib/test/limits";

/**
 * S5 at the domain level, against the real database (PGlite, or PostgreSQL
 * when DATABASE_URL is set): the per-email limits hold whatever the attacker
 * spreads guesses over (challenges, browsers, IPs, concurrency), and they
 * engage at exactly the configured numbers.
 */
const { freeSends, sendDelaysSeconds, failedVerifies, maxFailureStreak, knownBrowser } = config.limits.email;
const NIST_CEILING = 100;

const newBrowser = () => hashToken(generateToken());
const email = () => `bf-${randomUUID().slice(0, 8)}@example.com`;
const randomIp = () => `198.51.${randomInt(256)}.${randomInt(1, 255)}`;

/** Any code of the right shape except the real one (the attacker does not know it). */
function wrongCode(right: string): string {
  const alphabet = config.code.alphabet;
  for (;;) {
    let code = "";
    for (let i = 0; i < config.code.length; i++) code += alphabet[randomInt(alphabet.length)];
    if (code !== right) return code;
  }
}

type Live = { challengeId: string; code: string; browserHash: string };

/** An attacker asks for codes for the victim from fresh browsers until refused. */
async function requestUntilRefused(address: string, tries: number): Promise<{ live: Live[]; refusedAt: number | null; retryAfter: number | null }> {
  const live: Live[] = [];
  for (let i = 0; i < tries; i++) {
    const browserHash = newBrowser();
    const created = await createChallenge({ email: address, purpose: "sign-in", browserHash, ip: randomIp(), userAgent: "attacker" });
    if (!created.ok) {
      expect(created.reason).toBe("email-limited");
      return { live, refusedAt: i + 1, retryAfter: created.ok ? null : created.retryAfterSeconds };
    }
    live.push({ challengeId: created.challengeId, code: created.code, browserHash });
  }
  return { live, refusedAt: null, retryAfter: null };
}

function guess(target: Live, code: string) {
  return checkCodeWithLimits({ challengeId: target.challengeId, browserHash: target.browserHash, purpose: "sign-in", code, ip: randomIp() });
}

describe("S5: brute force is bounded per email, across challenges, browsers and IPs", () => {
  it("sends from unknown browsers: the free ones, then a growing wait told with its time left, never an hour", async () => {
    const address = email();
    const { live, refusedAt, retryAfter } = await requestUntilRefused(address, freeSends + 3);
    expect(live).toHaveLength(freeSends);
    expect(refusedAt).toBe(freeSends + 1);
    // Each further send waits the next delay after the last one, and not a second less.
    for (const delay of [...sendDelaysSeconds, sendDelaysSeconds.at(-1)!]) {
      const refused = await createChallenge({ email: address, purpose: "sign-in", browserHash: newBrowser() });
      expect(refused).toMatchObject({ ok: false, reason: "email-limited" });
      if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(delay - 5);
      if (!refused.ok) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(delay);
      await timePasses(address, delay - 5);
      expect(await createChallenge({ email: address, purpose: "sign-in", browserHash: newBrowser() })).toMatchObject({ ok: false });
      await timePasses(address, 5);
      expect((await createChallenge({ email: address, purpose: "sign-in", browserHash: newBrowser() })).ok).toBe(true);
    }
    expect(retryAfter).toBeLessThanOrEqual(sendDelaysSeconds[0]!);
    await anHourLater(address);
    expect((await requestUntilRefused(address, freeSends + 1)).live).toHaveLength(freeSends);
  });

  it("sends: a burst of concurrent requests for one address is counted exactly", async () => {
    const address = email();
    const results = await Promise.all(
      Array.from({ length: 40 }, () => createChallenge({ email: address, purpose: "sign-in", browserHash: newBrowser() })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(freeSends);
    expect(results.filter((r) => !r.ok && r.reason === "email-limited")).toHaveLength(40 - freeSends);
  });

  it("verifies: the per-email limit engages at exactly the configured number; then even the right code waits", async () => {
    const address = email();
    const { live } = await requestUntilRefused(address, freeSends);
    const outcomes: string[] = [];
    for (let i = 0; i < failedVerifies + 5; i++) {
      const target = live[Math.floor(i / config.challenge.maxAttempts) % live.length]!;
      const result = await guess(target, wrongCode(target.code));
      outcomes.push(result.ok ? "ok" : result.reason);
    }
    const compared = outcomes.filter((r) => r === "wrong-code" || r === "locked");
    expect(compared).toHaveLength(failedVerifies);
    expect(outcomes.slice(failedVerifies)).toEqual(Array(5).fill("email-limited"));

    // The cooldown is told with its time left, and holds back the right code too.
    const fresh = live[live.length - 1]!;
    const right = await guess(fresh, fresh.code);
    expect(right).toMatchObject({ ok: false, reason: "email-limited" });
    if (!right.ok && right.reason === "email-limited") {
      expect(right.retryAfterSeconds).toBeGreaterThan(config.limits.windowSeconds - 120);
    }
    // A refused guess costs the challenge nothing.
    const db = await getDb();
    const row = await db.challenge.findUniqueOrThrow({ where: { id: fresh.challengeId } });
    expect(row.attempts).toBe(0);

    // After the window the right code works, and a sign-in ends the failure streak.
    await anHourLater(address);
    const signedIn = await signInByCode(fresh.challengeId, fresh.browserHash, fresh.code);
    expect(signedIn.ok).toBe(true);
    const limit = await db.emailLimit.findUniqueOrThrow({ where: sharedLimit(address) });
    expect(limit.failStreak).toBe(0);
    expect(limit.failCount).toBe(0); // the right code's unit was given back
  });

  it(
    "10,000 wrong guesses over many challenges, browsers, IPs and simulated hours: 0 successes, limits at the configured numbers, never near NIST's 100",
    async () => {
      const address = email();
      const hours = 12;
      const total = 10_000;
      const perHour = Math.ceil(total / hours);
      const concurrency = 25;
      let guesses = 0;
      let successes = 0;
      let compared = 0;
      const perHourCompared: number[] = [];
      const perHourSends: number[] = [];
      const reasons = new Map<string, number>();
      const started = Date.now();

      for (let hour = 0; hour < hours; hour++) {
        if (hour > 0) await anHourLater(address);
        const { live } = await requestUntilRefused(address, freeSends + 2);
        perHourSends.push(live.length);
        const db = await getDb();
        for (let sent = 0; sent < perHour && guesses < total; sent += concurrency) {
          const batch = Math.min(concurrency, perHour - sent, total - guesses);
          const results = await Promise.all(
            Array.from({ length: batch }, (_, i) => {
              const target = live[(sent + i) % live.length]!;
              return guess(target, wrongCode(target.code));
            }),
          );
          guesses += batch;
          for (const r of results) {
            if (r.ok) successes++;
            const reason = r.ok ? "ok" : r.reason;
            reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          }
        }
        // A lucky attacker holding the right code gets nowhere once a limit has engaged.
        for (const target of live) {
          const r = await guess(target, target.code);
          guesses++;
          if (r.ok) successes++;
        }
        // Compared guesses are exactly the attempts the challenges counted ("locked"
        // is also what a guess at an exhausted challenge reads, uncompared).
        const { _sum } = await db.challenge.aggregate({ where: { id: { in: live.map((l) => l.challengeId) } }, _sum: { attempts: true } });
        const comparedThisHour = _sum.attempts ?? 0;
        perHourCompared.push(comparedThisHour);
        compared += comparedThisHour;
      }

      console.log(
        `[brute force] ${guesses} guesses against one address over ${hours} simulated hours in ${Date.now() - started} ms: ` +
          `${successes} successes, ${compared} compared with a code; per hour sends ${perHourSends.join("/")}, ` +
          `compared ${perHourCompared.join("/")}; outcomes ${JSON.stringify(Object.fromEntries(reasons))}`,
      );
      expect(guesses).toBeGreaterThanOrEqual(total);
      expect(successes).toBe(0);
      // Sends: exactly the limit each hour (the lock stops codes, not emails: the link still works).
      expect(perHourSends).toEqual(Array(hours).fill(freeSends));
      // Verifies: exactly the hourly limit until the streak ceiling, then nothing.
      const hoursToLock = maxFailureStreak / failedVerifies;
      expect(perHourCompared).toEqual(Array.from({ length: hours }, (_, h) => (h < hoursToLock ? failedVerifies : 0)));
      expect(compared).toBe(maxFailureStreak);
      expect(compared).toBeLessThan(NIST_CEILING);
      expect(reasons.get("email-locked")).toBeGreaterThan(0);
    },
    120_000,
  );

  it("the failure streak lock turns codes off for the address, and the emailed link still signs in (and ends the streak)", async () => {
    const address = email();
    const db = await getDb();
    const { live } = await requestUntilRefused(address, 1);
    await db.emailLimit.update({ where: sharedLimit(address), data: { failStreak: maxFailureStreak } });
    const target = live[0]!;
    expect(await guess(target, target.code)).toEqual({ ok: false, reason: "email-locked" });

    // The link in the same email is a 256-bit secret: nothing to guess, so it still works.
    const browserHash = newBrowser();
    const created = await createChallenge({ email: address, purpose: "sign-in", browserHash });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const finished = await signInByLink(created.challengeId, browserHash, created.linkToken);
    expect(finished.ok).toBe(true);
    expect((await db.emailLimit.findUniqueOrThrow({ where: sharedLimit(address) })).failStreak).toBe(0);
  });
});

describe("S1: one use, even raced; replays refused", () => {
  it("100 concurrent verifications of the right code: exactly one session", async () => {
    const address = email();
    const browserHash = newBrowser();
    const created = await createChallenge({ email: address, purpose: "sign-in", browserHash });
    if (!created.ok) throw new Error("no challenge");
    const results = await Promise.all(
      Array.from({ length: 100 }, () => signInByCode(created.challengeId, browserHash, created.code)),
    );
    const winners = results.filter((r) => r.ok);
    console.log(`[race] 100 concurrent right codes: ${winners.length} winner(s)`);
    expect(winners).toHaveLength(1);
    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { email: address } });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("a consumed code, replayed, is refused; so is its link", async () => {
    const address = email();
    const browserHash = newBrowser();
    const created = await createChallenge({ email: address, purpose: "sign-in", browserHash });
    if (!created.ok) throw new Error("no challenge");
    const proved = await proveCode(created.challengeId, browserHash, created.code);
    if (!proved.ok) throw new Error(proved.failure.reason);
    expect((await finishSignIn(proved.proof)).ok).toBe(true);
    expect(await proveCode(created.challengeId, browserHash, created.code)).toEqual({ ok: false, failure: { reason: "used" } });
    expect(await finishSignIn(proved.proof)).toEqual({ ok: false, reason: "used" });
    expect(await signInByLink(created.challengeId, browserHash, created.linkToken)).toEqual({ ok: false, reason: "used" });
  });
});
