import { afterEach, describe, expect, it, vi } from "vitest";

/** Issue 10.12: production without AUTH_URL stops at start-up with one clear line, instead of a 500 on every page. */
describe("start-up refuses an invalid production environment", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
    vi.restoreAllMocks();
  });

  async function run(env: Record<string, string>) {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    vi.resetModules();
    const { refuseToStartIfMisconfigured } = await import("@/lib/startup");
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    const exit = vi.fn((code: number) => {
      throw new Error(`exit ${code}`);
    }) as unknown as (code: number) => never;
    let exited: unknown = null;
    try {
      refuseToStartIfMisconfigured(exit);
    } catch (error) {
      exited = error;
    }
    return { lines, exited: exited ? String(exited) : null };
  }

  it("production without AUTH_URL: exits 1 with one line naming AUTH_URL", async () => {
    const { lines, exited } = await run({ NODE_ENV: "production", AUTH_URL: "", AUTH_SECRET: "x".repeat(40), NEXT_PHASE: "" });
    expect(exited).toBe("Error: exit 1");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/refusing to start: .*AUTH_URL: required in production/);
  });

  it("production with AUTH_URL, development without it, and `next build`: starts", async () => {
    expect((await run({ NODE_ENV: "production", AUTH_URL: "https://app.example", AUTH_SECRET: "x".repeat(40), NEXT_PHASE: "" })).exited).toBeNull();
    expect((await run({ NODE_ENV: "development", AUTH_URL: "", AUTH_SECRET: "x".repeat(40), NEXT_PHASE: "" })).exited).toBeNull();
    expect((await run({ NODE_ENV: "production", AUTH_URL: "", AUTH_SECRET: "", NEXT_PHASE: "phase-production-build" })).exited).toBeNull();
  });
});
