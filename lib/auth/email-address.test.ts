import { describe, expect, it } from "vitest";
import { canonicalMailbox, maskEmail, parseEmail } from "@/lib/auth/email-address";

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

describe("canonicalMailbox: the inbox the abuse limits count", () => {
  it.each([
    ["ann@example.com", "ann@example.com"],
    ["Ann@Example.COM", "ann@example.com"],
    ["ann+1@example.com", "ann@example.com"],
    ["ann+a+b@example.com", "ann@example.com"],
    ["ann.lee@example.com", "ann.lee@example.com"], // dots matter outside the list
    ["ann.lee+x@example.com", "ann.lee@example.com"],
    ["a.n.n@gmail.com", "ann@gmail.com"],
    ["A.n.N+spam@GMail.com", "ann@gmail.com"],
    ["ann@googlemail.com", "ann@gmail.com"],
    ["a.nn+7@googlemail.com", "ann@gmail.com"],
    ["+ann@example.com", "+ann@example.com"], // a leading "+" is the whole name, not a tag
    ["..@gmail.com", "..@gmail.com"], // never an empty local part
    ["ann@sub.gmail.com", "ann@sub.gmail.com"],
  ])("%s → %s", (input, mailbox) => {
    expect(canonicalMailbox(input)).toBe(mailbox);
  });

  it("twenty sub-addresses and dotted variants are one mailbox", () => {
    const variants = Array.from({ length: 20 }, (_, i) => (i % 2 ? `na.me+${i}@gmail.com` : `name+${i}@googlemail.com`));
    expect(new Set(variants.map(canonicalMailbox))).toEqual(new Set(["name@gmail.com"]));
  });
});
