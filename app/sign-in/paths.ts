import { config } from "@/lib/config";

/**
 * The code page's URL, carrying the (already checked) callback path. No
 * "sent" notice: the page's heading says a code was sent (issue 14.2).
 */
export function verifyPath(callbackUrl: string, notice?: "resent" | "superseded"): string {
  const params = new URLSearchParams();
  if (callbackUrl !== config.defaultRedirect) params.set("callbackUrl", callbackUrl);
  if (notice) params.set("notice", notice);
  const query = params.toString();
  return `/sign-in/verify${query ? `?${query}` : ""}`;
}

/**
 * The email form's URL. `change`: "Use another email" (the form is
 * pre-filled with the address this browser last asked a code for, read from
 * its own challenge, so the address never travels in a URL). `notice`: why
 * the person was sent back here (their browser cookie is gone).
 */
export function signInPath(callbackUrl: string, options: { change?: boolean; notice?: "missing-browser" } = {}): string {
  const params = new URLSearchParams();
  if (callbackUrl !== config.defaultRedirect) params.set("callbackUrl", callbackUrl);
  if (options.change) params.set("change", "1");
  if (options.notice) params.set("notice", options.notice);
  const query = params.toString();
  return `/sign-in${query ? `?${query}` : ""}`;
}
