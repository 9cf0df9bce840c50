import "server-only";
import { getEnv } from "@/lib/env";

/**
 * The logo in emails: a small PNG served by the app itself (public/email-logo.png,
 * drawn by scripts/email-logo.mjs), linked by an absolute URL. Not SVG and not
 * a data: URI, which Gmail and Outlook do not show (decision 0039).
 */
export const EMAIL_LOGO_PATH = "/email-logo.png";
/** Shown at 40×40 CSS pixels; the file is drawn at twice that for sharp screens. */
export const EMAIL_LOGO_SIZE = 40;

/** The logo's absolute URL on `origin` (else AUTH_URL); null when neither is known or usable, and the email goes without it. */
export function emailLogoUrl(origin?: string): string | null {
  const base = origin || getEnv().AUTH_URL;
  if (!base) return null;
  try {
    const url = new URL(EMAIL_LOGO_PATH, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
