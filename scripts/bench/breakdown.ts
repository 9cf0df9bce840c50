/**
 * Where a request's time goes, from the spans the server's instrumentation
 * seam (lib/bench/seam.ts) left for it: each span's own time (its duration
 * minus the spans inside it), the gaps between them, and what lies outside
 * the server's stages. Means, not medians, so the rows add up to the mean
 * latency.
 */
export type SeamSpan = { op: string; stage: string; start: number; ms: number; label?: string };

export type StageRow = { stage: string; meanMs: number; share: number };

/** Stages whose inner spans count as theirs: with the dev mailbox, delivering an email is one INSERT. */
const OPAQUE = new Set(["email deliver"]);

const LABEL: Record<string, string> = {
  proxy: "proxy (proxy.ts: headers, CSP nonce, post checks)",
  before: "Next.js before the first stage (routing, action decode, action code up to it)",
  limits: "per-IP limits (Redis)",
  sql: "SQL (statements, at the driver)",
  "email compose": "email compose (React Email, HTML + text)",
  "email deliver": "email deliver (dev mailbox INSERT)",
  "Auth.js": "Auth.js signIn (own time: JWT, cookies, callbacks)",
  between: "app code between stages (Prisma, cookies, action logic)",
  after: "response + HTTP (after the last stage; both ends of the socket)",
};

export function stageLabel(stage: string): string {
  return LABEL[stage] ?? stage;
}

/** Per-request seconds spent in each stage: own times, plus the before/between/after gaps. */
export function stagesOf(latency: number, spans: SeamSpan[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (stage: string, ms: number) => out.set(stage, (out.get(stage) ?? 0) + ms);
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.ms - a.ms);
  const proxy = sorted.find((s) => s.stage === "proxy");
  const rest = sorted.filter((s) => s !== proxy);
  if (proxy) add("proxy", proxy.ms);

  // Nesting by time: a span inside another's interval is its child.
  type Open = { span: SeamSpan; end: number; own: number; opaque: boolean };
  const stack: Open[] = [];
  const top: Open[] = [];
  const close = (o: Open) => add(o.span.stage, Math.max(0, o.own));
  const EPS = 0.01;
  for (const span of rest) {
    const end = span.start + span.ms;
    while (stack.length && stack[stack.length - 1]!.end <= span.start + EPS) close(stack.pop()!);
    const parent = stack[stack.length - 1];
    if (parent?.opaque) continue; // absorbed into e.g. "email deliver"
    const open: Open = { span, end, own: span.ms, opaque: OPAQUE.has(span.stage) };
    if (parent) parent.own -= span.ms;
    else top.push(open);
    stack.push(open);
  }
  while (stack.length) close(stack.pop()!);

  if (!top.length) {
    add("after", latency - (proxy?.ms ?? 0));
    return out;
  }
  const first = top[0]!.span.start;
  const lastEnd = Math.max(...top.map((o) => o.end));
  if (proxy) add("before", Math.max(0, first - (proxy.start + proxy.ms)));
  let between = 0;
  for (let i = 1; i < top.length; i++) between += Math.max(0, top[i]!.span.start - top[i - 1]!.end);
  add("between", between);
  add("after", latency - (lastEnd - (proxy?.start ?? first)));
  return out;
}

const ORDER = ["proxy", "before", "limits", "sql", "email compose", "email deliver", "Auth.js", "between", "after"];

/** Mean time per stage over a step's requests, in the order a request meets them. */
export function stageTable(latencies: number[], spansPerOp: SeamSpan[][]): StageRow[] {
  const totals = new Map<string, number>();
  spansPerOp.forEach((spans, i) => {
    for (const [stage, ms] of stagesOf(latencies[i]!, spans)) totals.set(stage, (totals.get(stage) ?? 0) + ms);
  });
  const n = latencies.length || 1;
  const mean = latencies.reduce((a, b) => a + b, 0) / n;
  return [...totals]
    .sort(([a], [b]) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99))
    .map(([stage, total]) => ({ stage, meanMs: total / n, share: total / n / mean }));
}
