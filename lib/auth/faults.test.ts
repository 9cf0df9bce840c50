import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeResend, type FakeResend } from "@/lib/test/fake-resend";

/**
 * S11 for email: Resend failing (500, a refused message) or hanging, seen
 * from the domain step a form post runs. The person gets a clear refusal
 * value (never a throw), nothing usable is left behind, and the next request
 * works once Resend is back — no restart. The timeout is shortened here; the
 * real one is config.email.sendTimeoutMs.
 */
vi.mock("@/lib/config", async (importOriginal) => {
  const { config } = await importOriginal<typeof import("@/lib/config")>();
  return { config: { ...config, email: { ...config.email, sendTimeoutMs: 400 } } };
});

let fake: FakeResend;
let normalizeCode: (input: unknown) => string | null;
beforeAll(async () => {
  fake = await startFakeResend();
  // Read once by lib/env.ts on first use, which is after this.
  process.env.RESEND_API_KEY = "re_test_fake";
  process.env.RESEND_BASE_URL = fake.url;
  await (await import("@/lib/db")).getDb(); // start (and migrate) the database before anything is timed
  await import("@/lib/test/auth"); // and load the pipeline's modules
  normalizeCode = (await import("@/lib/auth/code")).normalizeCode;
});
afterAll(async () => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  await fake.close();
});

async function request(email: string, browserHash: string) {
  const { requestSignInCode } = await import("@/lib/test/auth");
  return requestSignInCode({ email, browserHash, request: { ip: null, userAgent: "vitest", origin: "http://localhost:3000" } });
}

async function newBrowser() {
  const { generateToken, hashToken } = await import("@/lib/auth/secrets");
  return hashToken(generateToken());
}

describe("S11: the email API fails or hangs", () => {
  it.each(["error", "reject", "hang"] as const)("Resend %s: a clear refusal, no usable challenge, recovery without restart", async (mode) => {
    const { findPendingChallenge } = await import("@/lib/auth/challenge");
    const email = `fault-${randomUUID().slice(0, 8)}@example.com`;
    const browser = await newBrowser();

    fake.mode = mode;
    const started = Date.now();
    expect(await request(email, browser)).toEqual({ ok: false, reason: "email-failed" });
    expect(Date.now() - started).toBeLessThan(3000); // "hang" ends at the timeout
    // Nothing usable is left: the challenge was retired at once.
    const pending = await findPendingChallenge(browser, "sign-in");
    expect(pending?.state).toBe("superseded");

    // Resend is back: the same browser gets a code at once (a failed send does not hold up the cooldown)…
    fake.mode = "ok";
    const sent = await request(email, browser);
    expect(sent.ok).toBe(true);
    const code = fake.latestCode(email);
    expect(normalizeCode(code ?? "")).not.toBeNull(); // a code in the configured format
    // …and it works.
    const { checkCodeWithLimits } = await import("@/lib/auth/limits");
    if (!sent.ok) return;
    const checked = await checkCodeWithLimits({ challengeId: sent.challengeId, browserHash: browser, purpose: "sign-in", code: normalizeCode(code)!, ip: null });
    expect(checked.ok).toBe(true);
  });

  it("an email that never left does not spend the address's send limit; the limit still holds", async () => {
    const { config } = await import("@/lib/config");
    const email = `fault-${randomUUID().slice(0, 8)}@example.com`;
    fake.mode = "error";
    for (let i = 0; i < 3; i++) expect(await request(email, await newBrowser())).toEqual({ ok: false, reason: "email-failed" });
    fake.mode = "ok";
    const results = [];
    for (let i = 0; i < config.limits.email.freeSends + 1; i++) results.push(await request(email, await newBrowser()));
    expect(results.filter((r) => r.ok)).toHaveLength(config.limits.email.freeSends);
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "email-limited" });
  });
});
