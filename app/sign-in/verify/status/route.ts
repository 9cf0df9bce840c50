import { NextResponse, type NextRequest } from "next/server";
import { readCodePageStatus } from "@/lib/auth/sign-in";
import { isChallengeId } from "@/lib/ids";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * GET /sign-in/verify/status?challengeId=… → {"status": "waiting"|"approved"|"used"|…, "requested": boolean, "signedIn": boolean}
 * The code page's one poll (every 2 s while visible, and at once when the
 * tab comes back): approval asked for and given on another device, the link
 * used in another tab of this browser, or the challenge over. Answers only
 * about this browser's own challenge, never names the address, changes
 * nothing (lib/auth/sign-in.ts readCodePageStatus).
 */
export async function GET(request: NextRequest) {
  const challengeId = request.nextUrl.searchParams.get("challengeId") ?? "";
  if (!isChallengeId(challengeId)) {
    return NextResponse.json({ error: "challengeId is required" }, { status: 400, headers: NO_STORE });
  }
  try {
    return NextResponse.json(await readCodePageStatus(challengeId), { headers: NO_STORE });
  } catch {
    // S11: the poller asks again on its next tick; the page says nothing new meanwhile.
    return NextResponse.json({ status: "unavailable" }, { status: 503, headers: NO_STORE });
  }
}
