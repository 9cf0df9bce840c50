/**
 * `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL, or
 * to the embedded PGlite database (MAGIC_CODE_DATA_DIR, default .data/pglite)
 * when DATABASE_URL is unset — the same targets lib/db.ts opens. Uses
 * lib/migrations (not `prisma migrate deploy`) so it works without Prisma's
 * native engines; the bookkeeping is the same, so either tool can be used.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { applyMigrations, pgliteRunner, pgRunner } from "../lib/migrations";

async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await applyMigrations(pgRunner(client), { log: console.log })).applied;
  } finally {
    await client.end();
  }
}

async function migrateEmbedded(dir: string): Promise<string[]> {
  if (dir !== "memory://") mkdirSync(path.resolve(dir), { recursive: true });
  const db = dir === "memory://" ? new PGlite() : new PGlite(path.resolve(dir));
  try {
    await db.waitReady;
    return (await applyMigrations(pgliteRunner(db), { log: console.log })).applied;
  } finally {
    await db.close();
  }
}

// Error texts from pg or from a bad URL can echo parts of the connection
// string; make sure the password never reaches the terminal or CI logs.
function redact(text: string, url: string | undefined): string {
  let out = text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, "$1***@");
  try {
    const password = url ? new URL(url).password : "";
    for (const secret of [password, decodeURIComponent(password)]) {
      if (secret) out = out.split(secret).join("***");
    }
  } catch {
    // unparsable URL: the regex above already covered the usual shape
  }
  return out;
}

function describe(url: string | undefined, dir: string): string {
  if (!url) return `embedded database ${dir}`;
  try {
    const { hostname, port, pathname } = new URL(url);
    return `${hostname}:${port || 5432}${pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || undefined;
  const dir = process.env.MAGIC_CODE_DATA_DIR || path.join(".data", "pglite");
  try {
    const applied = url ? await migratePostgres(url) : await migrateEmbedded(dir);
    if (applied.length === 0) console.log(`database is up to date (${describe(url, dir)})`);
    else console.log(`${applied.length} migration(s) applied to ${describe(url, dir)}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const oneLine = message.replace(/\s*\n\s*/g, " ").trim();
    console.error(`db:migrate failed (${describe(url, dir)}): ${redact(oneLine, url)}`);
    process.exitCode = 1;
  }
}

await main();
