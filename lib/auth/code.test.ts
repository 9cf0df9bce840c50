import { describe, expect, it } from "vitest";
import { formatCode, generateCode, normalizeCode, type CodeFormat } from "@/lib/auth/code";
import { config } from "@/lib/config";

const digits: CodeFormat = { ...config.code, mode: "digits" };

describe("generateCode", () => {
  it("uses only the look-alike-free alphabet, at the configured length", () => {
    for (let i = 0; i < 2000; i++) {
      const code = generateCode();
      expect(code).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/);
    }
  });

  it("spreads evenly over the alphabet (no modulo bias)", () => {
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) for (const ch of generateCode()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (n * 6) / 32;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.1);
  });

  it("has a digits mode", () => {
    expect(generateCode(digits)).toMatch(/^\d{6}$/);
  });
});

describe("formatCode", () => {
  it("groups for reading", () => {
    expect(formatCode("ABC234")).toBe("ABC-234");
    expect(formatCode("123456", digits)).toBe("123 456");
  });
});

describe("normalizeCode", () => {
  it.each([
    ["ABC-234", "ABC234"],
    ["abc234", "ABC234"],
    [" abc 234 ", "ABC234"],
    ["abc–234", "ABC234"], // en dash from a rich-text paste
    ["ＡＢＣ２３４", "ABC234"], // full-width
    ["ABC\u200B234", "ABC234"], // zero-width space
    ["a-b-c-2-3-4", "ABC234"],
  ])("reads %j as %s", (input, expected) => {
    expect(normalizeCode(input)).toBe(expected);
  });

  it.each(["", "ABC23", "ABC2345", "ABO234", "AB1234", "ABC-23!", "x".repeat(100), null, 123456, ["ABC234"], {}])(
    "refuses %j",
    (input) => {
      expect(normalizeCode(input)).toBeNull();
    },
  );

  it("reads digits in digits mode", () => {
    expect(normalizeCode("123 456", digits)).toBe("123456");
    expect(normalizeCode("12345A", digits)).toBeNull();
  });

  it("round-trips every generated code through its display form", () => {
    for (let i = 0; i < 500; i++) {
      const code = generateCode();
      expect(normalizeCode(formatCode(code))).toBe(code);
      expect(normalizeCode(formatCode(code).toLowerCase())).toBe(code);
    }
  });
});
