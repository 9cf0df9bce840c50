import { describe, expect, it } from "vitest";
import { describeStatement } from "@/lib/bench/seam";

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
