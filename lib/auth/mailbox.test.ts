import { describe, expect, it } from "vitest";
import { mailboxKey } from "@/lib/auth/mailbox";

describe("mailboxKey: what the limit rows are stored under", () => {
  it("one key per inbox, whatever the spelling; another inbox, another key", () => {
    const key = mailboxKey("ann.lee@gmail.com");
    for (const variant of ["annlee@gmail.com", "Ann.Lee+news@GoogleMail.com", "a.n.n.l.e.e+1@gmail.com"]) expect(mailboxKey(variant)).toBe(key);
    expect(mailboxKey("ann.lee@example.com")).not.toBe(key);
    expect(mailboxKey("ann.lee@example.com")).toBe(mailboxKey("ann.lee+x@example.com"));
    expect(mailboxKey("ann.lee@example.com")).not.toBe(mailboxKey("annlee@example.com"));
  });

  it("is a keyed hash: no address, not even the plain SHA-256 of one", async () => {
    const { createHash } = await import("node:crypto");
    const key = mailboxKey("ann@example.com");
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toBe(createHash("sha256").update("ann@example.com").digest("base64url"));
  });
});
