/**
 * Response headers for every page and route (set in proxy.ts). The Content
 * Security Policy allows scripts only from this origin and with this
 * response's nonce (Next.js puts the nonce on its own inline scripts when it
 * finds it in the request's CSP header), so an injected <script> or inline
 * handler never runs. No 'unsafe-inline' for scripts; styles come from our
 * stylesheet (and, in development, the dev overlay's inline styles).
 * `frame-ancestors 'none'` forbids framing (clickjacking of the code form).
 * One exception, the dev mailbox (docs/decisions/0034-one-email-seam.md):
 * its page frames each stored email's HTML, which is served under a policy
 * of its own (no script, sandboxed, framable by this origin only).
 *
 * Edge-safe: no Node APIs (proxy.ts may run on the edge runtime).
 */
export type SecurityHeaderOptions = {
  nonce: string;
  dev: boolean;
  https: boolean;
  /** The request's path: only the dev mailbox's two paths get other headers. */
  path?: string;
  /**
   * Origins a form may end up at besides ours: the configured sign-in
   * providers' authorization pages (lib/auth/providers.ts). The no-JS
   * "Continue with …" post is answered with a redirect there, and browsers
   * check form-action along the redirect.
   */
  formActionOrigins?: string[];
};

/** The dev mailbox page, which frames emails (it and the route 404 unless the mailbox is on). */
export const MAILBOX_PAGE_PATH = "/dev/mailbox";
/** One stored email's HTML, as the mailbox page frames it. */
export const MAILBOX_EMAIL_PATH = /^\/dev\/mailbox\/messages\/[^/]+\/html$/;

/**
 * An email's HTML is untrusted markup (it carries values people typed): no
 * script, no requests but inline images and this origin's own (the emails'
 * logo, lib/email/logo.ts; GETs here change nothing, S8), its links open
 * outside the sandbox, and only this origin's mailbox page may frame it.
 */
export function emailViewPolicy(): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-popups allow-popups-to-escape-sandbox",
  ].join("; ");
}

export function contentSecurityPolicy({ nonce, dev, https, path, formActionOrigins = [] }: SecurityHeaderOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': scripts the nonce-bearing ones load are trusted too (Next's chunks).
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(dev ? ["ws:", "wss:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'", ...formActionOrigins.filter(isOrigin)],
    "frame-ancestors": ["'none'"],
    "frame-src": [path === MAILBOX_PAGE_PATH ? "'self'" : "'none'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
  };
  const policy = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  if (https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** Only a bare http(s) origin may become a CSP source: no paths, wildcards or injected directives. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
  } catch {
    return false;
  }
}

/** Headers every response gets, besides the CSP. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const emailView = options.path !== undefined && MAILBOX_EMAIL_PATH.test(options.path);
  return {
    "Content-Security-Policy": emailView ? emailViewPolicy() : contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    // A URL here may carry a link token: no Referer ever carries a path, not
    // even within the site. Not "no-referrer": with it browsers send
    // `Origin: null` on form posts, which the cross-origin check (proxy.ts)
    // and Next's server-action CSRF check refuse, and every form must work
    // without JS (docs/decisions/0006-magic-link-approval.md).
    "Referrer-Policy": "strict-origin",
    "X-Frame-Options": emailView ? "SAMEORIGIN" : "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/** A fresh nonce per response: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
