import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * /healthz's answer: the database decides ok (503 otherwise), Redis is only
 * reported. The database and Redis are stubbed here: what is tested is the
 * verdict, including a database that hangs instead of failing.
 */
const db = vi.hoisted(() => ({ behaviour: "ok" as "ok" | "fail" | "hang" }));

vi.mock("@/lib/db", () => ({
  getDb: async () => ({
    $queryRaw: () =>
      db.behaviour === "ok" ? Promise.resolve([{ "?column?": 1 }]) : db.behaviour === "fail" ? Promise.reject(new Error("ECONNREFUSED")) : new Promise(() => {}),
  }),
}));

afterEach(() => {
  db.behaviour = "ok";
  vi.unstubAllEnvs();
});

describe("checkHealth", () => {
  it("is ok with the database answering; Redis off when none is configured", async () => {
    vi.stubEnv("AUTH_SECRET", "health-test-secret-0123456789abcdef0123");
    vi.stubEnv("REDIS_URL", "");
    vi.stubEnv("UPSTASH_REDIS_REST_URL", "");
    const { checkHealth } = await import("@/lib/health");
    expect(await checkHealth()).toEqual({ ok: true, database: "ok", redis: "off" });
  });

  it("fails when the database refuses or hangs (answering within the check's own timeout)", async () => {
    vi.stubEnv("AUTH_SECRET", "health-test-secret-0123456789abcdef0123");
    const { checkHealth } = await import("@/lib/health");
    db.behaviour = "fail";
    expect(await checkHealth()).toMatchObject({ ok: false, database: "unreachable" });
    db.behaviour = "hang";
    const started = Date.now();
    expect(await checkHealth()).toMatchObject({ ok: false, database: "unreachable" });
    expect(Date.now() - started).toBeLessThan(2900);
  });
});
