import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/**
 * GET /healthz → 200 {"ok":true,"database":"ok","redis":"ok"|"unreachable"|"off"}
 * or 503 when the database does not answer. Used by the Dockerfile's
 * HEALTHCHECK, compose's depends_on and the load balancer; says nothing secret.
 */
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
