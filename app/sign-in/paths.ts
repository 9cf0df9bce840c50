import { config } from "@/lib/config";

/** The code page's URL, carrying the (already checked) callback path. */
export function verifyPath(callbackUrl: string, notice?: "sent" | "resent" | "superseded"): string {
  const params = new URLSearchParams();
  if (callbackUrl !== config.defaultRedirect) params.set("callbackUrl", callbackUrl);
  if (notice) params.set("notice", notice);
  const query = params.toString();
  return `/sign-in/verify${query ? `?${query}` : ""}`;
}

export function signInPath(callbackUrl: string): string {
  return callbackUrl === config.defaultRedirect ? "/sign-in" : `/sign-in?${new URLSearchParams({ callbackUrl })}`;
}
