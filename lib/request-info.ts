import "server-only";
import { isIP } from "node:net";
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";

export type RequestInfo = { ip: string | null; userAgent: string | null; origin: string };

/**
 * Who is asking, for records and limits. The client IP is read only from the
 * header named by TRUSTED_IP_HEADER (set by your own proxy); X-Forwarded-For
 * is never trusted blindly, since any client can write it.
 */
export function requestInfoFrom(h: Headers): RequestInfo {
  const env = getEnv();
  let ip: string | null = null;
  if (env.TRUSTED_IP_HEADER) {
    // With a comma-separated chain the proxy's own entry is the last one.
    const raw = h.get(env.TRUSTED_IP_HEADER)?.split(",").pop()?.trim();
    ip = raw && raw.length <= 64 && isIP(raw) ? raw : null;
  }
  const userAgent = h.get("user-agent")?.slice(0, 512) ?? null;
  return { ip, userAgent, origin: appOrigin(h) };
}

export async function readRequestInfo(): Promise<RequestInfo> {
  return requestInfoFrom(await headers());
}

/** The origin links are built from: AUTH_URL, or in development the request's host. */
export function appOrigin(h: Headers): string {
  const env = getEnv();
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  const host = h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
