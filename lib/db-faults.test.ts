import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy, type TcpProxy } from "@/lib/test/tcp-proxy";

/**
 * S11 for the database: PostgreSQL unreachable or restarted mid-flow (a TCP
 * proxy in front of it is cut, dropping every connection, then restored).
 * Sign-in steps answer "unavailable" as a value (the pages say so), nothing
 * half-written remains usable, and the same process recovers once the
 * database is back: the pool replaces its dead connections. PostgreSQL only
 * (the embedded database cannot go away).
 */
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) console.log("[db-faults] skipped: needs DATABASE_URL (PostgreSQL); the embedded database cannot be cut");

let proxy: TcpProxy;

describe.skipIf(!serverUrl)("S11: PostgreSQL down and back", () => {
  beforeAll(async () => {
    const url = new URL(serverUrl!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    // lib/env.ts reads the environment on first use, which is after this.
    process.env.DATABASE_URL = url.toString();
  });
  afterAll(async () => {
    process.env.DATABASE_URL = serverUrl;
    await proxy?.close();
  });

  const info = { ip: null, userAgent: "vitest", origin: "http://localhost:3000" };

  it("request and check answer 'unavailable' while it is down, and work again after, in the same process", async () => {
    const { requestSignInCode } = await import("@/lib/test/auth");
    const { checkCodeWithLimits } = await import("@/lib/auth/limits");
    const { generateToken, hashToken } = await import("@/lib/auth/secrets");
    const { listMailboxMessages } = await import("@/lib/email/mailbox");
    const { normalizeCode } = await import("@/lib/auth/code");
    const browserHash = hashToken(generateToken());
    const email = `pg-${randomUUID().slice(0, 8)}@example.com`;

    const first = await requestSignInCode({ email, browserHash, request: info });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const [mail] = await listMailboxMessages({ to: email });
    const code = normalizeCode(mail!.code)!;

    proxy.cut(); // PostgreSQL "restarts": every connection in the pool dies
    const started = Date.now();
    expect(await requestSignInCode({ email: `other-${email}`, browserHash: hashToken(generateToken()), request: info })).toEqual({
      ok: false,
      reason: "unavailable",
    });
    expect(await checkCodeWithLimits({ challengeId: first.challengeId, browserHash, purpose: "sign-in", code, ip: null })).toEqual({
      ok: false,
      reason: "unavailable",
    });
    expect(Date.now() - started).toBeLessThan(12_000);

    proxy.restore();
    // The same process, the same pool: the code that was sent before the outage still works.
    let checked = await checkCodeWithLimits({ challengeId: first.challengeId, browserHash, purpose: "sign-in", code, ip: null });
    for (let i = 0; i < 10 && !checked.ok && checked.reason === "unavailable"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      checked = await checkCodeWithLimits({ challengeId: first.challengeId, browserHash, purpose: "sign-in", code, ip: null });
    }
    expect(checked.ok).toBe(true);
    const again = await requestSignInCode({ email: `third-${email}`, browserHash: hashToken(generateToken()), request: info });
    expect(again.ok).toBe(true);
  });
});
