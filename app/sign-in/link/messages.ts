import type { LinkState } from "@/lib/auth/link";

/** Headings of the link page's dead ends; the explanation comes from the failure catalogue. */
export const LINK_TITLES: Record<Exclude<LinkState, "live" | "approved"> | "invalid-link", string> = {
  "invalid-link": "This link isn't valid",
  used: "This link has already been used",
  expired: "This link has expired",
  superseded: "This link was replaced by a newer one",
  denied: "This sign-in was denied",
  locked: "This sign-in is locked",
};

export const ALREADY_APPROVED = "This sign-in is already approved. Finish it on the device that asked for it.";
