import { NextResponse, type NextRequest } from "next/server";
import { benchEnabled } from "@/lib/bench/probe";
import { startProfile, stopProfile } from "@/lib/bench/profiler";
import { roundTripsSoFar, takeSpans } from "@/lib/bench/seam";

export const dynamic = "force-dynamic";

/**
 * Bench-only: database round trips and CPU time (µs) of this server process
 * so far — the benchmark diffs two readings around a step — and the
 * server-side spans it tagged, emptied on read.
 */
export async function GET() {
  if (!benchEnabled()) return new NextResponse("Not found", { status: 404 });
  const cpu = process.cpuUsage();
  return NextResponse.json(
    { roundTrips: roundTripsSoFar(), cpuMicros: cpu.user + cpu.system, spans: takeSpans() },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** `?profile=start`, `?profile=stop&name=…`: a CPU profile around one step (`--profile`). */
export async function POST(request: NextRequest) {
  if (!benchEnabled()) return new NextResponse("Not found", { status: 404 });
  const action = request.nextUrl.searchParams.get("profile");
  if (action === "start") {
    await startProfile();
    return NextResponse.json({ ok: true });
  }
  if (action === "stop") {
    const file = await stopProfile(request.nextUrl.searchParams.get("name") ?? "profile");
    return NextResponse.json({ file });
  }
  return NextResponse.json({ error: "profile=start|stop" }, { status: 400 });
}
