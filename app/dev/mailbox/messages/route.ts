import { NextResponse, type NextRequest } from "next/server";
import { isMailboxEnabled } from "@/lib/env";
import { listMailboxMessages } from "@/lib/email/mailbox";
import { parseEmail } from "@/lib/auth/email-address";
import { isTestAddress } from "@/lib/test-mode";

export const dynamic = "force-dynamic";

/**
 * GET /dev/mailbox/messages?to=ann@example.com → the latest messages for that
 * address, newest first, each with the code and link the app put in it
 * (stored beside the message, never parsed back out), for test fixtures.
 * Exists only when the dev mailbox is the email transport, or (test mode)
 * for a reserved test address.
 */
export async function GET(request: NextRequest) {
  const toParam = request.nextUrl.searchParams.get("to");
  // With real email, test mode still lets QA read what went to its reserved addresses (and nothing else).
  const testOnly = !isMailboxEnabled();
  if (testOnly && !(toParam !== null && isTestAddress(toParam.trim().toLowerCase()))) {
    return new NextResponse("Not found", { status: 404 });
  }
  let to: string | undefined;
  if (toParam !== null) {
    const parsed = parseEmail(toParam);
    if (!parsed.ok) return NextResponse.json({ error: parsed.message }, { status: 400 });
    to = parsed.email;
  }
  const limit = Number(request.nextUrl.searchParams.get("limit") ?? 10);
  const messages = await listMailboxMessages({ to, limit: Number.isFinite(limit) ? limit : 10 });
  return NextResponse.json(
    { messages },
    { headers: { "Cache-Control": "no-store" } },
  );
}
