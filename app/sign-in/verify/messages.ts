import type { SignInFailure } from "@/auth";
import { waitText } from "@/lib/wait-text";

/** What the person reads when a code is refused, and whether to offer a new one. */
export function failureMessage(reason: SignInFailure, attemptsLeft?: number): { message: string; dead?: boolean } {
  switch (reason) {
    case "wrong-code":
      return {
        message: `That code isn't right. ${attemptsLeft} ${attemptsLeft === 1 ? "attempt" : "attempts"} left.`,
      };
    case "locked":
      return { message: "Too many wrong codes: this code no longer works. Send yourself a new one.", dead: true };
    case "expired":
      return { message: "This code has expired. Send yourself a new one.", dead: true };
    case "used":
      return { message: "This code has already been used. Send yourself a new one to sign in again.", dead: true };
    case "superseded":
      return { message: "A newer code was sent. Use the code from the latest email, or send a new one.", dead: true };
    case "denied":
      return { message: "This sign-in was denied from the link in the email. Send yourself a new code to try again.", dead: true };
    case "not-approved":
      return { message: "Not approved yet. Open the link in the email on your other device and press “Approve sign-in”." };
    case "no-account":
      return { message: "There is no account for this email address.", dead: true };
    case "invalid-input":
      return { message: "Enter the code from the email." };
    case "missing-browser":
    case "missing":
      return {
        message: "This sign-in was started in another browser, or its cookies were cleared. Start again here.",
        dead: true,
      };
    // S5: the number carried is the seconds to wait.
    case "email-limited":
      return { message: `Too many wrong codes were tried for this email address. Try again in ${waitText(attemptsLeft ?? 3600)}.` };
    case "ip-limited":
      return { message: `Too many wrong codes were tried from your network. Try again in ${waitText(attemptsLeft ?? 3600)}.` };
    case "email-locked":
      return {
        message:
          "Too many wrong codes were tried for this email address, so codes are switched off for it. Sign in with the link in the email instead.",
      };
    case "unavailable":
      return { message: "Sign-in is unavailable right now. Please try again in a minute." };
  }
}

export function stateMessage(state: "used" | "expired" | "superseded" | "denied" | "locked" | "missing") {
  return failureMessage(state);
}
