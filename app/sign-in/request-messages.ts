import type { RequestCodeResult } from "@/lib/auth/sign-in";
import { waitText } from "@/lib/wait-text";

type Refusal = Exclude<RequestCodeResult, { ok: true }>;

/**
 * What the person reads when no code was sent. Says nothing about whether
 * the address has an account (S6): every limit is per address or per
 * network, whoever owns it.
 */
export function requestRefusalMessage(result: Refusal): string {
  switch (result.reason) {
    case "cooldown":
      return `You can ask for a new code in ${result.retryAfterSeconds} seconds.`;
    case "email-limited":
      return `Too many codes were sent to this email address. Try again in ${waitText(result.retryAfterSeconds)}.`;
    case "ip-limited":
      return `Too many sign-in emails were requested from your network. Try again in ${waitText(result.retryAfterSeconds)}.`;
    case "email-failed":
      return "We couldn't send the email just now. Please try again in a minute.";
    case "unavailable":
      return "Sign-in is unavailable right now. Please try again in a minute.";
  }
}
