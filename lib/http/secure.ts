/**
 * Is this deployment served over https? One rule for everything that depends
 * on it — the browser cookie's `__Host-` name and Secure flag (its writer and
 * both readers, lib/auth/browser.ts), HSTS and `upgrade-insecure-requests`
 * (lib/security-headers.ts via proxy.ts) — so they can never disagree:
 *
 *   https iff AUTH_URL is https; without AUTH_URL (development only: it is
 *   required in production), the request's own scheme.
 *
 * Not X-Forwarded-Proto when AUTH_URL is set: a proxy that does not send it
 * (or a client that forges it) would otherwise make the form write one cookie
 * name while Auth.js, which takes its scheme from AUTH_URL, reads the other,
 * and no one could sign in (issue 10.6). See docs/decisions/0030-https-from-auth-url.md.
 *
 * Edge-safe (proxy.ts): reads process.env.AUTH_URL itself, as lib/env.ts
 * (server-only) cannot be imported there; lib/env.ts still validates it.
 */
export function isSecureDeployment(request?: { url?: string | URL; headers?: Headers }, authUrl: string | undefined = process.env.AUTH_URL): boolean {
  if (authUrl) {
    try {
      return new URL(authUrl).protocol === "https:";
    } catch {
      return false; // lib/env.ts refuses it with a clear message
    }
  }
  if (request?.url) {
    try {
      if (new URL(request.url).protocol === "https:") return true;
    } catch {
      // a relative URL says nothing about the scheme
    }
  }
  // Next's own server sets this from the connection it accepted.
  return request?.headers?.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}
