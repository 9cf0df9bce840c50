import { pollDeviceToken } from "@/lib/auth/device";
import { DEVICE_CODE_GRANT } from "@/lib/auth/metadata";
import { oauthError, readFormBody, tokenResponse } from "@/lib/auth/http-responses";
import { requestInfoFrom } from "@/lib/request-info";

export const dynamic = "force-dynamic";

/** RFC 8628 §3.4–3.5: POST grant_type=…device_code, device_code, client_id (form-encoded). */
export async function POST(request: Request) {
  const form = await readFormBody(request);
  if (!form || !form.grant_type) return oauthError("invalid_request");
  if (form.grant_type !== DEVICE_CODE_GRANT) return oauthError("unsupported_grant_type");
  const polled = await pollDeviceToken({ clientId: form.client_id, deviceCode: form.device_code, request: requestInfoFrom(request.headers) });
  return polled.ok ? tokenResponse(polled.token) : oauthError(polled.error, { interval: polled.interval });
}
