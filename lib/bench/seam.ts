/**
 * The one instrumentation seam: every hook the benchmark (`npm run bench`)
 * and the round-trip budget test read goes through here, and all of them are
 * switched off unless the process says otherwise.
 *
 * Off (every deployment, `next dev`, the e2e servers): `traced(stage, fn)`
 * returns `fn` itself, so a traced function costs nothing at all per call —
 * no wrapper, no allocation, no timer — and `countRoundTrips` (lib/db.ts)
 * hands the adapter back untouched. The only cost is one boolean read per
 * traced function at module load.
 *
 * On (`MAGIC_CODE_BENCH=1` in the environment when the module loads, or
 * `enableSeam()` before the database opens, in tests): traced functions are
 * timed, every database statement is counted and timed, and a span is kept
 * for each timed call of a request the benchmark tagged (`x-bench-op`). The
 * tag is the benchmark's own opaque id; nothing about the person is kept,
 * and no argument or result is looked at (no secret can leak into a span).
 *
 * No "server-only" import: proxy.ts uses it too. See
 * docs/decisions/0031-one-instrumentation-seam-and-peer-benchmarks.md.
 */

/** The stages of a request the benchmark takes apart (scripts/bench/breakdown.ts). */
export type Stage = "proxy" | "limits" | "sql" | "email compose" | "email deliver" | "Auth.js";

/** One timed call: when it started (performance.now() of this process) and how long it took. */
export type Span = { op: string; stage: Stage; start: number; ms: number; label?: string };

type SeamState = { on: boolean; roundTrips: number; spans: Span[]; rawSql: Map<Span, string> };

// On globalThis so every bundle of the Next server (proxy, actions, routes)
// shares one state, as lib/db.ts shares one client.
const state: SeamState = ((globalThis as { __magicCodeSeam?: SeamState }).__magicCodeSeam ??= {
  on: process.env.MAGIC_CODE_BENCH === "1",
  roundTrips: 0,
  spans: [],
  rawSql: new Map(),
});

/** Is instrumentation on in this process? */
export function seamOn(): boolean {
  return state.on;
}

/**
 * Turns the seam on for this process (tests: the round-trip budget). Affects
 * the database client opened afterwards and functions traced afterwards.
 */
export function enableSeam(): void {
  state.on = true;
}

/**
 * `fn` itself when the seam is off; when on, `fn` timed as one `stage` span
 * (also when it throws, e.g. Next's redirect). Use at module level:
 * `export const sendEmail = traced("email deliver", async function sendEmail(…) {…})`.
 */
export function traced<F extends (...args: never[]) => Promise<unknown>>(stage: Stage, fn: F): F {
  if (!state.on) return fn;
  const timed = async function (this: unknown, ...args: Parameters<F>): Promise<unknown> {
    const start = performance.now();
    try {
      return await fn.apply(this, args);
    } finally {
      void record(stage, start, performance.now() - start, requestOf(args[0]));
    }
  };
  Object.defineProperty(timed, "name", { value: fn.name });
  return timed as unknown as F;
}

/** Round trips since the process started (0 while the seam is off); callers diff two readings. */
export function roundTripsSoFar(): number {
  return state.roundTrips;
}

/** lib/bench/round-trips.ts: one statement (or BEGIN/COMMIT) went to the database. */
export function countRoundTrip(n = 1): void {
  state.roundTrips += n;
}

/** lib/bench/round-trips.ts: a statement ran, with its SQL (kept only as a label, see takeSpans). */
export function recordStatement(sql: string, start: number): void {
  void record("sql", start, performance.now() - start, null, sql);
}

/** The spans recorded so far (statements labelled by the tables they touch), emptying the store. */
export function takeSpans(): Span[] {
  const taken = state.spans.splice(0, state.spans.length);
  for (const span of taken) {
    const sql = state.rawSql.get(span);
    if (sql !== undefined) span.label = describeStatement(sql);
  }
  state.rawSql.clear();
  return taken;
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

type HeaderSource = { headers: { get(name: string): string | null } };

/** The request a traced function was handed (proxy), if it was. */
function requestOf(arg: unknown): HeaderSource | null {
  const headers = (arg as Partial<HeaderSource> | null | undefined)?.headers;
  return headers && typeof headers.get === "function" ? (arg as HeaderSource) : null;
}

const MAX_SPANS = 200_000;
// Loaded on the first span (only ever with the seam on), then reused.
let headersOf: typeof import("next/headers").headers | undefined;

async function record(stage: Stage, start: number, ms: number, request: HeaderSource | null, sql?: string): Promise<void> {
  try {
    let op: string | null;
    if (request) op = request.headers.get("x-bench-op");
    else {
      headersOf ??= (await import("next/headers")).headers;
      op = (await headersOf()).get("x-bench-op");
    }
    if (!op || op.length > 64 || state.spans.length >= MAX_SPANS) return;
    const span: Span = { op, stage, start, ms };
    state.spans.push(span);
    if (sql !== undefined) state.rawSql.set(span, sql);
  } catch {
    // outside a request (a script, a test, background work): nothing to tag
  }
}
