import { randomInt } from "node:crypto";
import { config } from "@/lib/config";
import { stripCodeNoise } from "@/lib/code-input";

/**
 * One-time codes: made from an unbiased CSPRNG, shown grouped (ABC-123), and
 * read back forgivingly (any case, spaces, dashes, full-width characters).
 */
export type CodeFormat = { mode: "alphanumeric" | "digits"; alphabet: string; length: number; groupSize: number };

const defaultFormat: CodeFormat = config.code;

function alphabetOf(format: CodeFormat): string {
  return format.mode === "digits" ? "0123456789" : format.alphabet;
}

export function generateCode(format: CodeFormat = defaultFormat): string {
  const alphabet = alphabetOf(format);
  let code = "";
  for (let i = 0; i < format.length; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

/** "ABC123" → "ABC-123" (digits mode: "123 456", as phones show them). */
export function formatCode(code: string, format: CodeFormat = defaultFormat): string {
  const separator = format.mode === "digits" ? " " : "-";
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += format.groupSize) groups.push(code.slice(i, i + format.groupSize));
  return groups.join(separator);
}

/**
 * A made-up code in the configured format, for hints and placeholders
 * ("ABC-234", "123 456"): letters then digits from the alphabet itself, so
 * it never shows a character the alphabet leaves out.
 */
export function codeExample(format: CodeFormat = defaultFormat): string {
  // Digits mode counts from 1 ("123 456"), as phones and banks show codes.
  const alphabet = format.mode === "digits" ? "1234567890" : format.alphabet;
  const letters = [...alphabet].filter((c) => !/\d/.test(c));
  const digits = [...alphabet].filter((c) => /\d/.test(c));
  const half = format.mode === "digits" || letters.length === 0 ? 0 : Math.ceil(format.length / 2);
  let example = "";
  for (let i = 0; i < format.length; i++) {
    const pool = i < half ? letters : digits.length ? digits : letters;
    example += pool[(i < half ? i : i - half) % pool.length];
  }
  return formatCode(example, format);
}

/**
 * What the person typed or pasted → the canonical code, or null when it cannot
 * be one (wrong length or a character outside the alphabet). NFKC folds
 * full-width and other compatibility forms; separators and invisible
 * characters a paste may carry are dropped.
 */
export function normalizeCode(input: unknown, format: CodeFormat = defaultFormat): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  const cleaned = stripCodeNoise(input).toUpperCase();
  if (cleaned.length !== format.length) return null;
  const alphabet = alphabetOf(format);
  for (const ch of cleaned) if (!alphabet.includes(ch)) return null;
  return cleaned;
}
