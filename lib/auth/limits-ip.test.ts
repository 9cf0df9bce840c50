import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { Redis } from "@upstash/redis";
import { afterAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { createChallenge } from "@/lib/auth/challenge";
import { checkCodeWithLimits } from "@/lib/auth/limits";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { IpLimiter } from "@/lib/rate-limit";
import { createIoredisRequester } from "@/lib/redis";
import { canConnect } from "@/lib/test/tcp-proxy";

/**
 * S5's per-IP layer through the code check itself, against the real Redis
 * and database: the unit is spent before the comparison, so concurrency
 * cannot buy an IP more comparisons than its limit (issue 10.3).
 */
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const target = new URL(redisUrl);
const redisUp = await canConnect(target.hostname, Number(target.port || 6379));

const requester = createIoredisRequester(redisUrl, { commandTimeoutMs: 2000 });
afterAll(() => requester.quit());

// The app's limiter, pointed at this test's own keys (lib/rate-limit.ts keeps it on globalThis).
const holder = ((globalThis as { __magicCodeIpLimiter?: { limiter?: IpLimiter | null } }).__magicCodeIpLimiter ??= {});
function useLimiter(): void {
  holder.limiter = new IpLimiter({ redis: new Redis(requester), prefix: `test:codes:${randomBytes(6).toString("hex")}`, timeoutMs: 2000 });
}

const ip = () => `192.0.2.${randomInt(1, 255)}`;

async function challenges(n: number) {
  const made = [];
  for (let i = 0; i < n; i++) {
    const browserHash = hashToken(generateToken());
    const created = await createChallenge({ email: `ip-${randomUUID().slice(0, 8)}@example.com`, purpose: "sign-in", browserHash, ip: null, userAgent: "test" });
    if (!created.ok) throw new Error(created.reason);
    made.push({ challengeId: created.challengeId, code: created.code, browserHash });
  }
  return made;
}

const wrong = (code: string) => {
  const [a, b] = config.code.alphabet;
  return (code.startsWith(a!) ? b! : a!) + code.slice(1);
};

describe.skipIf(!redisUp)("per-IP wrong-code limit under concurrency (issue 10.3)", () => {
  it(`100 concurrent wrong codes from one IP: exactly ${config.limits.ip.failedVerifies} compared`, async () => {
    useLimiter();
    const from = ip();
    // Spread over challenges so neither the per-challenge nor the per-email limit stops them first.
    const targets = await challenges(25);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const t = targets[i % targets.length]!;
        return checkCodeWithLimits({ challengeId: t.challengeId, browserHash: t.browserHash, purpose: "sign-in", code: wrong(t.code), ip: from });
      }),
    );
    const compared = results.filter((r) => !(!r.ok && r.reason === "ip-limited"));
    expect(compared).toHaveLength(config.limits.ip.failedVerifies);
    expect(compared.every((r) => !r.ok && r.reason === "wrong-code")).toBe(true);
  });

  it("a right code costs nothing: the unit comes back", async () => {
    useLimiter();
    const from = ip();
    const [t] = await challenges(1);
    const limiter = holder.limiter!;
    for (let i = 0; i < config.limits.ip.failedVerifies - 1; i++) expect((await limiter.spendVerify(from)).ok).toBe(true);
    // One unit left: a right code uses it and gives it back.
    expect(await checkCodeWithLimits({ challengeId: t!.challengeId, browserHash: t!.browserHash, purpose: "sign-in", code: t!.code, ip: from })).toMatchObject({ ok: true });
    expect((await limiter.spendVerify(from)).ok).toBe(true);
    expect((await limiter.spendVerify(from)).ok).toBe(false);
  });
});
