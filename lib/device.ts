import Bowser from "bowser";

/** "Chrome on macOS" from a user agent; "Unknown browser" when it says nothing useful. */
export function describeDevice(userAgent: string | null | undefined): string {
  if (!userAgent) return "Unknown browser";
  let browser: string | undefined;
  let os: string | undefined;
  try {
    const parsed = Bowser.parse(userAgent);
    browser = parsed.browser.name || undefined;
    os = parsed.os.name || undefined;
  } catch {
    // An agent the parser cannot read is just an unknown one.
  }
  const b = browser ?? "Unknown browser";
  return os ? `${b} on ${os}` : b;
}
