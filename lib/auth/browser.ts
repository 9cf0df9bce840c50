import "server-only";
import { cookies, headers } from "next/headers";
import { config } from "@/lib/config";
import { generateToken, hashToken } from "@/lib/auth/secrets";

/**
 * Browser binding (S2). Each browser holds a random secret in an httpOnly,
 * SameSite=Lax cookie; challenges store only its SHA-256. A code or link is
 * accepted only together with the cookie of the browser that asked for it.
 * Under https the cookie is `__Host-` prefixed (Secure, host-only, Path=/), so
 * a sibling subdomain cannot plant one; then the plain name is never read.
 */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isHttps(requestHeaders: Headers): boolean {
  return requestHeaders.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

function cookieName(secure: boolean): string {
  return secure ? config.browserCookie.secureName : config.browserCookie.name;
}

function validSecret(value: string | undefined): string | null {
  return value && SECRET_PATTERN.test(value) ? value : null;
}

/** The browser hash from a raw request (Auth.js hands authorize() one). */
export function browserHashFromRequest(request: Request): string | null {
  const secure = new URL(request.url).protocol === "https:" || isHttps(request.headers);
  const name = cookieName(secure);
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const secret = validSecret(decodeURIComponent(part.slice(eq + 1).trim()));
    return secret ? hashToken(secret) : null;
  }
  return null;
}

/** The browser hash in a server component or action; null without a cookie. */
export async function readBrowserHash(): Promise<string | null> {
  const secure = isHttps(await headers());
  const secret = validSecret((await cookies()).get(cookieName(secure))?.value);
  return secret ? hashToken(secret) : null;
}

/** In a server action: the browser's hash, minting the cookie if it has none. */
export async function ensureBrowserHash(): Promise<string> {
  const secure = isHttps(await headers());
  const jar = await cookies();
  const name = cookieName(secure);
  let secret = validSecret(jar.get(name)?.value);
  if (!secret) {
    secret = generateToken();
    jar.set(name, secret, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: config.browserCookie.maxAgeSeconds,
    });
  }
  return hashToken(secret);
}
