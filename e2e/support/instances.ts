// Extra `next start` instances of the production build for the specs that
// need their own configuration (faults, two instances behind one database).
// Bounded: each waits at most `readyTimeoutMs` to come up and is killed (by
// its own pid) when stopped; databases made here are dropped again.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

export type Instance = {
  url: string;
  port: number;
  /** What the process printed (stdout and stderr), for assertions and failures. */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
};

export const E2E_SECRET = process.env.E2E_AUTH_SECRET ?? "e2e-secret-not-for-production-0123456789abcdef";

export async function startInstance(port: number, env: Record<string, string | undefined>, readyTimeoutMs = 60_000): Promise<Instance> {
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: E2E_SECRET,
      AUTH_URL: url,
      MAGIC_CODE_DEV_MAILBOX: "1",
      MAGIC_CODE_TEST_HOOKS: "1",
      RESEND_API_KEY: "",
      REDIS_URL: "",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
      TRUSTED_IP_HEADER: "",
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())));

  const instance: Instance = {
    url,
    port,
    output: () => log,
    alive: () => !exited,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`instance on ${port} exited:\n${log}`);
    try {
      const response = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(5000) });
      if (response.status === 200) return instance;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await instance.stop();
      throw new Error(`instance on ${port} not ready within ${readyTimeoutMs} ms:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A fresh database for instances: PostgreSQL when DATABASE_URL is set, else an embedded folder. */
export async function freshDatabase(): Promise<{ env: Record<string, string>; url: string | null; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const dir = mkdtempSync(path.join(tmpdir(), "magic-code-abuse-"));
    return { env: { MAGIC_CODE_DATA_DIR: dir, DATABASE_URL: "" }, url: null, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `magic_code_abuse_${randomBytes(5).toString("hex")}`;
  await onServer(server, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    drop: () => onServer(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** One query on a database (the specs check what was, or was not, written). */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return onServer(url, async (c) => (await c.query<T>(sql, params)).rows);
}
