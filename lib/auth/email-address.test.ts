import { describe, expect, it } from "vitest";
import { maskEmail, parseEmail } from "@/lib/auth/email-address";

describe("parseEmail", () => {
  it("normalises case and whitespace", () => {
    expect(parseEmail("  Ann.Lee@Example.COM ")).toEqual({ ok: true, email: "ann.lee@example.com" });
  });

  it.each([
    "",
    "   ",
    "ann",
    "ann@",
    "@example.com",
    "ann@example.com\r\nBcc: victim@example.com",
    "ann@example.com\nX: y",
    "ann\u0000@example.com",
    `${"a".repeat(250)}@example.com`,
    "a".repeat(5000),
    "ann@exa mple.com",
    "<ann@example.com>",
    "ann@example.com, bob@example.com",
  ])("refuses %j with a message", (input) => {
    const parsed = parseEmail(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(5);
  });

  it.each([undefined, null, 42, ["a@b.co"], { email: "a@b.co" }])("refuses non-strings (%j)", (input) => {
    expect(parseEmail(input).ok).toBe(false);
  });
});

describe("maskEmail", () => {
  it("keeps first and last letters and the domain", () => {
    expect(maskEmail("alice@example.com")).toBe("a•••e@example.com");
    expect(maskEmail("al@example.com")).toBe("a•@example.com");
  });
});
