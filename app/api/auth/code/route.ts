import { apiLocale, startApiSignIn } from "@/lib/auth/api-sign-in";
import { badRequest, jsonNoStore, problem, readJsonBody } from "@/lib/auth/http-responses";
import { requestInfoFrom } from "@/lib/request-info";

export const dynamic = "force-dynamic";

/** POST {email} → {challengeId, clientSecret, expiresIn}; the same for known and unknown addresses. */
export async function POST(request: Request) {
  const body = await readJsonBody(request);
  if (!body) return badRequest("Send a JSON object: {\"email\": \"…\"}.");
  const started = await startApiSignIn({ email: body.email, request: requestInfoFrom(request.headers), locale: apiLocale(body.locale, request.headers.get("accept-language")) });
  if (started.ok) return jsonNoStore({ challengeId: started.challengeId, clientSecret: started.clientSecret, expiresIn: started.expiresIn });
  return "invalidEmail" in started ? badRequest(started.invalidEmail, "invalid-email") : problem(started.failure);
}
