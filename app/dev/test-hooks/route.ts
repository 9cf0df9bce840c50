import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { createUser, expireChallenges, expireDeviceAuthorization, testHooksEnabled } from "@/lib/test-hooks";
import { parseEmail } from "@/lib/auth/email-address";

export const dynamic = "force-dynamic";

const body = z.object({ action: z.enum(["expire-challenges", "create-user"]), email: z.string() });
const deviceBody = z.object({ action: z.literal("expire-device"), userCode: z.string().max(64) });

/** POST {"action":"expire-challenges"|"create-user","email":…}: QA builds only (see lib/test-hooks.ts). */
export async function POST(request: NextRequest) {
  if (!testHooksEnabled()) return new NextResponse("Not found", { status: 404 });
  const json: unknown = await request.json().catch(() => null);
  const device = deviceBody.safeParse(json);
  if (device.success) return NextResponse.json({ expired: await expireDeviceAuthorization(device.data.userCode) });
  const parsed = body.safeParse(json);
  const email = parsed.success ? parseEmail(parsed.data.email) : null;
  if (!parsed.success || !email?.ok) return NextResponse.json({ error: "bad request" }, { status: 400 });
  if (parsed.data.action === "create-user") return NextResponse.json({ userId: await createUser(email.email) });
  return NextResponse.json({ expired: await expireChallenges(email.email) });
}
