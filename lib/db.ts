import "server-only";
import path from "node:path";
import { mkdirSync } from "node:fs";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { applyMigrations, pgliteRunner, pgRunner } from "@/lib/migrations";
import { logError, logLine } from "@/lib/log";
import { countRoundTrips } from "@/lib/bench/round-trips";

/**
 * The one Prisma client. `DATABASE_URL` set: PostgreSQL through
 * @prisma/adapter-pg. Unset: embedded PostgreSQL (PGlite) persisted under
 * `.data/`, so a fresh clone runs with zero configuration. Either way pending
 * migrations are applied on first use under an advisory lock (several
 * instances may start together); see docs/decisions/0002-migrations-without-prisma-engines.md.
 */
export type Db = PrismaClient;

type Holder = { db?: Promise<Db>; describe?: string };
// Survives Next's dev hot reloads, which would otherwise open the embedded
// database twice (PGlite allows one owner per folder).
const holder: Holder = ((globalThis as { __magicCodeDb?: Holder }).__magicCodeDb ??= {});

export function getDb(): Promise<Db> {
  holder.db ??= openDb().catch((error: unknown) => {
    holder.db = undefined; // let the next request retry (database restarted)
    throw error;
  });
  return holder.db;
}

/** Human description of the database in use, for start-up logs. */
export function describeDb(): string {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return env.MAGIC_CODE_DATA_DIR === "memory://"
    ? "embedded PostgreSQL (PGlite, in memory)"
    : `embedded PostgreSQL (PGlite) in ${env.MAGIC_CODE_DATA_DIR}`;
}

async function openDb(): Promise<Db> {
  const env = getEnv();
  const migrateOnStart = env.MAGIC_CODE_MIGRATE_ON_START;
  if (env.DATABASE_URL) {
    const [{ PrismaPg }, pg] = await Promise.all([import("@prisma/adapter-pg"), import("pg")]);
    if (migrateOnStart) {
      const client = new pg.default.Client({ connectionString: env.DATABASE_URL, connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        await applyMigrations(pgRunner(client), { log: logLine });
      } finally {
        await client.end();
      }
    }
    // S11: a database that does not answer fails the request in seconds (a
    // clear message) instead of hanging it; connections dropped by a restart
    // are logged and replaced by the pool, with no app restart.
    const adapter = new PrismaPg(
      { connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE, connectionTimeoutMillis: 5000 },
      { onPoolError: (error) => logError("database: an idle connection failed (the pool replaces it)", error) },
    );
    return new PrismaClient({ adapter: countRoundTrips(adapter) });
  }

  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const dir = env.MAGIC_CODE_DATA_DIR;
  let pglite;
  if (dir === "memory://") {
    pglite = new PGlite();
  } else {
    const absolute = path.resolve(dir);
    mkdirSync(absolute, { recursive: true });
    pglite = new PGlite(absolute);
  }
  await pglite.waitReady;
  await applyMigrations(pgliteRunner(pglite), { log: logLine });
  return new PrismaClient({ adapter: countRoundTrips(new PrismaPGlite(pglite)) });
}
