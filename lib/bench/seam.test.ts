import { describe, expect, it } from "vitest";
import { countRoundTrips } from "@/lib/bench/round-trips";
import { describeStatement, enableSeam, roundTripsSoFar, takeSpans, traced } from "@/lib/bench/seam";

// Runs in order: the seam is off (as in every deployment) until the last block turns it on.
describe("the instrumentation seam, off", () => {
  it("hands traced functions back untouched: no wrapper, so no cost per call", () => {
    const send = async (to: string) => to;
    expect(traced("email deliver", send)).toBe(send);
  });

  it("leaves the database adapter alone and counts nothing", async () => {
    const adapter = { queryRaw: async () => [], executeRaw: async () => 0 };
    const factory = { connect: async () => adapter };
    const connect = factory.connect;
    expect(countRoundTrips(factory).connect).toBe(connect);
    expect(roundTripsSoFar()).toBe(0);
  });
});

describe("the instrumentation seam, on", () => {
  it("times traced calls of tagged requests, also when they throw (a redirect), and counts statements", async () => {
    enableSeam();
    const request = { headers: new Headers({ "x-bench-op": "rc-1-0" }) };
    const untagged = { headers: new Headers() };
    const step = traced("proxy", async (r: typeof request, fail: boolean) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) throw new Error("NEXT_REDIRECT");
      return r;
    });
    await step(request, false);
    await expect(step(request, true)).rejects.toThrow("NEXT_REDIRECT");
    await step(untagged, false); // not the benchmark's: no span
    const spans = takeSpans();
    expect(spans.map((s) => [s.op, s.stage])).toEqual([
      ["rc-1-0", "proxy"],
      ["rc-1-0", "proxy"],
    ]);
    expect(spans[0]!.ms).toBeGreaterThanOrEqual(4);
    expect(takeSpans()).toEqual([]); // emptied on read

    const adapter = { queryRaw: async (_q: { sql: string }) => [], executeRaw: async (_q: { sql: string }) => 0 };
    const db = (await countRoundTrips({ connect: async () => adapter }).connect()) as typeof adapter;
    await db.queryRaw({ sql: "SELECT 1" });
    await db.executeRaw({ sql: 'INSERT INTO "AuthEvent" ("id") VALUES ($1)' });
    expect(roundTripsSoFar()).toBe(2);
  });
});

describe("describeStatement (bench labels for database statements)", () => {
  it("names the tables a statement writes, in order, once each", () => {
    expect(
      describeStatement(`WITH gate AS (INSERT INTO "EmailLimit" AS l ("email") SELECT 1 ON CONFLICT ("email") DO UPDATE SET "failCount" = 1 RETURNING 1),
        checked AS (UPDATE "Challenge" SET "attempts" = "attempts" + 1 RETURNING 1) SELECT 1 FROM "Challenge"`),
    ).toBe("INSERT EmailLimit + UPDATE Challenge");
    expect(describeStatement(`INSERT INTO "public"."MailboxMessage" ("id") VALUES ($1)`)).toBe("INSERT MailboxMessage");
    expect(describeStatement(`DELETE FROM "Session" WHERE "id" = $1`)).toBe("DELETE Session");
  });

  it("names what a read-only statement reads", () => {
    expect(describeStatement(`SELECT "id" FROM "public"."Challenge" WHERE "id" = $1 FOR UPDATE`)).toBe("SELECT Challenge");
    expect(describeStatement("COMMIT")).toBe("COMMIT");
  });
});
