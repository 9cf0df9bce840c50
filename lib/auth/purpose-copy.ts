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
};

export const purposeCopy: Record<Purpose, PurposeCopy> = {
  "sign-in": { title: "Check your email", submit: "Sign in", sentTo: "your address" },
  "change-email": { title: "Confirm your new address", submit: "Change email", sentTo: "your new address" },
  "api-sign-in": { title: "Check your email", submit: "Sign in", sentTo: "your address" },
  "delete-account": { title: "Confirm deleting your account", submit: "Delete account", sentTo: "your account's address" },
};
