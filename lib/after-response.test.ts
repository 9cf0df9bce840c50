import { describe, expect, it, vi } from "vitest";

/**
 * afterResponse: inside a request the task is handed to Next's after() and
 * the caller goes on at once; outside one (tests, scripts) it runs before the
 * caller's await returns.
 */
const scheduled: (() => Promise<void>)[] = [];
let inRequest = true;
vi.mock("next/server", () => ({
  after: (task: () => Promise<void>) => {
    if (!inRequest) throw new Error("`after` was called outside a request scope");
    scheduled.push(task);
  },
}));

const { afterResponse } = await import("@/lib/after-response");

describe("afterResponse", () => {
  it("in a request: the task waits for the response, the caller does not", async () => {
    inRequest = true;
    let ran = false;
    await afterResponse(async () => {
      ran = true;
    });
    expect(ran).toBe(false);
    expect(scheduled).toHaveLength(1);
    await scheduled[0]!();
    expect(ran).toBe(true);
  });

  it("outside a request: the task has run when the caller's await returns", async () => {
    inRequest = false;
    let ran = false;
    await afterResponse(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
