import NextAuth from "next-auth";
import type { NextFetchEvent, NextRequest } from "next/server";
import { authConfig } from "@/auth.config";

/**
 * Route protection: signed-out visits to /account go to /sign-in and come back
 * after it (the callback URL is checked again where it is used). Decided by
 * `authorized` in auth.config.ts.
 */
const { auth } = NextAuth(authConfig);
const protect = auth as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

export function proxy(request: NextRequest, event: NextFetchEvent) {
  return protect(request, event);
}

export const config = {
  matcher: ["/account/:path*"],
};
