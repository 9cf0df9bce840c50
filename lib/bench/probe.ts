import "server-only";
import { headers } from "next/headers";
import { isMailboxEnabled } from "@/lib/env";
import { setQueryListener } from "@/lib/bench/round-trips";

/**
 * Bench-only hooks for `npm run bench` (scripts/bench/run.ts). The routes under
 * app/bench exist only in a build made with MAGIC_CODE_BENCH=1 (next.config.ts)
 * and answer only when the server also runs with it and the dev mailbox is
 * the email transport: a deployment with real email never has them.
 */
export function benchEnabled(): boolean {
  return process.env.MAGIC_CODE_BENCH === "1" && isMailboxEnabled();
}

export type BenchSpan = { op: string; name: string; ms: number };

// Shared by every bundle of the server, like the round-trip counter.
const spans: BenchSpan[] = ((globalThis as { __magicCodeBenchSpans?: BenchSpan[] }).__magicCodeBenchSpans ??= []);

/**
 * While the benchmark runs, every database statement of a tagged request is
 * a span too ("db: INSERT AuthEvent"): where a step's time goes, per statement.
 * Installed when this module first loads in a bench server (the bench routes
 * and the sign-in action import it, before anything is measured).
 */
if (process.env.MAGIC_CODE_BENCH === "1") {
  setQueryListener((sql, ms) => void record(`db: ${describeStatement(sql)}`, ms));
}

/** "INSERT EmailLimit + UPDATE Challenge": the tables a statement writes, else what it reads. */
export function describeStatement(sql: string): string {
  // Table names are always quoted (ours and Prisma's), which also skips "DO UPDATE SET".
  const writes = [...sql.matchAll(/\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:"\w+"\.)?"(\w+)"/gi)].map(
    ([, verb, table]) => `${verb!.split(/\s+/)[0]!.toUpperCase()} ${table}`,
  );
  if (writes.length) return [...new Set(writes)].join(" + ");
  const read = /\bFROM\s+(?:"\w+"\.)?"(\w+)"/i.exec(sql)?.[1];
  return read ? `SELECT ${read}` : sql.trim().split(/\s+/)[0]!.toUpperCase();
}

/**
 * Records how long part of a request took (e.g. composing and delivering the
 * email), for requests the benchmark tagged with an `x-bench-op` header. The
 * tag is the benchmark's own opaque id: nothing about the person is kept.
 */
export async function recordBenchSpan(name: string, startedAt: number): Promise<void> {
  if (process.env.MAGIC_CODE_BENCH !== "1") return;
  await record(name, performance.now() - startedAt);
}

async function record(name: string, ms: number): Promise<void> {
  try {
    const op = (await headers()).get("x-bench-op");
    if (op && op.length <= 64 && spans.length < 100_000 && benchEnabled()) spans.push({ op, name, ms });
  } catch {
    // outside a request (a script or test): nothing to tag
  }
}

/** The spans recorded so far, emptying the store. */
export function takeBenchSpans(): BenchSpan[] {
  return spans.splice(0, spans.length);
}
