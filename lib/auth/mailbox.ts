import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { getEnv } from "@/lib/env";
import { canonicalMailbox } from "@/lib/auth/email-address";
import { isTestAddress } from "@/lib/test-mode";

/**
 * The key the per-mailbox limits are stored under (S5, S12): an HMAC of the
 * canonical mailbox (lib/auth/email-address.ts) with a key derived from
 * AUTH_SECRET. The limit table never holds an address, and a dump of it
 * cannot be matched against a list of addresses without the secret.
 * Rotating AUTH_SECRET starts every mailbox's limits afresh.
 * Test-mode addresses (QA, lib/test-mode.ts; `name+test@…` by default) are
 * counted as typed, never with the real mailbox they would canonicalise to:
 * their relaxed limits must not spend, or be spent by, the real owner's.
 */
let key: Buffer | undefined;

export function mailboxKey(email: string): string {
  key ??= Buffer.from(hkdfSync("sha256", getEnv().AUTH_SECRET, "magic-code", "mailbox-limit-key-v1", 32));
  const counted = isTestAddress(email) ? `test:${email.toLowerCase()}` : canonicalMailbox(email);
  return createHmac("sha256", key).update(counted).digest("base64url");
}
