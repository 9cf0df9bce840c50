import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { getEnv } from "@/lib/env";
import { canonicalMailbox } from "@/lib/auth/email-address";

/**
 * The key the per-mailbox limits are stored under (S5, S12): an HMAC of the
 * canonical mailbox (lib/auth/email-address.ts) with a key derived from
 * AUTH_SECRET. The limit table never holds an address, and a dump of it
 * cannot be matched against a list of addresses without the secret.
 * Rotating AUTH_SECRET starts every mailbox's limits afresh.
 */
let key: Buffer | undefined;

export function mailboxKey(email: string): string {
  key ??= Buffer.from(hkdfSync("sha256", getEnv().AUTH_SECRET, "magic-code", "mailbox-limit-key-v1", 32));
  return createHmac("sha256", key).update(canonicalMailbox(email)).digest("base64url");
}
