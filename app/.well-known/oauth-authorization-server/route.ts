import { headers } from "next/headers";
import { authorizationServerMetadata } from "@/lib/auth/metadata";
import { appOrigin } from "@/lib/request-info";

export const dynamic = "force-dynamic";

/** RFC 8414 metadata: GET /.well-known/oauth-authorization-server. */
export async function GET() {
  return Response.json(authorizationServerMetadata(appOrigin(await headers())), { headers: { "Cache-Control": "public, max-age=300" } });
}
