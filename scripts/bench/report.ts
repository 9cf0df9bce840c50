import type { Figures } from "./stats";

export type Step =
  | "floor (server action)"
  | "floor (route handler)"
  | "request code"
  | "request code, excl. email"
  | "  email (compose + deliver)"
  | "verify code";

/** Where a step's time goes (p50s), from the server's per-statement spans. */
export type Breakdown = {
  /** Each statement in the order they ran; share: in what fraction of requests it ran. */
  statements: { label: string; p50: number; share: number }[];
  dbP50: number;
  restP50: number;
};

export type StepResult = {
  step: Step;
  figures: Figures;
  /** Database round trips per operation, from the server's own count; null when derived. */
  roundTrips: number | null;
  /** Server process CPU time (user + system) per operation, ms; null when derived. */
  cpuMs: number | null;
  /** Computed from another step's requests (server-side spans subtracted). */
  derived?: boolean;
  breakdown?: Breakdown;
};

export type PageWeight = {
  page: string;
  path: string;
  /** Gzip (level 9) bytes of the page's script files, as built. */
  jsGzip: number;
  jsBytes: number;
  /** Gzip bytes of the inline scripts (React Server Components payload). */
  inlineGzip: number;
  chunks: { file: string; bytes: number; gzip: number }[];
};

export type Report = {
  date: string;
  machine: string;
  load: string;
  versions: string[];
  setup: string[];
  buildSeconds: number | null;
  steps: StepResult[];
  pages: PageWeight[];
  totalSeconds: number;
};

export const BUDGETS = {
  requestCodeRoundTrips: 3,
  verifyCodeRoundTrips: 3,
  /** p50 at concurrency 1, as a multiple of the floor's. */
  latencyRatio: 1.3,
  /** Each auth page's JavaScript over the blank page's, gzip bytes (10 kB). */
  pageExtraGzip: 10_000,
};

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const signedKb = (bytes: number) => `${bytes >= 0 ? "+" : "−"}${(Math.abs(bytes) / 1000).toFixed(1)} kB`;

function floorOf(report: Report, c: number): Figures | undefined {
  return report.steps.find((s) => s.step === "floor (server action)" && s.figures.concurrency === c)?.figures;
}

function ratio(report: Report, s: StepResult): number | null {
  const floor = floorOf(report, s.figures.concurrency);
  return floor ? s.figures.p50 / floor.p50 : null;
}

type Verdict = { budget: string; target: string; measured: string; ok: boolean };

export function verdicts(report: Report): Verdict[] {
  const out: Verdict[] = [];
  const at1 = (step: Step) => report.steps.find((s) => s.step === step && s.figures.concurrency === 1) ?? report.steps.find((s) => s.step === step);
  const trips = (step: Step, budget: number, label: string) => {
    const s = at1(step);
    if (s?.roundTrips == null) return;
    out.push({ budget: `database round trips to ${label}`, target: `≤ ${budget}`, measured: `${+s.roundTrips.toFixed(2)}`, ok: s.roundTrips <= budget });
  };
  trips("request code", BUDGETS.requestCodeRoundTrips, "request a code");
  trips("verify code", BUDGETS.verifyCodeRoundTrips, "verify a code");
  for (const [step, label] of [
    ["verify code", "verify-code p50 ÷ floor p50, concurrency 1"],
    ["request code, excl. email", "request-code p50 (email excluded) ÷ floor p50, concurrency 1"],
  ] as const) {
    const s = at1(step);
    const r = s && ratio(report, s);
    if (r == null) continue;
    out.push({ budget: label, target: `≤ ${BUDGETS.latencyRatio}×`, measured: `${r.toFixed(2)}× (${ms(s!.figures.p50)} ms vs ${ms(floorOf(report, s!.figures.concurrency)!.p50)} ms)`, ok: r <= BUDGETS.latencyRatio });
  }
  const blank = report.pages.find((p) => p.path === "/bench/blank");
  if (blank) {
    for (const p of report.pages) {
      if (p === blank || !p.path.startsWith("/sign-in")) continue;
      const extra = p.jsGzip - blank.jsGzip;
      out.push({ budget: `${p.page} JavaScript over the blank page`, target: `≤ +${kb(BUDGETS.pageExtraGzip)} gzip`, measured: signedKb(extra), ok: extra <= BUDGETS.pageExtraGzip });
    }
  }
  return out;
}

function table(header: string[], rows: string[][], align: ("l" | "r")[]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${align.map((a) => (a === "r" ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

function latencyRows(report: Report): string[][] {
  return report.steps.map((s) => {
    const r = ratio(report, s);
    return [
      s.step.trim() === s.step ? s.step : `↳ ${s.step.trim()}`,
      String(s.figures.concurrency),
      s.derived ? "" : s.figures.throughput.toFixed(0),
      ms(s.figures.p50),
      ms(s.figures.p95),
      ms(s.figures.p99),
      r === null ? "" : `${r.toFixed(2)}×`,
      s.roundTrips === null ? "" : `${+s.roundTrips.toFixed(2)}`,
      s.cpuMs === null ? "" : s.cpuMs.toFixed(1),
    ];
  });
}

function pageRows(report: Report): string[][] {
  const blank = report.pages.find((p) => p.path === "/bench/blank");
  return report.pages.map((p) => [
    p.page,
    String(p.chunks.length),
    kb(p.jsGzip),
    blank && p !== blank ? signedKb(p.jsGzip - blank.jsGzip) : "",
    kb(p.inlineGzip),
  ]);
}

/** Chunks an auth page loads beyond the blank page's: where its extra weight comes from. */
function extraChunks(report: Report): string[] {
  const blank = report.pages.find((p) => p.path === "/bench/blank");
  if (!blank) return [];
  const base = new Set(blank.chunks.map((c) => c.file));
  const lines: string[] = [];
  for (const p of report.pages) {
    if (p === blank) continue;
    const extra = p.chunks.filter((c) => !base.has(c.file));
    if (extra.length) lines.push(`- ${p.page}: ${extra.map((c) => `\`${c.file.replace(/^.*\//, "")}\` ${kb(c.gzip)}`).join(", ")}`);
  }
  return lines;
}

/** At concurrency 1 (or the lowest level run): each step's p50 taken apart. */
function breakdownRows(report: Report): string[][] {
  const lowest = Math.min(...report.steps.map((s) => s.figures.concurrency));
  return report.steps
    .filter((s) => s.breakdown && s.figures.concurrency === lowest)
    .map((s) => {
      const b = s.breakdown!;
      const statements = b.statements
        .map((st) => `${st.label} ${ms(st.p50)}${st.share < 0.99 ? ` (in ${(st.share * 100).toFixed(0)}% of requests)` : ""}`)
        .join(" → ");
      return [s.step, ms(s.figures.p50), String(b.statements.length), statements || "—", ms(b.dbP50), ms(b.restP50)];
    });
}

const BREAKDOWN_HEADER = ["step", "p50 ms", "statements", "database statements in order (p50 ms each)", "database ms", "everything else ms"];
const BREAKDOWN_ALIGN: ("l" | "r")[] = ["l", "r", "r", "l", "r", "r"];

const LATENCY_HEADER = ["step", "concurrency", "ops/s", "p50 ms", "p95 ms", "p99 ms", "p50 ÷ floor", "db round trips", "server CPU ms"];
const LATENCY_ALIGN: ("l" | "r")[] = ["l", "r", "r", "r", "r", "r", "r", "r", "r"];
const PAGE_HEADER = ["page", "scripts", "JS gzip", "vs blank", "inline RSC payload gzip"];
const PAGE_ALIGN: ("l" | "r")[] = ["l", "r", "r", "r", "r"];

export function renderConsole(report: Report): string {
  const lines = [
    `Magic Code benchmark — ${report.date}`,
    report.machine,
    ...report.versions.map((v) => `  ${v}`),
    "",
    ...table(LATENCY_HEADER, latencyRows(report), LATENCY_ALIGN),
    "",
    ...table(BREAKDOWN_HEADER, breakdownRows(report), BREAKDOWN_ALIGN),
    "",
    ...table(PAGE_HEADER, pageRows(report), PAGE_ALIGN),
    "",
    "Budgets:",
    ...verdicts(report).map((v) => `  ${v.ok ? "✓" : "✗"} ${v.budget}: ${v.measured} (target ${v.target})`),
    "",
    `${report.load}; ${report.buildSeconds === null ? "build reused" : `build ${report.buildSeconds.toFixed(0)} s`}, total ${report.totalSeconds.toFixed(0)} s`,
  ];
  return lines.join("\n");
}

export function renderMarkdown(report: Report): string {
  return [
    `## Latest run: ${report.date}`,
    "",
    "Written by `npm run bench`; do not edit between the markers (the next run replaces it).",
    "",
    `- **Machine:** ${report.machine}; ${report.load}.`,
    `- **Versions:** ${report.versions.join(", ")}.`,
    ...report.setup.map((s) => `- ${s[0]!.toUpperCase()}${s.slice(1)}.`),
    `- **Run time:** ${report.buildSeconds === null ? "build reused" : `build ${report.buildSeconds.toFixed(0)} s`}, total ${report.totalSeconds.toFixed(0)} s.`,
    "",
    "### Budgets",
    "",
    ...table(
      ["budget", "target", "measured", ""],
      verdicts(report).map((v) => [v.budget, v.target, v.measured, v.ok ? "✓ met" : "✗ missed"]),
      ["l", "l", "l", "l"],
    ),
    "",
    "### Latency and throughput (HTTP, no-JS form posts)",
    "",
    "Latency is until the 303 answer arrives. \"p50 ÷ floor\" compares with the floor (server action) at the same concurrency. Round trips and CPU (user + system, all threads of the server process, so it can exceed the latency) are the server's own counts over the whole step, divided by its operations.",
    "",
    ...table(LATENCY_HEADER, latencyRows(report), LATENCY_ALIGN),
    "",
    "### Where the time goes (lowest concurrency, p50)",
    "",
    "Each database statement a request ran, timed in the server where Prisma hands it to the driver; \"everything else\" is the p50 of each request's latency minus its statements (HTTP, Next.js, Auth.js, rendering the email, Redis).",
    "",
    ...table(BREAKDOWN_HEADER, breakdownRows(report), BREAKDOWN_ALIGN),
    "",
    "### Page weight (JavaScript each page loads, from the build output)",
    "",
    ...table(PAGE_HEADER, pageRows(report), PAGE_ALIGN),
    "",
    ...(extraChunks(report).length ? ["Scripts beyond the blank page's:", "", ...extraChunks(report), ""] : []),
  ].join("\n");
}
