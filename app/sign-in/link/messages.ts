import type { SignInFailure } from "@/auth";
import type { LinkState } from "@/lib/auth/link";
import { config } from "@/lib/config";

/** Why a link cannot be used (any more), in words; never more than the holder of the link may know. */
export function linkFailure(reason: Exclude<LinkState, "live"> | SignInFailure | "invalid"): string {
  switch (reason) {
    case "invalid":
    case "missing":
    case "invalid-input":
      return "This sign-in link isn't valid. It may have been cut short when it was copied. Ask for a new code.";
    case "used":
      return "This sign-in link has already been used. Each link and code works once: ask for a new one to sign in again.";
    case "expired":
      return `This sign-in link has expired. Links and codes work for ${Math.round(config.challenge.ttlSeconds / 60)} minutes: ask for a new one.`;
    case "superseded":
      return "A newer sign-in email was sent, so this link no longer works. Use the latest email, or ask for a new code.";
    case "denied":
      return "This sign-in was denied, so the link no longer works. Ask for a new code to sign in.";
    case "locked":
    case "wrong-code":
      return "Too many wrong codes were typed for this sign-in, so its link no longer works. Ask for a new code.";
    case "approved":
      return "This sign-in is already approved. Finish it on the device that asked for it.";
    case "not-approved":
      return "This sign-in isn't approved yet.";
    case "missing-browser":
      return "This browser has no sign-in in progress (were cookies cleared?). Ask for a new code here.";
    case "no-account":
      return "There is no account for this email address.";
    case "email-limited":
    case "ip-limited":
      return "Too many wrong codes were tried for this sign-in. Wait a while, then ask for a new code.";
    case "email-locked":
      return "Too many wrong codes were tried for this email address. Ask for a new code and use its link.";
    case "unavailable":
      return "Sign-in is unavailable right now. Please try again in a minute.";
  }
}

export const LINK_TITLES: Record<Exclude<LinkState, "live" | "approved"> | "invalid", string> = {
  invalid: "This link isn't valid",
  used: "This link has already been used",
  expired: "This link has expired",
  superseded: "This link was replaced by a newer one",
  denied: "This sign-in was denied",
  locked: "This sign-in is locked",
};
