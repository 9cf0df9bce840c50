import { z } from "zod";

/**
 * Email addresses as identities: trimmed, NFC-normalised and lower-cased so
 * "Ann@Example.com " and "ann@example.com" are one account. Control
 * characters (header injection) and addresses over RFC 5321's 254 characters
 * are refused before anything else happens.
 */
const emailSchema = z.email({ pattern: z.regexes.html5Email });

export type ParsedEmail = { ok: true; email: string } | { ok: false; message: string };

export function parseEmail(input: unknown): ParsedEmail {
  if (typeof input !== "string" || input.trim() === "") {
    return { ok: false, message: "Enter your email address." };
  }
  if (input.length > 320) return { ok: false, message: "That email address is too long." };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F\u2028\u2029]/.test(input)) {
    return { ok: false, message: "Enter a valid email address, like name@example.com." };
  }
  const email = input.normalize("NFC").trim().toLowerCase();
  if (email.length > 254) return { ok: false, message: "That email address is too long." };
  if (!emailSchema.safeParse(email).success) {
    return { ok: false, message: "Enter a valid email address, like name@example.com." };
  }
  return { ok: true, email };
}

/** "alice@example.com" → "a•••e@example.com": enough to recognise, little to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  const local = email.slice(0, at);
  const domain = email.slice(at);
  const shown = local.length <= 2 ? local[0] + "•" : `${local[0]}•••${local[local.length - 1]}`;
  return shown + domain;
}
