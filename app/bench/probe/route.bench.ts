import { NextResponse } from "next/server";
import { benchEnabled, takeBenchSpans } from "@/lib/bench/probe";
import { roundTripsSoFar } from "@/lib/bench/round-trips";

export const dynamic = "force-dynamic";

/**
 * Bench-only: database round trips and CPU time (µs) of this server process
 * so far — the benchmark diffs two readings around a step — and the
 * server-side spans it tagged, emptied on read.
 */
export async function GET() {
  if (!benchEnabled()) return new NextResponse("Not found", { status: 404 });
  const cpu = process.cpuUsage();
  return NextResponse.json({ roundTrips: roundTripsSoFar(), cpuMicros: cpu.user + cpu.system, spans: takeBenchSpans() }, { headers: { "Cache-Control": "no-store" } });
}
