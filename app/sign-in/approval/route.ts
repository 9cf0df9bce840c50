import { NextResponse, type NextRequest } from "next/server";
import { readBrowserHash } from "@/lib/auth/browser";
import { readApprovalStatus } from "@/lib/auth/proof";
import { isChallengeId } from "@/lib/ids";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * GET /sign-in/approval?challengeId=… → {"status":"waiting"|"approved"|"denied"|…, "requested": boolean}
 * What the code page polls (every 2 s while visible) to learn that the link
 * was opened on another device and approval asked for (`requested`: the page
 * shows its matching number from then on), then approved or denied there. Answers only about this
 * browser's own challenge (the cookie must match), says nothing else, and
 * costs one primary-key read.
 */
export async function GET(request: NextRequest) {
  const challengeId = request.nextUrl.searchParams.get("challengeId") ?? "";
  if (!isChallengeId(challengeId)) {
    return NextResponse.json({ error: "challengeId is required" }, { status: 400, headers: NO_STORE });
  }
  const browserHash = await readBrowserHash();
  try {
    const { status, requested } = browserHash ? await readApprovalStatus(challengeId, browserHash) : { status: "missing" as const, requested: false };
    return NextResponse.json({ status, requested }, { headers: NO_STORE });
  } catch {
    // S11: the poller tries again; the page says nothing new meanwhile.
    return NextResponse.json({ status: "unavailable" }, { status: 503, headers: NO_STORE });
  }
}
