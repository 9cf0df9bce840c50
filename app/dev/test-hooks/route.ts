import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { expireChallenges, testHooksEnabled } from "@/lib/test-hooks";
import { parseEmail } from "@/lib/auth/email-address";

export const dynamic = "force-dynamic";

const body = z.object({ action: z.literal("expire-challenges"), email: z.string() });

/** POST {"action":"expire-challenges","email":…}: QA builds only (see lib/test-hooks.ts). */
export async function POST(request: NextRequest) {
  if (!testHooksEnabled()) return new NextResponse("Not found", { status: 404 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  const email = parsed.success ? parseEmail(parsed.data.email) : null;
  if (!parsed.success || !email?.ok) return NextResponse.json({ error: "bad request" }, { status: 400 });
  const expired = await expireChallenges(email.email);
  return NextResponse.json({ expired });
}
