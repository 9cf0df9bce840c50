import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { ageSessionProof, createUser, expireChallenges, expireEmailUndos, testHooksEnabled } from "@/lib/test-hooks";
import { parseEmail } from "@/lib/auth/email-address";

export const dynamic = "force-dynamic";

const body = z.object({ action: z.enum(["expire-challenges", "create-user", "age-session-proof", "expire-email-undo"]), email: z.string() });

/** POST {"action":"expire-challenges"|"create-user"|"age-session-proof"|"expire-email-undo","email":…}: QA builds only (see lib/test-hooks.ts). */
export async function POST(request: NextRequest) {
  if (!testHooksEnabled()) return new NextResponse("Not found", { status: 404 });
  const parsed = body.safeParse(await request.json().catch(() => null));
  const email = parsed.success ? parseEmail(parsed.data.email) : null;
  if (!parsed.success || !email?.ok) return NextResponse.json({ error: "bad request" }, { status: 400 });
  if (parsed.data.action === "create-user") return NextResponse.json({ userId: await createUser(email.email) });
  if (parsed.data.action === "age-session-proof") return NextResponse.json({ aged: await ageSessionProof(email.email) });
  if (parsed.data.action === "expire-email-undo") return NextResponse.json({ expired: await expireEmailUndos(email.email) });
  return NextResponse.json({ expired: await expireChallenges(email.email) });
}
