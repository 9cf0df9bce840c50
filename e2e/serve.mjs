// Starts the production build for the e2e tests: a fresh database every run
// (a new PostgreSQL database when DATABASE_URL is set, else a new embedded
// one), the dev mailbox on (QA build) and the test hooks on.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

const port = process.env.E2E_PORT ?? "3100";
const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: process.env.E2E_AUTH_SECRET ?? "e2e-secret-not-for-production-0123456789abcdef",
  AUTH_URL: `http://localhost:${port}`,
  MAGIC_CODE_DEV_MAILBOX: "1",
  MAGIC_CODE_TEST_HOOKS: "1",
  RESEND_API_KEY: "",
};

if (process.env.DATABASE_URL) {
  const base = new URL(process.env.DATABASE_URL);
  const name = `magic_code_e2e_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  base.pathname = `/${name}`;
  env.DATABASE_URL = base.toString();
  console.log(`[e2e] database: fresh PostgreSQL database ${name}`);
} else {
  env.MAGIC_CODE_DATA_DIR = mkdtempSync(path.join(tmpdir(), "magic-code-e2e-"));
  console.log(`[e2e] database: fresh embedded database in ${env.MAGIC_CODE_DATA_DIR}`);
}

const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", port], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
