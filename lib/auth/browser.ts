import "server-only";
import { cookies, headers } from "next/headers";
// The parser behind NextRequest's and cookies()'s jars, without building a whole NextRequest.
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { config } from "@/lib/config";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { isSecureDeployment } from "@/lib/http/secure";

/**
 * Browser binding (S2). Each browser holds a random secret in an httpOnly,
 * SameSite=Lax cookie; challenges store only its SHA-256. A code or link is
 * accepted only together with the cookie of the browser that asked for it.
 * Under https the cookie is `__Host-` prefixed (Secure, host-only, Path=/), so
 * a sibling subdomain cannot plant one; then the plain name is never read.
 *
 * One rule for "under https" (lib/http/secure.ts: AUTH_URL's scheme) for the
 * writer and both readers, and one cookie parser: Next's own (`cookies()`,
 * and NextRequest's for the raw request Auth.js hands authorize()), so a
 * header with the cookie twice reads the same everywhere (the last one).
 */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function cookieName(secure: boolean): string {
  return secure ? config.browserCookie.secureName : config.browserCookie.name;
}

function validSecret(value: string | undefined): string | null {
  return value && SECRET_PATTERN.test(value) ? value : null;
}

/** The browser hash from a raw request (Auth.js hands authorize() one). */
export function browserHashFromRequest(request: Request): string | null {
  const name = cookieName(isSecureDeployment(request));
  const jar = new RequestCookies(request.headers);
  const secret = validSecret(jar.get(name)?.value);
  return secret ? hashToken(secret) : null;
}

/** This request's browser cookie: the jar, the name under this scheme, and its secret if valid. */
async function browserCookie() {
  const secure = isSecureDeployment({ headers: await headers() });
  const jar = await cookies();
  const name = cookieName(secure);
  return { jar, name, secure, secret: validSecret(jar.get(name)?.value) };
}

/** The browser hash in a server component or action; null without a cookie. */
export async function readBrowserHash(): Promise<string | null> {
  const { secret } = await browserCookie();
  return secret ? hashToken(secret) : null;
}

/**
 * In a server action: the browser's hash, minting the cookie if it has none.
 * An existing cookie is written again with a fresh expiry: a browser in use
 * keeps its secret (and with it its known-browser budget, S12) for as long
 * as it keeps coming back, not a fixed time after its first visit.
 */
export async function ensureBrowserHash(): Promise<string> {
  const { jar, name, secure, secret: current } = await browserCookie();
  const secret = current ?? generateToken();
  writeBrowserCookie(jar, name, secret, secure);
  return hashToken(secret);
}

/**
 * After a sign-in: the browser's cookie lives on for `maxAgeSeconds` from
 * now, as long as its KnownBrowser row (kept that long after the last
 * sign-in, lib/activity.ts). Nothing is minted: no cookie, nothing to keep.
 */
export async function refreshBrowserCookie(): Promise<void> {
  const { jar, name, secure, secret } = await browserCookie();
  if (secret) writeBrowserCookie(jar, name, secret, secure);
}

function writeBrowserCookie(jar: Awaited<ReturnType<typeof cookies>>, name: string, secret: string, secure: boolean): void {
  jar.set(name, secret, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: config.browserCookie.maxAgeSeconds,
  });
}
