/**
 * What rides along with a code when it is typed or pasted, and is not part
 * of it: spaces and dashes of the grouping (ABC-123), full-width forms (NFKC),
 * and invisible marks — zero-width ones, and the bidi marks and isolates
 * around the code in a right-to-left email (lib/email/templates/text.ts).
 * One rule for the server's check (lib/auth/code.ts) and the code field's
 * paste (app/sign-in/verify/code-form.tsx), so a pasted code that the server
 * would accept is also one the field submits by itself. No Node imports: the
 * code field is a client component.
 */
const NOISE = /[\s\-‐-―−_.·•\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

export function stripCodeNoise(input: string): string {
  return input.normalize("NFKC").replace(NOISE, "");
}
