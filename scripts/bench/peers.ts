/**
 * The peers `npm run bench -- --peers` measures beside Magic Code: small
 * Next.js apps under bench/peers/<name>/ written against the published
 * packages (Better Auth's email OTP; Auth.js's email link with database
 * sessions), each with its own package.json, lockfile and node_modules —
 * installed here on demand, never part of the root install or its licence
 * check. Same PostgreSQL server (a fresh database each per run), same load
 * generator, their own HTTP flows; their "email" is a row in a table, read
 * back untimed like Magic Code's dev mailbox.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { Browser } from "./http";

export type PeerName = "Better Auth" | "Auth.js";

/** One person mid-flow in a peer: the browser, the address, what the mail table gave back. */
export type PeerPending = { browser: Browser; email: string; secret?: string };

export type Peer = {
  name: PeerName;
  /** The steps' names in the report. */
  steps: { request: string; verify: string };
  versions: string;
  origin: string;
  pid: () => number;
  newPending: (email: string, ip: string) => PeerPending;
  /** Timed: the first step (asking for the email). Returns its latency (ms). */
  request: (p: PeerPending) => Promise<number>;
  /** Untimed: the secret the email carries, from the mail table. */
  prepare: (p: PeerPending) => Promise<void>;
  /** Timed: the second step (the code / the link); must end signed in. */
  verify: (p: PeerPending) => Promise<number>;
  stop: () => Promise<void>;
  logFile: string;
};

export class PeerStepError extends Error {}

type Spec = {
  name: PeerName;
  dir: string;
  packages: string[];
  env: (origin: string) => Record<string, string>;
  createSchema: (databaseUrl: string, env: NodeJS.ProcessEnv) => Promise<void>;
  steps: Peer["steps"];
  request: (p: PeerPending) => Promise<number>;
  verify: (p: PeerPending) => Promise<number>;
};

const root = process.cwd();
const peersDir = path.join(root, "bench/peers");

function run(command: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(logFile, { flags: "a" });
    const child = spawn(command, argv, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${argv.join(" ")} in ${path.relative(root, cwd)} exited with ${code}; see ${logFile}`))));
  });
}

function newestMtime(dir: string, skip: Set<string>): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full, skip) : statSync(full).mtimeMs);
  }
  return newest;
}

const SKIP = new Set(["node_modules", ".next", "next-env.d.ts"]);

/** `npm install` in the peer's folder when its node_modules is missing or older than its lockfile. */
async function ensureInstalled(dir: string, log: (m: string) => void, logFile: string): Promise<boolean> {
  const marker = path.join(dir, "node_modules/.package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(path.join(dir, "package-lock.json")).mtimeMs) return false;
  log(`  installing ${path.relative(root, dir)} (npm install, log: ${logFile})`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  await run(npm, ["install", "--no-audit", "--no-fund"], dir, { ...process.env, npm_config_update_notifier: "false" }, logFile);
  return true;
}

/** `next build` when there is no build, or a source file is newer than it. Returns seconds, or null if reused. */
async function ensureBuilt(dir: string, env: NodeJS.ProcessEnv, log: (m: string) => void, logFile: string): Promise<number | null> {
  const buildId = path.join(dir, ".next/BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newestMtime(dir, SKIP)) return null;
  log(`  building ${path.relative(root, dir)} (log: ${logFile})`);
  const t = performance.now();
  await run(process.execPath, [path.join(dir, "node_modules/next/dist/bin/next"), "build"], dir, { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }, logFile);
  return (performance.now() - t) / 1000;
}

function packageVersion(dir: string, name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

async function waitUntilUp(child: ChildProcess, origin: string, logFile: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`peer server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const r = await fetch(origin);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGTERM");
  throw new Error(`peer server did not answer within 90 s; see ${logFile}`);
}

function expect(ok: boolean, what: string, status: number, detail: string | null): void {
  if (!ok) throw new PeerStepError(`${what}: unexpected answer ${status} ${detail ?? ""}`.trim());
}

const specs: Spec[] = [
  {
    name: "Better Auth",
    dir: path.join(peersDir, "better-auth"),
    packages: ["better-auth"],
    env: (origin) => ({ BETTER_AUTH_URL: origin, BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"), BETTER_AUTH_TELEMETRY: "0" }),
    createSchema: (_url, env) => run(process.execPath, ["migrate.mjs"], path.join(peersDir, "better-auth"), env, path.join(os.tmpdir(), "magic-code-bench-peer-migrate.log")),
    steps: { request: "send OTP", verify: "sign in with OTP" },
    // POST /api/auth/email-otp/send-verification-otp, then /api/auth/sign-in/email-otp:
    // what its client library sends (JSON).
    request: async (p) => {
      const reply = await p.browser.send("/api/auth/email-otp/send-verification-otp", JSON.stringify({ email: p.email, type: "sign-in" }), { "content-type": "application/json", accept: "application/json" });
      expect(reply.status === 200, "Better Auth: send OTP", reply.status, reply.body.slice(0, 120));
      return reply.ms;
    },
    verify: async (p) => {
      const reply = await p.browser.send("/api/auth/sign-in/email-otp", JSON.stringify({ email: p.email, otp: p.secret }), { "content-type": "application/json", accept: "application/json" });
      expect(reply.status === 200 && [...p.browser.cookies.keys()].some((k) => k.endsWith("session_token")), "Better Auth: sign in with OTP", reply.status, reply.body.slice(0, 120));
      return reply.ms;
    },
  },
  {
    name: "Auth.js",
    dir: path.join(peersDir, "authjs"),
    packages: ["next-auth", "@auth/pg-adapter"],
    env: (origin) => ({ AUTH_URL: origin, AUTH_SECRET: randomBytes(32).toString("base64url"), AUTH_TRUST_HOST: "1" }),
    createSchema: async (url) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(readFileSync(path.join(peersDir, "authjs/schema.sql"), "utf8"));
      await c.end();
    },
    steps: { request: "csrf + send link", verify: "open link (callback)" },
    // GET /api/auth/csrf, POST /api/auth/signin/email (its sign-in form's
    // fields), then the emailed link: GET /api/auth/callback/email?token=….
    request: async (p) => {
      const csrf = await p.browser.get("/api/auth/csrf", { accept: "application/json" });
      expect(csrf.status === 200, "Auth.js: csrf", csrf.status, null);
      const csrfToken = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
      const form = new URLSearchParams({ email: p.email, csrfToken, callbackUrl: `${p.browser.origin}/` });
      const reply = await p.browser.send("/api/auth/signin/email", form.toString(), { "content-type": "application/x-www-form-urlencoded" });
      expect(reply.status === 302 && /verify-request/.test(reply.location ?? ""), "Auth.js: send link", reply.status, reply.location);
      return csrf.ms + reply.ms;
    },
    verify: async (p) => {
      // The link names the host Auth.js was reached by; ask this server for its path.
      const link = new URL(p.secret!);
      const reply = await p.browser.get(link.pathname + link.search);
      expect(reply.status === 302 && p.browser.cookies.has("authjs.session-token"), "Auth.js: open link", reply.status, reply.location);
      return reply.ms;
    },
  },
];

/**
 * Installs (if needed), builds (if needed), gives each peer a fresh database
 * on `serverUrl`'s server and starts it on `port`, `port + 1`, ….
 */
export async function startPeers(input: {
  serverUrl: string;
  port: number;
  runId: string;
  log: (m: string) => void;
}): Promise<{ peers: Peer[]; setupSeconds: number; built: string[] }> {
  const t = performance.now();
  const peers: Peer[] = [];
  const built: string[] = [];
  try {
    for (const [i, spec] of specs.entries()) {
      const port = input.port + i;
      const origin = `http://127.0.0.1:${port}`;
      const logFile = path.join(os.tmpdir(), `magic-code-bench-peer-${spec.name.replace(/\W+/g, "").toLowerCase()}-${input.runId}.log`);
      await ensureInstalled(spec.dir, input.log, logFile);
      const name = `magic_code_bench_${input.runId}_${spec.name.replace(/\W+/g, "").toLowerCase()}`;
      const admin = new pg.Client({ connectionString: input.serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const url = new URL(input.serverUrl);
      url.pathname = `/${name}`;
      const dbUrl = url.toString();
      const drop = async () => {
        const c = new pg.Client({ connectionString: input.serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
        await c.end();
      };
      const mail = new pg.Pool({ connectionString: dbUrl, max: 4 });
      const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env(origin), DATABASE_URL: dbUrl, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
      let child: ChildProcess | undefined;
      const stop = async () => {
        if (child && child.exitCode === null) {
          const exited = new Promise((r) => child!.once("exit", r));
          child.kill("SIGTERM");
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null) child.kill("SIGKILL");
        }
        await mail.end().catch(() => undefined);
        await drop().catch((error: unknown) => input.log(`could not drop ${name}: ${String(error)}`));
      };
      try {
        const seconds = await ensureBuilt(spec.dir, env, input.log, logFile);
        if (seconds !== null) built.push(`${spec.name} ${seconds.toFixed(0)} s`);
        await spec.createSchema(dbUrl, env);
        const out = createWriteStream(logFile, { flags: "a" });
        child = spawn(process.execPath, [path.join(spec.dir, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], { env, cwd: spec.dir, stdio: ["ignore", "pipe", "pipe"] });
        child.stdout!.pipe(out);
        child.stderr!.pipe(out);
        await waitUntilUp(child, origin, logFile);
      } catch (error) {
        await stop();
        throw error;
      }
      const started = child;
      peers.push({
        name: spec.name,
        steps: spec.steps,
        versions: spec.packages.map((p) => `${p} ${packageVersion(spec.dir, p)}`).concat(`next ${packageVersion(spec.dir, "next")}`).join(", "),
        origin,
        pid: () => started.pid!,
        newPending: (email, ip) => ({ browser: new Browser(origin, ip), email }),
        request: spec.request,
        prepare: async (p) => {
          const { rows } = await mail.query<{ body: string }>("SELECT body FROM bench_mail WHERE recipient = $1 ORDER BY id DESC LIMIT 1", [p.email]);
          if (!rows[0]) throw new PeerStepError(`${spec.name}: no email for the address`);
          p.secret = rows[0].body;
        },
        verify: spec.verify,
        stop,
        logFile,
      });
      input.log(`  ${spec.name} up on ${origin} (log: ${logFile})`);
    }
  } catch (error) {
    for (const p of peers) await p.stop();
    throw error;
  }
  return { peers, setupSeconds: (performance.now() - t) / 1000, built };
}
