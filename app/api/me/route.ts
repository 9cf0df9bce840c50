import { bearerTokenOf, checkAccessToken } from "@/lib/auth/tokens";
import { jsonNoStore, problem, unauthorized } from "@/lib/auth/http-responses";
import { logError } from "@/lib/log";

export const dynamic = "force-dynamic";

/** GET /api/me with `Authorization: Bearer …` → { id, email }. Checked against the row on every request: revocation is immediate. */
export async function GET(request: Request) {
  const token = bearerTokenOf(request.headers);
  if (!token) return unauthorized();
  try {
    const user = await checkAccessToken(token);
    return user ? jsonNoStore({ id: user.userId, email: user.email }) : unauthorized();
  } catch (error) {
    logError("bearer check failed: database unavailable", error);
    return problem({ reason: "unavailable" });
  }
}
