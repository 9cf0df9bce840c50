import { startDeviceAuthorization } from "@/lib/auth/device";
import { ENDPOINTS } from "@/lib/auth/metadata";
import { jsonNoStore, oauthError, readFormBody } from "@/lib/auth/http-responses";
import { requestInfoFrom } from "@/lib/request-info";

export const dynamic = "force-dynamic";

/** RFC 8628 §3.1–3.2: POST client_id[, scope] (form-encoded) → device_code, user_code, … */
export async function POST(request: Request) {
  const form = await readFormBody(request);
  if (!form || !form.client_id) return oauthError("invalid_request");
  const info = requestInfoFrom(request.headers);
  const started = await startDeviceAuthorization({ clientId: form.client_id, scope: form.scope, request: info });
  if (!started.ok) return oauthError(started.error, { retryAfterSeconds: started.retryAfterSeconds });
  const verificationUri = `${info.origin}${ENDPOINTS.activate}`;
  return jsonNoStore({
    device_code: started.deviceCode,
    user_code: started.userCode,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(started.userCode)}`,
    expires_in: started.expiresIn,
    interval: started.interval,
  });
}
