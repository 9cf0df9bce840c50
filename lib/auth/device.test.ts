import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { hashToken } from "@/lib/auth/secrets";
import { createUser } from "@/lib/test-hooks";
import { decideDevice, findDeviceByUserCode, pollDeviceToken, startDeviceAuthorization } from "@/lib/auth/device";
import { checkAccessToken } from "@/lib/auth/tokens";

const request = { ip: null, userAgent: "vitest-device", origin: "http://localhost" };
const client = "magic-code-cli";

beforeAll(async () => {
  await getDb();
}, 120_000);

async function start() {
  const started = await startDeviceAuthorization({ clientId: client, scope: undefined, request });
  if (!started.ok) throw new Error(started.error);
  return started;
}

async function approver() {
  const email = `d-${randomUUID().slice(0, 8)}@example.com`;
  const id = await createUser(email);
  return { user: { id, email }, browserHash: hashToken(randomUUID()), request };
}

const poll = (deviceCode: string, clientId = client) => pollDeviceToken({ clientId, deviceCode, request });

/** Lets the next poll count as on time (the test does not wait 5 s). */
async function forgetLastPoll(deviceCode: string) {
  const db = await getDb();
  await db.$executeRaw`UPDATE "DeviceAuthorization" SET "lastPolledAt" = NULL WHERE "deviceCodeHash" = ${hashToken(deviceCode)}`;
}

describe("device authorization (RFC 8628)", () => {
  it("starts with the RFC's fields and stores only hashes", async () => {
    const started = await start();
    expect(started.userCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(started.deviceCode).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(started).toMatchObject({ expiresIn: 600, interval: 5 });
    const db = await getDb();
    const row = await db.deviceAuthorization.findUnique({ where: { deviceCodeHash: hashToken(started.deviceCode) } });
    expect(row).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(started.deviceCode);
    expect(JSON.stringify(row)).not.toContain(started.userCode.replace("-", ""));
  });

  it("refuses unknown clients and scopes", async () => {
    expect(await startDeviceAuthorization({ clientId: "nobody", scope: undefined, request })).toEqual({ ok: false, error: "invalid_client" });
    expect(await startDeviceAuthorization({ clientId: client, scope: "admin", request })).toEqual({ ok: false, error: "invalid_scope" });
  });

  it("pending → slow_down (+5 s) → approved → token, once", async () => {
    const started = await start();
    expect(await poll(started.deviceCode)).toMatchObject({ ok: false, error: "authorization_pending" });
    expect(await poll(started.deviceCode)).toEqual({ ok: false, error: "slow_down", interval: 10 });
    // The raised interval stays: a poll 6 s later would still be too fast.
    const db = await getDb();
    await db.$executeRaw`UPDATE "DeviceAuthorization" SET "lastPolledAt" = now() - interval '6 seconds' WHERE "deviceCodeHash" = ${hashToken(started.deviceCode)}`;
    expect(await poll(started.deviceCode)).toEqual({ ok: false, error: "slow_down", interval: 15 });

    const ctx = await approver();
    const found = await findDeviceByUserCode(started.userCode.toLowerCase(), ctx);
    expect(found).toMatchObject({ ok: true, value: { clientName: "Magic Code CLI", userAgent: "vitest-device", userCode: started.userCode } });
    expect(await decideDevice(started.userCode, "approve", ctx)).toEqual({ ok: true, value: { clientName: "Magic Code CLI" } });
    // A user code works once.
    expect(await decideDevice(started.userCode, "approve", ctx)).toEqual({ ok: false, failure: { reason: "used" } });

    expect(await poll(started.deviceCode, "other-client")).toMatchObject({ ok: false, error: "invalid_client" });
    const issued = await poll(started.deviceCode);
    if (!issued.ok) throw new Error(issued.error);
    expect(await checkAccessToken(issued.token.accessToken)).toMatchObject({ email: ctx.user.email, clientId: client });
    // A device code is exchanged once.
    await forgetLastPoll(started.deviceCode);
    expect(await poll(started.deviceCode)).toMatchObject({ ok: false, error: "invalid_grant" });
  });

  it("two racing polls of an approved code: exactly one token", async () => {
    const started = await start();
    const ctx = await approver();
    await decideDevice(started.userCode, "approve", ctx);
    const results = await Promise.all([poll(started.deviceCode), poll(started.deviceCode), poll(started.deviceCode)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("denied → access_denied; expired → expired_token; unknown → invalid_grant", async () => {
    const denied = await start();
    const ctx = await approver();
    expect(await decideDevice(denied.userCode, "deny", ctx)).toMatchObject({ ok: true });
    expect(await poll(denied.deviceCode)).toMatchObject({ ok: false, error: "access_denied" });

    const expired = await start();
    const db = await getDb();
    await db.$executeRaw`UPDATE "DeviceAuthorization" SET "expiresAt" = now() - interval '1 second' WHERE "deviceCodeHash" = ${hashToken(expired.deviceCode)}`;
    expect(await poll(expired.deviceCode)).toMatchObject({ ok: false, error: "expired_token" });
    expect(await decideDevice(expired.userCode, "approve", ctx)).toEqual({ ok: false, failure: { reason: "expired" } });

    expect(await poll("A".repeat(43))).toMatchObject({ ok: false, error: "invalid_grant" });
    expect(await poll("short")).toMatchObject({ ok: false, error: "invalid_grant" });
  });

  it(`limits wrong user codes to ${config.device.wrongUserCodes} per account per window, counted before the comparison`, async () => {
    const started = await start();
    const ctx = await approver();
    expect(await findDeviceByUserCode("ZZZZ-ZZZ", ctx)).toEqual({ ok: false, failure: { reason: "malformed" } }); // free
    for (let i = 0; i < config.device.wrongUserCodes; i++) {
      expect(await findDeviceByUserCode("ZZZZ-ZZZZ", ctx)).toEqual({ ok: false, failure: { reason: "wrong" } });
    }
    // Now even the right code is refused, from any browser of this account.
    const other = { ...ctx, browserHash: hashToken(randomUUID()) };
    expect(await findDeviceByUserCode(started.userCode, other)).toMatchObject({ ok: false, failure: { reason: "limited" } });
    // And per browser: another account in the same browser is refused too.
    const sameBrowser = { ...(await approver()), browserHash: ctx.browserHash };
    expect(await findDeviceByUserCode(started.userCode, sameBrowser)).toMatchObject({ ok: false, failure: { reason: "limited" } });
  });

  it("a right code costs no unit of the guess budget", async () => {
    const ctx = await approver();
    for (let i = 0; i < config.device.wrongUserCodes + 2; i++) {
      const started = await start();
      expect(await findDeviceByUserCode(started.userCode, ctx)).toMatchObject({ ok: true });
    }
  });
});
