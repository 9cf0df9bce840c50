import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { ageSessionProof, cleanupAddresses, createUser, expireChallenges, expireDeviceAuthorization, expireEmailUndos, openTestSession, testHooksEnabled } from "@/lib/test-hooks";
import { requestInfoFrom } from "@/lib/request-info";
import { parseEmail } from "@/lib/auth/email-address";

export const dynamic = "force-dynamic";

const body = z.object({ action: z.enum(["expire-challenges", "create-user", "open-session", "cleanup", "age-session-proof", "expire-email-undo"]), email: z.string() });
/** {"action":"expire-device","userCode":…}: a device authorization past its expiry (e2e/device.spec.ts). */
const deviceBody = z.object({ action: z.literal("expire-device"), userCode: z.string().max(64) });

/**
 * POST {"action":"expire-challenges"|"create-user"|"open-session"|"cleanup"|"age-session-proof"|"expire-email-undo","email":…}:
 * QA builds only (see lib/test-hooks.ts). "open-session" answers with the
 * session cookie a sign-in would have set (e2e/fixtures.ts turns it into a
 * Playwright storageState); "cleanup" deletes what a test made for the address.
 */
export async function POST(request: NextRequest) {
  if (!testHooksEnabled()) return new NextResponse("Not found", { status: 404 });
  const json: unknown = await request.json().catch(() => null);
  const device = deviceBody.safeParse(json);
  if (device.success) return NextResponse.json({ expired: await expireDeviceAuthorization(device.data.userCode) });
  const parsed = body.safeParse(json);
  const email = parsed.success ? parseEmail(parsed.data.email) : null;
  if (!parsed.success || !email?.ok) return NextResponse.json({ error: "bad request" }, { status: 400 });
  if (parsed.data.action === "create-user") return NextResponse.json({ userId: await createUser(email.email) });
  if (parsed.data.action === "age-session-proof") return NextResponse.json({ aged: await ageSessionProof(email.email) });
  if (parsed.data.action === "expire-email-undo") return NextResponse.json({ expired: await expireEmailUndos(email.email) });
  if (parsed.data.action === "open-session") {
    const info = requestInfoFrom(request.headers);
    const opened = await openTestSession({ email: email.email, ip: info.ip, userAgent: info.userAgent });
    return NextResponse.json(opened, { headers: { "Cache-Control": "no-store" } });
  }
  if (parsed.data.action === "cleanup") return NextResponse.json({ deleted: await cleanupAddresses([email.email]) });
  return NextResponse.json({ expired: await expireChallenges(email.email) });
}
