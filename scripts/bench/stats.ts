/** Latency figures for one step at one concurrency level. */
export type Figures = {
  ops: number;
  concurrency: number;
  /** Completed operations per second of wall time. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
};

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function figures(latencies: number[], wallMs: number, concurrency: number): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    ops: sorted.length,
    concurrency,
    throughput: sorted.length / (wallMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1),
  };
}

/**
 * Runs `count` operations with `concurrency` of them in flight at any time
 * (closed loop: each worker starts the next as soon as its last one ends).
 * `op` returns its own timed latency in ms, so setup it does is not counted.
 */
export async function runClosedLoop(count: number, concurrency: number, op: (index: number) => Promise<number>): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = new Array(count);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) latencies[i] = await op(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { latencies, wallMs: performance.now() - started };
}

/** Runs untimed work `count` times with bounded parallelism. */
export async function inParallel(count: number, parallel: number, work: (index: number) => Promise<void>): Promise<void> {
  await runClosedLoop(count, parallel, async (i) => {
    await work(i);
    return 0;
  });
}
