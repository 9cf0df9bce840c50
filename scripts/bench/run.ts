/**
 * `npm run bench`: what a sign-in costs, end to end, against its budgets.
 *
 * Builds the app (MAGIC_CODE_BENCH=1, its own folder .next-bench), starts the
 * production server on its own port against a fresh PostgreSQL database
 * (DATABASE_URL's server; Redis too when REDIS_URL is set) with the dev
 * mailbox as email transport, and measures over HTTP as a browser without
 * JavaScript would: form posts to the server actions, cookies carried.
 *
 *   request a code · verify a code · the floor (one database write, posted the
 *   same way) — throughput and p50/p95/p99 at each concurrency level;
 *   database round trips per request; JavaScript per auth page vs a blank page.
 *
 *   --peers: Better Auth (email OTP) and Auth.js (email link) apps from
 *   bench/peers (scripts/bench/peers.ts) on the same database server, in
 *   turns with Magic Code: whole sign-ins side by side.
 *
 * Also takes each Magic Code step apart by stage (the instrumentation seam's
 * spans, lib/bench/seam.ts and scripts/bench/breakdown.ts), and reads each
 * server's CPU per operation from /proc.
 *
 * Prints a table and writes it into docs/benchmarks.md (between the markers).
 * Options: --ops=N (per step and level, default 200; 300 with --peers)
 * --levels=1,8,32 --port=4160 (peers on the next ports; outside 3100–3999, where e2e servers of parallel checkouts run) --rounds=N --peers
 * --quick (20 operations, concurrency 1) --skip-build (reuse .next-bench;
 * it is reused anyway when no source file is newer, unless --rebuild)
 * --no-write (print only) --profile (one round per level, and a V8 CPU
 * profile of the server around each step, into the temp folder, summarised
 * by package) --async-commit (diagnosis: synchronous_commit=off for the
 * bench database) --dist=DIR (diagnosis: run the build in DIR, e.g. a
 * kept copy of a baseline build, with --skip-build, to compare before/after).
 * Never prints or writes a code, token or cookie value.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { createWriteStream, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import pg from "pg";
import { Browser, formFields, scriptSources, withField, type Fields } from "./http";
import { figures, inParallel, runClosedLoop, type Figures } from "./stats";
import { renderConsole, renderMarkdown, type Breakdown, type PageWeight, type Report, type SignInResult, type StepResult } from "./report";
import { stageTable, type SeamSpan } from "./breakdown";
import { processTreeCpuMs } from "./cpu";
import { startPeers, type Peer } from "./peers";
import { summarizeProfile } from "./profile-summary";

const root = process.cwd();
/** --dist=DIR (diagnosis: measure another build folder, e.g. a kept copy of a baseline build, with --skip-build). */
const DIST = process.argv.find((a) => a.startsWith("--dist="))?.slice("--dist=".length) || ".next-bench";
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k!, v ?? "1"];
  }),
);
/** --peers: Better Auth and Auth.js beside Magic Code (bench/peers, scripts/bench/peers.ts). */
const PEERS = args.has("peers");
/** --quick: a smoke run of Magic Code alone (few operations, concurrency 1) unless told otherwise. */
const QUICK = args.has("quick");
const OPS = Number(args.get("ops") ?? (QUICK ? 20 : PEERS ? 300 : 200));
const LEVELS = (args.get("levels") ?? (QUICK ? "1" : "1,8,32")).split(",").map(Number);
const PORT = Number(args.get("port") ?? 4160);
const MC = "Magic Code";
const FLOOR_APP = "floor: one INSERT in a route handler (not a sign-in)";
/**
 * Rounds per level (see measureLevel): by default as many as keep at least
 * 4 × concurrency operations in each (at concurrency 1, rounds of 4).
 */
const roundsFor = (c: number) =>
  args.has("profile")
    ? 1
    : Math.min(OPS, Math.max(PEERS ? 3 : 1, Math.min(Number(args.get("rounds") ?? 50), Math.floor(OPS / (4 * c)))));
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DOC = path.join(root, "docs/benchmarks.md");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const started = performance.now();
const runId = Date.now().toString(36);

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

function elapsed(): string {
  return `${((performance.now() - started) / 1000).toFixed(0)} s`;
}

// ---------------------------------------------------------------- processes

function run(command: string, argv: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(logFile);
    const child = spawn(command, argv, { env, cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(argv[1] ?? command)} ${argv[2] ?? ""} exited with ${code}; see ${logFile}`))));
  });
}

async function build(): Promise<number> {
  const t = performance.now();
  // `next build` rewrites next-env.d.ts to point at its build folder; the
  // other builds in this working tree expect theirs back.
  const envDts = path.join(root, "next-env.d.ts");
  const before = existsSync(envDts) ? readFileSync(envDts, "utf8") : null;
  const logFile = path.join(os.tmpdir(), `magic-code-bench-build-${runId}.log`);
  log(`building into ${DIST} (log: ${logFile})`);
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: DIST,
      NEXT_TELEMETRY_DISABLED: "1",
      MAGIC_CODE_BENCH: "1",
      // Nothing at build time may touch a real database.
      DATABASE_URL: "",
      MAGIC_CODE_DATA_DIR: "memory://",
    };
    await run(process.execPath, [nextBin, "build"], env, logFile);
  } finally {
    if (before !== null && readFileSync(envDts, "utf8") !== before) writeFileSync(envDts, before);
  }
  return performance.now() - t;
}

/** Inputs of the build: if none is newer than its BUILD_ID, building again would give the same server. */
const BUILD_INPUTS = ["app", "lib", "prisma", "proxy.ts", "auth.ts", "auth.config.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "tsconfig.json", "tsconfig.bench.json"];

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((f) => newestMtime(path.join(file, f))));
}

function buildIsUpToDate(): boolean {
  const buildId = path.join(root, DIST, "BUILD_ID");
  if (!existsSync(buildId)) return false;
  return statSync(buildId).mtimeMs > Math.max(...BUILD_INPUTS.map((f) => newestMtime(path.join(root, f))));
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });
}

type Database = { url: string | null; dataDir?: string; drop: () => Promise<void>; describe: string; version: string };

async function freshDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = path.join(os.tmpdir(), `magic-code-bench-${runId}`);
    log("DATABASE_URL is not set: using embedded PGlite (set DATABASE_URL for PostgreSQL figures)");
    return { url: null, dataDir: dir, drop: async () => rmSync(dir, { recursive: true, force: true }), describe: "embedded PGlite", version: `PGlite ${packageVersion("@electric-sql/pglite")}` };
  }
  const name = `magic_code_bench_${runId}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
  await admin.query(`CREATE DATABASE "${name}"`);
  // --async-commit (diagnosis only): commits stop waiting for the WAL flush,
  // which shows how much of a step is the disk rather than the app.
  if (args.has("async-commit")) await admin.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    describe: `PostgreSQL ${version} at ${url.hostname}:${url.port || 5432}${args.has("async-commit") ? " with synchronous_commit=off" : ""}, fresh database ${name}`,
    version: `PostgreSQL ${version}`,
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => c.query(`DROP DATABASE IF EXISTS "${name}"`));
      await c.end();
    },
  };
}

async function redisVersion(): Promise<string | null> {
  if (!process.env.REDIS_URL) return null;
  const { default: Redis } = await import("ioredis");
  const client = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return /redis_version:(\S+)/.exec(await client.info("server"))?.[1] ?? "unknown";
  } finally {
    client.disconnect();
  }
}

async function startServer(db: Database): Promise<{ child: ChildProcess; logFile: string }> {
  if (!(await portFree(PORT))) throw new Error(`port ${PORT} is in use (pass --port=…)`);
  const logFile = path.join(os.tmpdir(), `magic-code-bench-server-${runId}.log`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
    MAGIC_CODE_BENCH: "1",
    MAGIC_CODE_DEV_MAILBOX: "1",
    MAGIC_CODE_TEST_HOOKS: "",
    // A throw-away secret for this run only; never printed.
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_URL: ORIGIN,
    // Each bench browser gets its own address, so per-IP limits (when Redis
    // is on) do their real work without ever stopping the run.
    TRUSTED_IP_HEADER: "x-real-ip",
    // On a loaded machine a Redis answer can take over the default second,
    // and a send would be refused (fail closed) and stop the run; the limits
    // do the same work either way.
    MAGIC_CODE_IP_LIMIT_TIMEOUT_MS: process.env.MAGIC_CODE_IP_LIMIT_TIMEOUT_MS ?? "5000",
    RESEND_API_KEY: "",
    RESEND_BASE_URL: "",
    DATABASE_URL: db.url ?? "",
    MAGIC_CODE_DATA_DIR: db.dataDir ?? process.env.MAGIC_CODE_DATA_DIR,
  };
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(PORT), "-H", "127.0.0.1"], { env, cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const r = await fetch(`${ORIGIN}/sign-in`);
      if (r.status === 200) return { child, logFile };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGTERM");
  throw new Error(`server did not answer within 90 s; see ${logFile}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

// ---------------------------------------------------------------- the steps

type Probe = { roundTrips: number; cpuMicros: number; spans: SeamSpan[] };

async function probe(): Promise<Probe> {
  const r = await fetch(`${ORIGIN}/bench/probe`);
  if (r.status !== 200) throw new Error(`/bench/probe answered ${r.status}: is this a bench build (MAGIC_CODE_BENCH=1)?`);
  return (await r.json()) as Probe;
}

// A random start, so that runs within the limits' window use other addresses.
let ipCounter = randomInt(0, 100_000);
/** 198.18.0.0/15 is set aside for benchmarks (RFC 2544). */
function nextIp(): string {
  const n = ipCounter++;
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}

function newBrowser(): Browser {
  return new Browser(ORIGIN, nextIp());
}

class StepError extends Error {}

function expectRedirect(reply: { status: number; location: string | null }, to: RegExp, what: string): void {
  if (reply.status !== 303 || !reply.location || !to.test(reply.location)) {
    throw new StepError(`${what}: expected a 303 to ${to}, got ${reply.status} ${reply.location ?? "(no location)"}`);
  }
}

type Forms = { floor: Fields; signIn: Fields };

async function readForms(): Promise<Forms> {
  const b = newBrowser();
  const floor = await b.get("/bench/floor");
  const signIn = await b.get("/sign-in");
  if (floor.status !== 200 || signIn.status !== 200) throw new Error(`form pages answered ${floor.status}/${signIn.status}`);
  return { floor: formFields(floor.body, "note"), signIn: formFields(signIn.body, "email") };
}

/** One person mid-flow: the browser that asked, and what it needs to verify. */
type Pending = { browser: Browser; email: string; verifyPath: string; fields?: Fields; code?: string };

const tag = (op: string | undefined): Record<string, string> => (op ? { "x-bench-op": op } : {});

async function floorAction(forms: Forms, op?: string): Promise<number> {
  const reply = await newBrowser().post("/bench/floor", forms.floor, tag(op));
  expectRedirect(reply, /\/bench\/floor\?done=1$/, "floor (server action)");
  return reply.ms;
}

async function floorRoute(op?: string): Promise<number> {
  const reply = await newBrowser().post("/bench/floor-route", [["note", "floor"]], tag(op));
  expectRedirect(reply, /\/bench\/floor\?done=1$/, "floor (route handler)");
  return reply.ms;
}

async function requestCode(forms: Forms, pending: Pending, op?: string): Promise<number> {
  const reply = await pending.browser.post("/sign-in", withField(forms.signIn, "email", pending.email), tag(op));
  expectRedirect(reply, /^\/sign-in\/verify$/, "request a code");
  if (!pending.browser.cookies.has("mc.browser")) throw new StepError("request a code: no mc.browser cookie");
  pending.verifyPath = reply.location!;
  return reply.ms;
}

/** Untimed: what the browser reads off the code page, and the code from the mailbox. */
async function prepareVerify(pending: Pending): Promise<void> {
  const page = await pending.browser.get(pending.verifyPath);
  if (page.status !== 200) throw new StepError(`code page answered ${page.status}`);
  pending.fields = formFields(page.body, "code");
  const mail = await pending.browser.get(`/dev/mailbox/messages?to=${encodeURIComponent(pending.email)}`, { accept: "application/json" });
  const code = (JSON.parse(mail.body) as { messages: { code: string | null }[] }).messages[0]?.code;
  if (!code) throw new StepError("no code in the dev mailbox");
  pending.code = code;
}

async function verifyCode(pending: Pending, op?: string): Promise<number> {
  const reply = await pending.browser.post(pending.verifyPath, withField(pending.fields!, "code", pending.code!), tag(op));
  expectRedirect(reply, /\/account$/, "verify a code");
  if (!pending.browser.cookies.has("authjs.session-token")) throw new StepError("verify a code: no session cookie");
  return reply.ms;
}

function newPending(label: string, count: number): Pending[] {
  return Array.from({ length: count }, (_, i) => ({ browser: newBrowser(), email: `bench-${runId}-${label}-${i}@example.com`, verifyPath: "" }));
}

const median = (values: number[]) => figures(values, 1, 1).p50;

/**
 * The database statements of one step, from the "sql" spans its tagged
 * requests left: each in order (p50 of each), all of them together, and the
 * rest of the request (p50 of latency minus its statements).
 */
function statementBreakdown(latencies: number[], opSpans: SeamSpan[][]): Breakdown {
  const statements = new Map<string, number[]>();
  const db: number[] = [];
  const rest: number[] = [];
  opSpans.forEach((list, i) => {
    const seen = new Map<string, number>();
    let total = 0;
    for (const span of [...list].sort((a, b) => a.start - b.start)) {
      if (span.stage !== "sql") continue;
      const label = span.label ?? "?";
      const nth = (seen.get(label) ?? 0) + 1;
      seen.set(label, nth);
      const key = nth > 1 ? `${label} (#${nth})` : label;
      statements.set(key, [...(statements.get(key) ?? []), span.ms]);
      total += span.ms;
    }
    db.push(total);
    rest.push(latencies[i]! - total);
  });
  return {
    statements: [...statements].map(([label, ms]) => ({ label, p50: median(ms), share: ms.length / opSpans.length })),
    dbP50: median(db),
    restP50: median(rest),
    stages: stageTable(latencies, opSpans),
  };
}

type Acc = { latencies: number[]; wallMs: number; trips: number; cpuMs: number | null };

/**
 * One concurrency level. Apps and steps take turns in rounds (Magic Code:
 * floor, floor, request, verify; then each peer: request, verify; again), so
 * a burst of load from elsewhere on the machine falls on all of them alike
 * instead of on whichever was running. Every timed Magic Code request is
 * tagged (x-bench-op) so the server's spans can be matched to it. CPU is
 * each server's process tree, read from /proc around each timed batch.
 */
async function measureLevel(forms: Forms, c: number, mcPid: number, peers: Peer[]): Promise<{ steps: StepResult[]; signIns: SignInResult[] }> {
  const acc = new Map<string, Acc>();
  const spansByOp = new Map<string, SeamSpan[]>();
  const key = (app: string, step: string) => `${app}\u0000${step}`;
  const timed = async (app: string, step: string, pid: number, count: number, op: (i: number) => Promise<number>): Promise<void> => {
    const mc = app === MC;
    if (mc && args.has("profile")) await fetch(`${ORIGIN}/bench/probe?profile=start`, { method: "POST" });
    const before = mc ? await probe() : null;
    const cpu0 = processTreeCpuMs(pid);
    const { latencies, wallMs } = await runClosedLoop(count, c, op);
    const cpu1 = processTreeCpuMs(pid);
    const after = mc ? await probe() : null;
    if (mc && args.has("profile")) {
      const stopped = await fetch(`${ORIGIN}/bench/probe?profile=stop&name=${encodeURIComponent(`${runId}-c${c}-${step}`)}`, { method: "POST" });
      const file = ((await stopped.json()) as { file: string }).file;
      const { rows, categories, totalMsPerOp } = summarizeProfile(file, count, cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / count);
      const lines = (list: typeof rows) => list.map((r) => `      ${r.msPerOp.toFixed(2).padStart(6)} ms/op ${(r.share * 100).toFixed(0).padStart(3)}%  ${r.group}`).join("\n");
      log(`  CPU profile of ${step} at c=${c}: ${file}\n    by part of the stack:\n${lines(categories)}\n    top packages:\n${lines(rows)}\n      ${totalMsPerOp.toFixed(2).padStart(6)} ms/op server CPU in all (shares of the busy samples)`);
    }
    for (const span of after?.spans ?? []) spansByOp.set(span.op, [...(spansByOp.get(span.op) ?? []), span]);
    const a = acc.get(key(app, step)) ?? { latencies: [], wallMs: 0, trips: 0, cpuMs: 0 };
    a.latencies.push(...latencies);
    a.wallMs += wallMs;
    if (before && after) a.trips += after.roundTrips - before.roundTrips;
    a.cpuMs = cpu0 === null || cpu1 === null || a.cpuMs === null ? null : a.cpuMs + (cpu1 - cpu0);
    acc.set(key(app, step), a);
  };

  const people = newPending(`c${c}`, OPS);
  const peerPeople = peers.map((peer) => Array.from({ length: OPS }, (_, i) => peer.newPending(`bench-${runId}-c${c}-${i}@example.com`, nextIp())));
  const rounds = roundsFor(c);
  for (let r = 0; r < rounds; r++) {
    const from = Math.floor((r * OPS) / rounds);
    const count = Math.floor(((r + 1) * OPS) / rounds) - from;
    const mine = people.slice(from, from + count);
    await timed(MC, "floor (server action)", mcPid, count, (i) => floorAction(forms, `fa-${c}-${from + i}`));
    await timed(MC, "floor (route handler)", mcPid, count, (i) => floorRoute(`fr-${c}-${from + i}`));
    await timed(MC, "request code", mcPid, count, (i) => requestCode(forms, mine[i]!, `rc-${c}-${from + i}`));
    await inParallel(count, 8, (i) => prepareVerify(mine[i]!));
    await timed(MC, "verify code", mcPid, count, (i) => verifyCode(mine[i]!, `vc-${c}-${from + i}`));
    for (const [k, peer] of peers.entries()) {
      const theirs = peerPeople[k]!.slice(from, from + count);
      await timed(peer.name, peer.steps.request, peer.pid(), count, (i) => peer.request(theirs[i]!));
      await inParallel(count, 8, (i) => peer.prepare(theirs[i]!));
      await timed(peer.name, peer.steps.verify, peer.pid(), count, (i) => peer.verify(theirs[i]!));
    }
  }

  const spansOf = (prefix: string) => Array.from({ length: OPS }, (_, i) => spansByOp.get(`${prefix}-${c}-${i}`) ?? []);
  const emailMs = spansOf("rc").map((list, i) => {
    const email = list.filter((s) => s.stage === "email compose" || s.stage === "email deliver");
    if (!email.length) throw new Error(`no server-side email span for request ${i}`);
    return email.reduce((sum, s) => sum + s.ms, 0);
  });
  const result = (app: string, step: string, prefix?: string): StepResult => {
    const a = acc.get(key(app, step))!;
    return {
      app,
      step,
      figures: figures(a.latencies, a.wallMs, c),
      roundTrips: app === MC ? a.trips / OPS : null,
      cpuMs: a.cpuMs === null ? null : a.cpuMs / OPS,
      breakdown: prefix ? statementBreakdown(a.latencies, spansOf(prefix)) : undefined,
    };
  };
  const derived = (step: string, latencies: number[]): StepResult => ({
    app: MC,
    step,
    figures: figures(latencies, acc.get(key(MC, "request code"))!.wallMs, c),
    roundTrips: null,
    cpuMs: null,
    derived: true,
  });
  const rc = acc.get(key(MC, "request code"))!;
  const steps = [
    result(MC, "floor (server action)", "fa"),
    result(MC, "floor (route handler)", "fr"),
    result(MC, "request code", "rc"),
    derived("request code, excl. email", rc.latencies.map((ms, i) => ms - emailMs[i]!)),
    derived("  email (compose + deliver)", emailMs),
    result(MC, "verify code", "vc"),
    ...peers.flatMap((peer) => [result(peer.name, peer.steps.request), result(peer.name, peer.steps.verify)]),
  ];
  const signIn = (app: string, request: string, verify: string): SignInResult => {
    const rq = acc.get(key(app, request))!;
    const vf = acc.get(key(app, verify))!;
    const whole = rq.latencies.map((ms, i) => ms + vf.latencies[i]!);
    const f = figures(whole, rq.wallMs + vf.wallMs, c);
    return {
      app,
      concurrency: c,
      perSecond: f.throughput,
      p50: f.p50,
      p95: f.p95,
      p99: f.p99,
      cpuMs: rq.cpuMs === null || vf.cpuMs === null ? null : (rq.cpuMs + vf.cpuMs) / OPS,
      steps: `${request} + ${verify}`,
    };
  };
  const floor = acc.get(key(MC, "floor (route handler)"))!;
  const floorFigures = figures(floor.latencies, floor.wallMs, c);
  const signIns: SignInResult[] = [
    signIn(MC, "request code", "verify code"),
    ...peers.map((peer) => signIn(peer.name, peer.steps.request, peer.steps.verify)),
    // For scale: what this stack does when a request is one INSERT.
    { app: FLOOR_APP, concurrency: c, perSecond: floorFigures.throughput, p50: floorFigures.p50, p95: floorFigures.p95, p99: floorFigures.p99, cpuMs: floor.cpuMs === null ? null : floor.cpuMs / OPS, steps: "POST /bench/floor-route" },
  ];
  for (const { app, step, figures: f, roundTrips, cpuMs, derived: d } of steps) {
    log(`  c=${String(c).padStart(2)} ${`${app === MC ? "" : `${app}: `}${step}`.padEnd(36)} p50 ${f.p50.toFixed(1).padStart(6)} ms  p95 ${f.p95.toFixed(1).padStart(6)}${d ? "" : `  ${f.throughput.toFixed(0).padStart(5)}/s${roundTrips === null ? "" : `  db ${roundTrips.toFixed(2)}`}  cpu ${cpuMs === null ? "?" : cpuMs.toFixed(1)} ms`}`);
  }
  for (const s of signIns) log(`  c=${String(c).padStart(2)} whole sign-in, ${s.app.padEnd(12)} ${s.perSecond.toFixed(0).padStart(5)}/s  p50 ${s.p50.toFixed(1)} ms  cpu ${s.cpuMs === null ? "?" : s.cpuMs.toFixed(1)} ms`);
  return { steps, signIns };
}

async function warmUp(forms: Forms, peers: Peer[]): Promise<void> {
  const n = Math.min(40, OPS);
  await inParallel(n, 4, async () => void (await floorAction(forms)));
  await inParallel(n, 4, async () => void (await floorRoute()));
  const people = newPending("warm", n);
  await inParallel(n, 4, async (i) => void (await requestCode(forms, people[i]!)));
  await inParallel(n, 4, (i) => prepareVerify(people[i]!));
  await inParallel(n, 4, async (i) => void (await verifyCode(people[i]!)));
  for (const peer of peers) {
    const theirs = Array.from({ length: n }, (_, i) => peer.newPending(`bench-${runId}-warm-${i}@example.com`, nextIp()));
    await inParallel(n, 4, async (i) => void (await peer.request(theirs[i]!)));
    await inParallel(n, 4, (i) => peer.prepare(theirs[i]!));
    await inParallel(n, 4, async (i) => void (await peer.verify(theirs[i]!)));
  }
  await new Promise((r) => setTimeout(r, 1000)); // background work the first requests started (e.g. a cleanup sweep)
  await probe();
}

// ---------------------------------------------------------------- page weight

function gzipBytes(data: Buffer | string): number {
  return gzipSync(data, { level: 9 }).length;
}

async function measurePage(name: string, browser: Browser, pathname: string): Promise<PageWeight | null> {
  const page = await browser.get(pathname);
  if (page.status !== 200) {
    log(`  page weight: ${name} answered ${page.status}, skipped`);
    return null;
  }
  const { external, inline } = scriptSources(page.body);
  const chunks: PageWeight["chunks"] = [];
  for (const src of external) {
    const url = new URL(src, ORIGIN);
    if (!url.pathname.startsWith("/_next/")) continue;
    const file = path.join(root, DIST, decodeURIComponent(url.pathname.slice("/_next/".length)));
    if (!existsSync(file)) throw new Error(`script ${url.pathname} is not in ${DIST}`);
    const data = readFileSync(file);
    chunks.push({ file: url.pathname, bytes: data.length, gzip: gzipBytes(data) });
  }
  return {
    page: name,
    path: pathname.replace(/\?.*/, ""),
    jsGzip: chunks.reduce((a, c) => a + c.gzip, 0),
    jsBytes: chunks.reduce((a, c) => a + c.bytes, 0),
    inlineGzip: inline.length ? gzipBytes(inline.join("\n")) : 0,
    chunks,
  };
}

async function measurePages(forms: Forms): Promise<PageWeight[]> {
  const pages: PageWeight[] = [];
  const add = (p: PageWeight | null) => void (p && pages.push(p));
  add(await measurePage("blank page (floor)", newBrowser(), "/bench/blank"));
  add(await measurePage("/sign-in", newBrowser(), "/sign-in"));
  const [person] = newPending("weight", 1);
  await requestCode(forms, person!);
  add(await measurePage("/sign-in/verify", person!.browser, person!.verifyPath));
  // The link page without a valid token shows its "expired or used" state.
  add(await measurePage("/sign-in/link", newBrowser(), `/sign-in/link?token=${randomBytes(32).toString("base64url")}`));
  await prepareVerify(person!);
  await verifyCode(person!);
  add(await measurePage("/account (signed in)", person!.browser, "/account"));
  return pages;
}

// ---------------------------------------------------------------- main

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

async function main(): Promise<void> {
  log(`${OPS} operations per step and level; concurrency ${LEVELS.join(", ")}`);
  const upToDate = !args.has("rebuild") && buildIsUpToDate();
  if (upToDate && !args.has("skip-build")) log(`${DIST} is newer than every source file: reusing it (--rebuild to build anyway)`);
  const buildMs = args.has("skip-build") || upToDate ? null : await build();
  if (buildMs !== null) log(`built in ${(buildMs / 1000).toFixed(0)} s`);
  if (!existsSync(path.join(root, DIST, "BUILD_ID"))) throw new Error(`no build in ${DIST}: run without --skip-build`);

  const db = await freshDatabase();
  const redis = await redisVersion().catch((error: unknown) => {
    throw new Error(`REDIS_URL is set but Redis did not answer (${error instanceof Error ? error.message : String(error)})`);
  });
  const loadBefore = os.loadavg();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let peers: Peer[] = [];
  let peerBuilds: string[] = [];
  try {
    server = await startServer(db);
    log(`server up on ${ORIGIN} (${db.describe}${redis ? `, Redis ${redis}` : ""}; log: ${server.logFile}) at ${elapsed()}`);
    if (PEERS) {
      if (!db.url) throw new Error("--peers needs DATABASE_URL (the peers run on PostgreSQL)");
      log("peers: Better Auth and Auth.js (bench/peers)");
      const started = await startPeers({ serverUrl: process.env.DATABASE_URL!, port: PORT + 1, runId, log });
      peers = started.peers;
      peerBuilds = started.built;
      log(`peers up at ${elapsed()}`);
    }
    const forms = await readForms();
    await warmUp(forms, peers);
    log(`warmed up at ${elapsed()}`);

    const steps: StepResult[] = [];
    const signIns: SignInResult[] = [];
    for (const c of LEVELS) {
      const level = await measureLevel(forms, c, server.child.pid!, peers);
      steps.push(...level.steps);
      signIns.push(...level.signIns);
    }
    log(`measured at ${elapsed()}`);
    const pages = await measurePages(forms);

    const cpus = os.cpus();
    const report: Report = {
      date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      machine: `${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
      load: `load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} after (the machine is shared)`,
      versions: [
        `Node ${process.version}`,
        `Next.js ${packageVersion("next")}`,
        `React ${packageVersion("react")}`,
        `Auth.js next-auth ${packageVersion("next-auth")}`,
        `Prisma ${packageVersion("@prisma/client")} (${db.url ? `adapter-pg, pg ${packageVersion("pg")}` : `pglite-prisma-adapter ${packageVersion("pglite-prisma-adapter")}`})`,
        db.version,
        redis ? `Redis ${redis}` : "no Redis (REDIS_URL unset)",
        ...peers.map((p) => `${p.name} peer: ${p.versions}`),
      ],
      setup: [
        db.url
          ? `database: ${db.describe.replace(/, fresh database \S+/, "")}, a fresh database, pool of ${process.env.DATABASE_POOL_SIZE ?? 10} connections`
          : "database: embedded PGlite in the server process (one connection), a fresh data folder",
        `email: dev mailbox (MAGIC_CODE_DEV_MAILBOX=1): "delivering" is one database insert`,
        `IP limits: ${redis ? "Redis (REDIS_URL)" : "off (no REDIS_URL)"}; every bench browser has its own address (x-real-ip, 198.18.0.0/15)`,
        `${OPS} operations per step and concurrency level, after a warm-up; every request-code is a new browser and a new email (sign-up path)`,
        ...(peers.length
          ? [
              `peers (bench/peers, npm run bench -- --peers): each a Next.js app built with next build and started with next start, on its own fresh database on the same PostgreSQL server, driven by the same load generator through their own HTTP flows, in turns with Magic Code (${LEVELS.map((c) => `${roundsFor(c)} rounds at ${c}`).join(", ")}); their email is a row written to a table; no rate limits`,
            ]
          : []),
      ],
      buildSeconds: buildMs === null ? null : buildMs / 1000,
      peerBuilds,
      steps,
      signIns,
      pages,
      totalSeconds: 0,
    };
    report.totalSeconds = (performance.now() - started) / 1000;
    console.log("\n" + renderConsole(report));
    if (!args.has("no-write")) {
      writeDoc(renderMarkdown(report));
      log(`results written to ${path.relative(root, DOC)}`);
    }
  } finally {
    for (const peer of peers) await peer.stop();
    if (server) await stopServer(server.child);
    await db.drop().catch((error: unknown) => log(`could not drop the bench database: ${String(error)}`));
  }
  log(`done in ${elapsed()}`);
}

const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

function writeDoc(results: string): void {
  const block = `${START}\n${results.trim()}\n${END}`;
  const current = existsSync(DOC) ? readFileSync(DOC, "utf8") : `# Benchmarks\n\n${START}\n${END}\n`;
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  writeFileSync(DOC, from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + END.length) : `${current.trimEnd()}\n\n${block}\n`);
}

main().catch((error: unknown) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

