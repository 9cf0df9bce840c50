import { headers } from "next/headers";
import { openApiDocument } from "@/lib/auth/openapi";
import { appOrigin } from "@/lib/request-info";

export const dynamic = "force-dynamic";

export async function GET() {
  return Response.json(openApiDocument(appOrigin(await headers())));
}
