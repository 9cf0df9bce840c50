import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig, protectedPrefixes } from "@/auth.config";
import { createNonce, securityHeaders } from "@/lib/security-headers";
import { refuseBadPost } from "@/lib/http/server-action-wire";
import { isSecureDeployment } from "@/lib/http/secure";
import { getProviderEnv } from "@/lib/env";
import { configuredProviders, formActionOrigins, isProviderFormPost } from "@/lib/auth/providers";
import { traced } from "@/lib/bench/seam";

/**
 * Every request but static assets passes here, for three jobs:
 * - security headers, with a fresh CSP nonce per response (lib/security-headers.ts);
 * - refusing malformed posts with a 4xx before Next.js would answer them with
 *   a 500 (S10): oversized bodies however framed, cross-origin posts, broken
 *   server-action wire format (lib/http/server-action-wire.ts);
 * - route protection: signed-out visits to /account go to /sign-in and come
 *   back after it (the callback URL is checked again where it is used),
 *   decided by `authorized` in auth.config.ts.
 */
const { auth } = NextAuth(authConfig);
const protect = auth as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

// Traced: `npm run bench` reports the time spent here (nothing is added otherwise).
export const proxy = traced("proxy", runProxy);

async function runProxy(request: NextRequest, event: NextFetchEvent) {
  const nonce = createNonce();
  const https = isSecureDeployment(request);
  const providers = configuredProviders(getProviderEnv());
  const headers = securityHeaders({ nonce, dev: process.env.NODE_ENV !== "production", https, path: request.nextUrl.pathname, formActionOrigins: formActionOrigins(providers) });

  // A provider's form_post callback is the one cross-origin post we expect
  // (lib/auth/providers.ts); it goes to Auth.js, not to a server action.
  const expected = isProviderFormPost(providers, request.nextUrl.pathname, request.headers.get("origin"));
  const refused = expected ? null : await refuseBadPost(request);
  if (refused) return withHeaders(plain(refused.status, refused.message), headers);

  // Next.js reads the nonce from the request's CSP and puts it on its scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]!);
  requestHeaders.set("x-nonce", nonce);
  const next = NextResponse.next({ request: { headers: requestHeaders } });

  const path = request.nextUrl.pathname;
  if (protectedPrefixes.some((p) => path === p || path.startsWith(`${p}/`))) {
    const decided = await protect(request, event);
    if (decided?.headers.has("location")) return withHeaders(decided, headers);
    // Auth.js also re-issues the session cookie here, on every request. Not
    // passed on: the session's row expires a fixed time after sign-in
    // (lib/auth/session.ts), so a later cookie buys nothing, and a response
    // still in flight when the browser signs in as someone else (a prefetch
    // of /account) would put the old, ended session's cookie back over the
    // new one.
  }
  return withHeaders(next, headers);
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export const config = {
  // Everything but build assets, which carry no user data and change per build.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
