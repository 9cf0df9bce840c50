import type { Figures } from "./stats";
import { stageLabel, type StageRow } from "./breakdown";

/** Magic Code's steps ("request code", …) or a peer's ("send OTP", …). */
export type Step = string;

const MC = "Magic Code";

/** Where a step's time goes (p50s), from the server's per-statement spans. */
export type Breakdown = {
  /** Each statement in the order they ran; share: in what fraction of requests it ran. */
  statements: { label: string; p50: number; share: number }[];
  dbP50: number;
  restP50: number;
  /** Mean time per stage (scripts/bench/breakdown.ts). */
  stages: StageRow[];
};

/** A whole sign-in (both timed steps of one person), per app and concurrency. */
export type SignInResult = {
  app: string;
  concurrency: number;
  /** Sign-ins per second of wall time spent in the two steps. */
  perSecond: number;
  /** Of each person's two latencies added. */
  p50: number;
  p95: number;
  p99: number;
  /** Server process CPU (user + system) per sign-in, ms. */
  cpuMs: number | null;
  steps: string;
};

export type StepResult = {
  app: string;
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
  peerBuilds: string[];
  steps: StepResult[];
  signIns: SignInResult[];
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
  return report.steps.find((s) => s.app === MC && s.step === "floor (server action)" && s.figures.concurrency === c)?.figures;
}

function ratio(report: Report, s: StepResult): number | null {
  const floor = floorOf(report, s.figures.concurrency);
  return floor ? s.figures.p50 / floor.p50 : null;
}

type Verdict = { budget: string; target: string; measured: string; ok: boolean };

export function verdicts(report: Report): Verdict[] {
  const out: Verdict[] = [];
  const at1 = (step: Step) =>
    report.steps.find((s) => s.app === MC && s.step === step && s.figures.concurrency === 1) ?? report.steps.find((s) => s.app === MC && s.step === step);
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
      s.app !== MC ? `${s.app}: ${s.step}` : s.step.trim() === s.step ? s.step : `↳ ${s.step.trim()}`,
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
    .filter((s) => s.breakdown && s.figures.concurrency === lowest && s.app === MC)
    .map((s) => {
      const b = s.breakdown!;
      const statements = b.statements
        .map((st) => `${st.label} ${ms(st.p50)}${st.share < 0.99 ? ` (in ${(st.share * 100).toFixed(0)}% of requests)` : ""}`)
        .join(" → ");
      return [s.step, ms(s.figures.p50), String(b.statements.length), statements || "—", ms(b.dbP50), ms(b.restP50)];
    });
}

/** Whole sign-ins of each app side by side, per concurrency level. */
function signInRows(report: Report): string[][] {
  return report.signIns.map((s) => {
    const mc = report.signIns.find((m) => m.app === MC && m.concurrency === s.concurrency);
    return [
      s.app,
      String(s.concurrency),
      s.perSecond.toFixed(0),
      ms(s.p50),
      ms(s.p95),
      ms(s.p99),
      s.cpuMs === null ? "" : s.cpuMs.toFixed(1),
      mc && s !== mc ? `${(s.perSecond / mc.perSecond).toFixed(2)}×` : "",
      mc && s !== mc && s.cpuMs !== null && mc.cpuMs !== null ? `${(mc.cpuMs / s.cpuMs).toFixed(2)}×` : "",
    ];
  });
}

const SIGNIN_HEADER = ["app", "concurrency", "sign-ins/s", "p50 ms", "p95 ms", "p99 ms", "server CPU ms per sign-in", "sign-ins/s ÷ Magic Code's", "Magic Code's CPU ÷ this"];
const SIGNIN_ALIGN: ("l" | "r")[] = ["l", "r", "r", "r", "r", "r", "r", "r", "r"];

/** Magic Code's steps at the lowest concurrency, taken apart by stage (mean ms, share of the mean latency). */
function stageRows(report: Report): { header: string[]; rows: string[][] } {
  const lowest = Math.min(...report.steps.map((s) => s.figures.concurrency));
  const steps = report.steps.filter((s) => s.app === MC && s.breakdown && s.figures.concurrency === lowest);
  const stages: string[] = [];
  for (const s of steps) for (const row of s.breakdown!.stages) if (!stages.includes(row.stage)) stages.push(row.stage);
  const rows = stages.map((stage) => [
    stageLabel(stage),
    ...steps.map((s) => {
      const row = s.breakdown!.stages.find((r) => r.stage === stage);
      return row ? `${ms(row.meanMs)} (${(row.share * 100).toFixed(0)}%)` : "";
    }),
  ]);
  rows.push(["**mean latency**", ...steps.map((s) => `**${ms(s.breakdown!.stages.reduce((a, r) => a + r.meanMs, 0))}**`)]);
  return { header: ["stage", ...steps.map((s) => s.step)], rows };
}

const BREAKDOWN_HEADER = ["step", "p50 ms", "statements", "database statements in order (p50 ms each)", "database ms", "everything else ms"];
const BREAKDOWN_ALIGN: ("l" | "r")[] = ["l", "r", "r", "l", "r", "r"];

const LATENCY_HEADER = ["step", "concurrency", "ops/s", "p50 ms", "p95 ms", "p99 ms", "p50 ÷ floor", "db round trips", "server CPU ms"];
const LATENCY_ALIGN: ("l" | "r")[] = ["l", "r", "r", "r", "r", "r", "r", "r", "r"];
const PAGE_HEADER = ["page", "scripts", "JS gzip", "vs blank", "inline RSC payload gzip"];
const PAGE_ALIGN: ("l" | "r")[] = ["l", "r", "r", "r", "r"];

function buildText(report: Report): string {
  const own = report.buildSeconds === null ? "build reused" : `build ${report.buildSeconds.toFixed(0)} s`;
  const peers = report.signIns.some((s) => s.app !== MC && !s.app.startsWith("floor"));
  return report.peerBuilds.length ? `${own}, peers built: ${report.peerBuilds.join(", ")}` : peers ? `${own}, peer builds reused` : own;
}

export function renderConsole(report: Report): string {
  const lines = [
    `Magic Code benchmark — ${report.date}`,
    report.machine,
    ...report.versions.map((v) => `  ${v}`),
    "",
    ...table(LATENCY_HEADER, latencyRows(report), LATENCY_ALIGN),
    "",
    ...(report.signIns.some((s) => s.app !== MC && !s.app.startsWith("floor")) ? [...table(SIGNIN_HEADER, signInRows(report), SIGNIN_ALIGN), ""] : []),
    ...table(stageRows(report).header, stageRows(report).rows, stageRows(report).header.map((_, i) => (i ? "r" : "l"))),
    "",
    ...table(BREAKDOWN_HEADER, breakdownRows(report), BREAKDOWN_ALIGN),
    "",
    ...table(PAGE_HEADER, pageRows(report), PAGE_ALIGN),
    "",
    "Budgets:",
    ...verdicts(report).map((v) => `  ${v.ok ? "✓" : "✗"} ${v.budget}: ${v.measured} (target ${v.target})`),
    "",
    `${report.load}; ${buildText(report)}, total ${report.totalSeconds.toFixed(0)} s`,
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
    `- **Run time:** ${buildText(report)}, total ${report.totalSeconds.toFixed(0)} s.`,
    "",
    "### Budgets",
    "",
    ...table(
      ["budget", "target", "measured", ""],
      verdicts(report).map((v) => [v.budget, v.target, v.measured, v.ok ? "✓ met" : "✗ missed"]),
      ["l", "l", "l", "l"],
    ),
    "",
    ...(report.signIns.some((s) => s.app !== MC && !s.app.startsWith("floor"))
      ? [
          "### Whole sign-ins, side by side",
          "",
          "A sign-in is both timed steps of one person: Magic Code's two no-JavaScript form posts (request, verify); Better Auth's two JSON calls (send OTP, sign in with it); Auth.js's csrf + sign-in post, then opening the emailed link. Sign-ins/s is sign-ins ÷ the wall time of the two steps; p50/p95/p99 are of each person's two latencies added; CPU is the server's process (all threads, from /proc) over both steps ÷ sign-ins.",
          "",
          ...table(SIGNIN_HEADER, signInRows(report), SIGNIN_ALIGN),
          "",
        ]
      : []),
    "### Latency and throughput per step (HTTP)",
    "",
    "Latency is until the answer arrives (Magic Code: the 303; peers: their 200 or 302). \"p50 ÷ floor\" compares with Magic Code's floor (server action) at the same concurrency. Round trips are the server's own count over the whole step ÷ its operations; CPU (user + system, all threads of the server process, from /proc, so it can exceed the latency) likewise.",
    "",
    ...table(LATENCY_HEADER, latencyRows(report), LATENCY_ALIGN),
    "",
    "### Where the time goes: stages (lowest concurrency, mean ms and share)",
    "",
    "From the spans of the instrumentation seam (lib/bench/seam.ts): each stage's own time (nested spans subtracted; the dev mailbox's INSERT counts as \"email deliver\"), and the gaps the stages leave. Means, so the rows add up to the mean latency.",
    "",
    ...table(stageRows(report).header, stageRows(report).rows, stageRows(report).header.map((_, i) => (i ? "r" : "l"))),
    "",
    "### Where the time goes: database statements (lowest concurrency, p50)",
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
