import { verifyApiSignIn } from "@/lib/auth/api-sign-in";
import { badRequest, problem, readJsonBody, tokenResponse } from "@/lib/auth/http-responses";
import { requestInfoFrom } from "@/lib/request-info";

export const dynamic = "force-dynamic";

/** POST {challengeId, clientSecret, code} → an access token (as the token endpoint's), or problem details. */
export async function POST(request: Request) {
  const body = await readJsonBody(request);
  if (!body) return badRequest("Send a JSON object: {\"challengeId\", \"clientSecret\", \"code\"}.");
  const verified = await verifyApiSignIn({ challengeId: body.challengeId, clientSecret: body.clientSecret, code: body.code, request: requestInfoFrom(request.headers) });
  return verified.ok ? tokenResponse(verified.token) : problem(verified.failure);
}
