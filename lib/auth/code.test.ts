import { describe, expect, it } from "vitest";
import { codeExample, formatCode, generateCode, normalizeCode, type CodeFormat } from "@/lib/auth/code";
import { config } from "@/lib/config";

/**
 * Every test states the format it checks. The documented formats (the
 * default, look-alike-free alphanumeric 6, and digits 8) run through the
 * same behaviour tests, and the app's own config (whatever a fork sets)
 * too, so a config change keeps these green.
 */
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const alphanumeric6: CodeFormat = { mode: "alphanumeric", alphabet: ALPHABET, length: 6, groupSize: 3 };
const digits8: CodeFormat = { mode: "digits", alphabet: ALPHABET, length: 8, groupSize: 4 };
const digits6: CodeFormat = { mode: "digits", alphabet: ALPHABET, length: 6, groupSize: 3 };

const charsOf = (format: CodeFormat) => (format.mode === "digits" ? "0123456789" : format.alphabet);

describe.each([
  ["alphanumeric 6", alphanumeric6],
  ["digits 8", digits8],
  ["the app's config", config.code as CodeFormat],
])("codes in %s", (_name, format) => {
  const chars = charsOf(format);

  it("are made only of the format's characters, at its length", () => {
    for (let i = 0; i < 2000; i++) {
      const code = generateCode(format);
      expect(code).toHaveLength(format.length);
      for (const ch of code) expect(chars).toContain(ch);
    }
  });

  it("spread evenly over the characters (no modulo bias)", () => {
    const counts = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) for (const ch of generateCode(format)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(chars.length);
    const expected = (n * format.length) / chars.length;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.1);
  });

  it("round-trip through their display form, any case", () => {
    for (let i = 0; i < 500; i++) {
      const code = generateCode(format);
      expect(normalizeCode(formatCode(code, format), format)).toBe(code);
      expect(normalizeCode(formatCode(code, format).toLowerCase(), format)).toBe(code);
    }
  });

  it("have an example that is itself a valid code of the format", () => {
    const example = codeExample(format);
    expect(normalizeCode(example, format)).toHaveLength(format.length);
  });

  it("refuse one character too few or too many", () => {
    const code = generateCode(format);
    expect(normalizeCode(code.slice(1), format)).toBeNull();
    expect(normalizeCode(code + chars[0], format)).toBeNull();
  });
});

describe("formatCode", () => {
  it("groups for reading: dashes for alphanumeric, spaces for digits", () => {
    expect(formatCode("ABC234", alphanumeric6)).toBe("ABC-234");
    expect(formatCode("123456", digits6)).toBe("123 456");
    expect(formatCode("12345678", digits8)).toBe("1234 5678");
  });

  it("gives examples in the format", () => {
    expect(codeExample(alphanumeric6)).toBe("ABC-234");
    expect(codeExample(digits6)).toBe("123 456");
    expect(codeExample(digits8)).toMatch(/^\d{4} \d{4}$/);
  });
});

describe("normalizeCode (alphanumeric 6)", () => {
  it.each([
    ["ABC-234", "ABC234"],
    ["abc234", "ABC234"],
    [" abc 234 ", "ABC234"],
    ["abc–234", "ABC234"], // en dash from a rich-text paste
    ["ＡＢＣ２３４", "ABC234"], // full-width
    ["ABC\u200B234", "ABC234"], // zero-width space
    ["a-b-c-2-3-4", "ABC234"],
  ])("reads %j as %s", (input, expected) => {
    expect(normalizeCode(input, alphanumeric6)).toBe(expected);
  });

  it.each(["", "ABC23", "ABC2345", "ABO234", "AB1234", "ABC-23!", "x".repeat(100), null, 123456, ["ABC234"], {}])(
    "refuses %j",
    (input) => {
      expect(normalizeCode(input, alphanumeric6)).toBeNull();
    },
  );
});

describe("normalizeCode (digits)", () => {
  it("reads digits, with spaces and dashes, and refuses letters", () => {
    expect(normalizeCode("123 456", digits6)).toBe("123456");
    expect(normalizeCode("1234-5678", digits8)).toBe("12345678");
    expect(normalizeCode("12345A", digits6)).toBeNull();
    expect(normalizeCode("1234567", digits8)).toBeNull();
  });
});
