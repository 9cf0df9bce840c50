import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig, protectedPrefixes } from "@/auth.config";
import { createNonce, securityHeaders } from "@/lib/security-headers";
import { traced } from "@/lib/bench/seam";

/**
 * Every request but static assets passes here, for three jobs:
 * - security headers, with a fresh CSP nonce per response (lib/security-headers.ts);
 * - refusing malformed posts with a 4xx before Next.js would answer them with
 *   a 500 (S10): cross-origin server-action posts, oversized bodies;
 * - route protection: signed-out visits to /account go to /sign-in and come
 *   back after it (the callback URL is checked again where it is used),
 *   decided by `authorized` in auth.config.ts.
 */
const { auth } = NextAuth(authConfig);
const protect = auth as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

/** Next.js's own limit for server-action bodies; larger ones would end in a 500. */
const MAX_POST_BYTES = 1024 * 1024;

// Traced: `npm run bench` reports the time spent here (nothing is added otherwise).
export const proxy = traced("proxy", runProxy);

async function runProxy(request: NextRequest, event: NextFetchEvent) {
  const nonce = createNonce();
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  const headers = securityHeaders({ nonce, dev: process.env.NODE_ENV !== "production", https });

  const refused = await refuseBadPost(request);
  if (refused) return withHeaders(refused, headers);

  // Next.js reads the nonce from the request's CSP and puts it on its scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]!);
  requestHeaders.set("x-nonce", nonce);
  const next = NextResponse.next({ request: { headers: requestHeaders } });

  const path = request.nextUrl.pathname;
  if (protectedPrefixes.some((p) => path === p || path.startsWith(`${p}/`))) {
    const decided = await protect(request, event);
    if (decided?.headers.has("location")) return withHeaders(decided, headers);
    for (const cookie of decided?.headers.getSetCookie() ?? []) next.headers.append("set-cookie", cookie);
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

async function refuseBadPost(request: NextRequest): Promise<Response | null> {
  if (request.method !== "POST") return null;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (!(length <= MAX_POST_BYTES)) return plain(413, "Request too large.");
  // Next.js aborts a cross-origin server action (its CSRF check) with a 500;
  // say what it is instead. Same rule: Origin must name the host served.
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) return plain(403, "Cross-origin form posts are not accepted.");
  }
  return (await isMalformedServerAction(request)) ? plain(400, "Malformed form post.") : null;
}

/**
 * A server-action post whose framing (not its fields) is broken: Next.js
 * would fail to decode it and answer 500. The fields we read are checked by
 * the actions themselves; this only checks what React decodes as its reply
 * protocol: the parts that must be JSON are JSON, and every reference to
 * another part points at a part that is there. Our pages' forms always pass.
 */
async function isMalformedServerAction(request: NextRequest): Promise<boolean> {
  const isFetchAction = request.headers.has("next-action");
  const type = request.headers.get("content-type") ?? "";
  try {
    // Parts by prefix: "" for a fetch action, "$ACTION_<n>:" for a no-JS form.
    const parts = new Map<string, Map<string, string>>();
    const add = (prefix: string, id: string, value: FormDataEntryValue) => {
      if (typeof value !== "string") throw new Error("file in place of a protocol part");
      if (!parts.has(prefix)) parts.set(prefix, new Map());
      parts.get(prefix)!.set(id, value);
    };
    if (type.startsWith("multipart/form-data")) {
      const form = await request.clone().formData();
      for (const [key, value] of form) {
        const mpa = /^(\$ACTION_\d+:)(\d+)$/.exec(key);
        if (mpa) add(mpa[1]!, mpa[2]!, value);
        else if (isFetchAction && /^\d+$/.test(key)) add("", key, value);
      }
    } else if (isFetchAction) {
      add("", "0", await request.clone().text());
    } else {
      return false;
    }
    for (const chunks of parts.values()) {
      for (const text of chunks.values()) {
        if (!referencesResolve(JSON.parse(text), chunks)) return true;
      }
    }
    return false;
  } catch {
    return true; // not even parseable as what it claims to be
  }
}

/** React's outlined references ("$@1", "$Q2", "$3", …) must name a part that exists. */
const OUTLINED = /^\$([@hQWiAOoUSsLlGgMmVBRrXx]?)([0-9a-f]+)(?::|$)/;

function referencesResolve(value: unknown, chunks: Map<string, string>): boolean {
  if (typeof value === "string") {
    if (value.startsWith("$n")) return /^\$n-?\d{1,300}$/.test(value); // BigInt: React throws past 300 digits
    const ref = OUTLINED.exec(value);
    return !ref || chunks.has(String(parseInt(ref[2]!, 16)));
  }
  if (Array.isArray(value)) return value.every((v) => referencesResolve(v, chunks));
  if (value && typeof value === "object") return Object.values(value).every((v) => referencesResolve(v, chunks));
  return true;
}

export const config = {
  // Everything but build assets, which carry no user data and change per build.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
