import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { browserHashFromRequest } from "@/lib/auth/browser";
import { RefusedSignIn } from "@/lib/auth/authjs-failure";
import { verifyPasskeyAssertion } from "@/lib/auth/passkeys";
import { openSession } from "@/lib/auth/session";
import { requestInfoFrom } from "@/lib/request-info";
import { logError } from "@/lib/log";

/**
 * authorize() of the "passkey" Credentials provider: verify the assertion
 * for this browser, then open a session for the credential's owner through
 * the one session seam (method "passkey"). Refusals are failure values.
 */
export async function authorizePasskey(raw: unknown, request: Request): Promise<{ id: string; email: string; sessionId: string }> {
  let response: AuthenticationResponseJSON;
  try {
    if (typeof raw !== "string" || raw.length > 16_384) throw new Error("not a response");
    response = JSON.parse(raw) as AuthenticationResponseJSON;
  } catch {
    throw new RefusedSignIn({ reason: "invalid-input" });
  }
  const info = requestInfoFrom(request.headers);
  const req = { ip: info.ip, userAgent: info.userAgent };
  const browserHash = browserHashFromRequest(request);
  let opened;
  try {
    const verified = await verifyPasskeyAssertion(response, {
      purpose: "sign-in",
      browserHash,
      userId: null,
      request: req,
      fallbackOrigin: new URL(request.url).origin,
    });
    if (!verified.ok) throw new RefusedSignIn(verified.failure);
    // The browser becomes one the account knows (S12), as after a code.
    opened = await openSession({ identity: { userId: verified.userId }, method: "passkey", request: req, allowSignUp: false, browserHash });
  } catch (error) {
    if (error instanceof RefusedSignIn) throw error;
    logError("passkey sign-in failed: a dependency is unavailable", error);
    throw new RefusedSignIn({ reason: "unavailable" });
  }
  if (!opened.ok) throw new RefusedSignIn({ reason: opened.reason === "no-account" ? "passkey-account-deleted" : "unavailable" });
  return { id: opened.userId, email: opened.email, sessionId: opened.sessionId };
}
