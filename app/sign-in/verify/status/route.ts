import { NextResponse, type NextRequest } from "next/server";
import { signedInByChallenge } from "@/lib/auth/sign-in";
import { isChallengeId } from "@/lib/ids";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * GET /sign-in/verify/status?challengeId=… → {"signedIn": true|false}
 * What the code page asks (every few seconds while visible, and when the tab
 * comes back) to learn that its emailed link signed this browser in from
 * another tab (issue 14.1). Only about this browser's own challenge and
 * session; side-effect free.
 */
export async function GET(request: NextRequest) {
  const challengeId = request.nextUrl.searchParams.get("challengeId") ?? "";
  if (!isChallengeId(challengeId)) {
    return NextResponse.json({ error: "challengeId is required" }, { status: 400, headers: NO_STORE });
  }
  try {
    return NextResponse.json({ signedIn: await signedInByChallenge(challengeId) }, { headers: NO_STORE });
  } catch {
    // S11: the page asks again later; nothing changes meanwhile.
    return NextResponse.json({ signedIn: false }, { status: 503, headers: NO_STORE });
  }
}
