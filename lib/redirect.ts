import { config } from "@/lib/config";

/**
 * Where to go after sign-in (S9): only a path on this origin. Absolute URLs
 * are accepted only when their origin is ours (Auth.js's proxy redirect sends
 * one); protocol-relative ("//evil"), backslash ("/\evil"), credentials and
 * control-character tricks all fall back to the default.
 */
export function safeCallbackUrl(input: unknown, origin: string, fallback: string = config.defaultRedirect): string {
  if (typeof input !== "string" || input.length === 0 || input.length > 2048) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F\\]/.test(input)) return fallback;
  let url: URL;
  try {
    url = new URL(input, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin || url.username || url.password) return fallback;
  if (!input.startsWith("/") && !input.startsWith(origin)) return fallback;
  if (input.startsWith("//")) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}
