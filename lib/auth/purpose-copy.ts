import type { Purpose } from "@/lib/auth/purposes";

/**
 * What the pages say for each purpose (the email copy is in lib/email).
 * `Record<Purpose, …>`: a new purpose does not compile until it has its words.
 */
export type PurposeCopy = {
  /** Heading of the page where the code is typed. */
  title: string;
  /** The code form's button. */
  submit: string;
  /** Where the code went, as "We sent a code to …". */
  sentTo: string;
  /** The account page notice after success (a key of its notices). */
  done: string;
};

export const purposeCopy: Record<Purpose, PurposeCopy> = {
  "sign-in": { title: "Check your email", submit: "Sign in", sentTo: "your address", done: "signed-in" },
  "change-email": { title: "Confirm your new address", submit: "Change email", sentTo: "your new address", done: "email-changed" },
  "api-sign-in": { title: "Check your email", submit: "Sign in", sentTo: "your address", done: "signed-in" },
  "delete-account": { title: "Confirm deleting your account", submit: "Delete account", sentTo: "your account's address", done: "account-deleted" },
  reauthenticate: { title: "Confirm it's you", submit: "Confirm", sentTo: "your account's current address", done: "proven" },
};

/** What the undo page of an email change says (lib/auth/email-change-undo.ts). */
export const undoMessages: Record<"done" | "invalid" | "used" | "expired" | "address-taken" | "unavailable", string> = {
  done: "Your address is restored and every device is signed out. Sign in again with your address, and check your account's recent activity.",
  invalid: "This link isn't valid. It may have been cut short when it was copied.",
  used: "This link has already been used. Each undo link works once.",
  expired: "This link has expired. If your account was changed without you, contact support.",
  "address-taken": "Your old address now belongs to another account, so it can't be restored here. Contact support.",
  unavailable: "That didn't work: the service is unavailable right now. Please try again in a minute.",
};
