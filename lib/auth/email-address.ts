import { z } from "zod";

/**
 * Email addresses as identities: trimmed, NFC-normalised and lower-cased so
 * "Ann@Example.com " and "ann@example.com" are one account. Control
 * characters (header injection) and addresses over RFC 5321's 254 characters
 * are refused before anything else happens.
 */
const emailSchema = z.email({ pattern: z.regexes.html5Email });

/**
 * A refusal carries its `reason` (pages say it in the reader's language:
 * `signIn.email.*`) and English words for the JSON APIs and logs.
 */
export type EmailProblem = "empty" | "tooLong" | "invalid";
export type ParsedEmail = { ok: true; email: string } | { ok: false; reason: EmailProblem; message: string };

export function parseEmail(input: unknown): ParsedEmail {
  if (typeof input !== "string" || input.trim() === "") {
    return { ok: false, reason: "empty", message: "Enter your email address." };
  }
  if (input.length > 320) return { ok: false, reason: "tooLong", message: "That email address is too long." };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F\u2028\u2029]/.test(input)) {
    return { ok: false, reason: "invalid", message: "Enter a valid email address, like name@example.com." };
  }
  const email = input.normalize("NFC").trim().toLowerCase();
  if (email.length > 254) return { ok: false, reason: "tooLong", message: "That email address is too long." };
  if (!emailSchema.safeParse(email).success) {
    return { ok: false, reason: "invalid", message: "Enter a valid email address, like name@example.com." };
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

/**
 * Providers that deliver "a.b.c@" to "abc@" (dots in the local part are
 * ignored), with the domain their mailboxes are known by. Kept short on
 * purpose: a provider missing here only means its dotted variants count as
 * separate mailboxes, as any other address does.
 */
const DOTLESS_PROVIDERS: Readonly<Record<string, string>> = {
  "gmail.com": "gmail.com",
  "googlemail.com": "gmail.com",
};

/**
 * The inbox an address delivers to, as far as we can tell without asking:
 * lower-cased, the "+tag" of the local part dropped (sub-addressing, which
 * nearly every provider supports), and dots dropped at providers that ignore
 * them. Abuse limits count this mailbox, not the address as typed, so
 * "name+1@", "name+2@" and "n.ame@gmail.com" share one budget (S5, S12).
 * Accounts keep the address as typed; this is never an identity.
 */
export function canonicalMailbox(email: string): string {
  const lower = email.normalize("NFC").trim().toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 1) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_PROVIDERS[domain];
  if (dotless) {
    const undotted = local.replaceAll(".", "");
    if (undotted) local = undotted;
    domain = dotless;
  }
  return `${local}@${domain}`;
}
