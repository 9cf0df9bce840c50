import { UAParser } from "ua-parser-js";

/** "Chrome on macOS" from a user agent; "Unknown browser" when it says nothing useful. */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown browser";
  const { browser, os } = UAParser(userAgent);
  const b = browser.name ?? "Unknown browser";
  return os.name ? `${b} on ${os.name}` : b;
}
