/**
 * Applies prisma/migrations/* at runtime without Prisma's native schema
 * engine (which cannot be downloaded everywhere and does not run against the
 * embedded PGlite database). Bookkeeping is deliberately identical to
 * `prisma migrate deploy` — same `_prisma_migrations` table, same checksum,
 * same advisory lock — so either tool can take over a database from the other.
 *
 * No `server-only` import: scripts (db:migrate) and tests use this module too.
 */
import { createHash, randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { Client, PoolClient } from "pg";

export type SqlRunner = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a multi-statement script (simple query protocol). */
  exec(text: string): Promise<void>;
  /**
   * Optional: run `fn` in one transaction that nobody else sharing this
   * connection can interleave with. Without it, BEGIN/COMMIT are sent via exec.
   */
  transaction?<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Optional identity of the underlying database session. Advisory locks are
   * re-entrant within one session, so calls sharing a session are queued
   * in-process instead.
   */
  session?: object;
};

export type MigrationOptions = {
  migrationsDir?: string;
  log?: (line: string) => void;
};

// The key Prisma's schema engine passes to pg_advisory_lock, so this runner
// and `prisma migrate deploy` also exclude each other.
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

// Verbatim from Prisma's PostgreSQL connector: `prisma migrate status` reads
// these exact columns.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

type LocalMigration = { name: string; script: string; checksum: string };

type MigrationRecord = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
};

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

export async function applyMigrations(
  runner: SqlRunner,
  options: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  const local = await readLocalMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const log = options.log ?? (() => {});

  return inSessionQueue(runner.session ?? runner, async () => {
    await runner.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})`);
    try {
      // Read the history only once the lock is held: another instance may have
      // just finished applying what we would otherwise apply twice.
      await ensureMigrationsTable(runner);
      const records = await readRecords(runner);
      assertHistoryUsable(local, records, log);

      const done = new Set(
        records.filter((r) => r.rolled_back_at === null).map((r) => r.migration_name),
      );
      const applied: string[] = [];
      for (const migration of local.filter((m) => !done.has(m.name))) {
        await applyOne(runner, migration);
        applied.push(migration.name);
        log(`migration applied: ${migration.name}`);
      }
      return { applied };
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK_KEY})`);
    }
  });
}

/** Names of local migrations not yet applied (no lock taken, nothing written). */
export async function listPendingMigrations(
  runner: SqlRunner,
  options: Pick<MigrationOptions, "migrationsDir"> = {},
): Promise<string[]> {
  const local = await readLocalMigrations(options.migrationsDir ?? defaultMigrationsDir());
  if (!(await migrationsTableExists(runner))) return local.map((m) => m.name);
  const done = new Set(
    (await readRecords(runner))
      .filter((r) => r.rolled_back_at === null && r.finished_at !== null)
      .map((r) => r.migration_name),
  );
  return local.filter((m) => !done.has(m.name)).map((m) => m.name);
}

export function pgRunner(client: Client | PoolClient): SqlRunner {
  return {
    session: client,
    async query<T>(text: string, params?: unknown[]) {
      const result = params ? await client.query(text, params) : await client.query(text);
      return { rows: result.rows as T[] };
    },
    async exec(text: string) {
      // No parameters: pg uses the simple protocol, which accepts many statements.
      await client.query(text);
    },
  };
}

export function pgliteRunner(db: PGlite): SqlRunner {
  const wrap = (target: PGlite | Transaction): SqlRunner => ({
    session: db,
    async query<T>(text: string, params?: unknown[]) {
      const result = await target.query<T>(text, params);
      return { rows: result.rows };
    },
    async exec(text: string) {
      await target.exec(text);
    },
  });
  return {
    ...wrap(db),
    // PGlite is one connection shared by the whole app; its own transaction()
    // holds its mutex so app queries cannot land inside a migration.
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
  };
}

/** SHA-256 hex of the file's bytes: what Prisma stores in `checksum`. */
export function migrationChecksum(script: string | Buffer): string {
  return createHash("sha256").update(script).digest("hex");
}

async function readLocalMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  await assertLockfileProvider(dir);
  // Same ordering as the Prisma CLI's migration listing.
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const bytes = await readFile(file).catch((error: Error) => {
        throw new Error(`Cannot read migration ${name}: ${file} (${error.message})`);
      });
      return { name, script: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    }),
  );
}

// Prisma refuses to run migrations written for another database; so do we.
async function assertLockfileProvider(dir: string): Promise<void> {
  const lock = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  const provider = lock?.match(/^\s*provider\s*=\s*"([^"]*)"/m)?.[1];
  if (provider !== undefined && provider !== "postgresql") {
    throw new Error(
      `prisma/migrations was generated for "${provider}" (migration_lock.toml), not PostgreSQL`,
    );
  }
}

async function migrationsTableExists(runner: SqlRunner): Promise<boolean> {
  const { rows } = await runner.query<{ exists: boolean }>(
    `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`,
  );
  return rows[0]?.exists === true;
}

async function ensureMigrationsTable(runner: SqlRunner): Promise<void> {
  if (await migrationsTableExists(runner)) return;
  // Like Prisma (P3005): a schema that already has tables but no history was
  // made some other way (db push, hand-written SQL); replaying "init" over it
  // would fail halfway or, worse, half-succeed.
  const { rows } = await runner.query<{ schema: string; relations: number }>(
    `SELECT current_schema() AS "schema", count(*)::int AS "relations"
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
  );
  const { schema, relations } = rows[0] ?? { schema: "?", relations: 0 };
  if (relations > 0) {
    throw new Error(
      `Database schema "${schema}" is not empty but has no _prisma_migrations table; ` +
        `baseline it before migrating (https://pris.ly/d/migrate-baseline)`,
    );
  }
  await runner.exec(CREATE_MIGRATIONS_TABLE);
}

async function readRecords(runner: SqlRunner): Promise<MigrationRecord[]> {
  const { rows } = await runner.query<MigrationRecord>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
       FROM _prisma_migrations ORDER BY started_at`,
  );
  return rows;
}

function assertHistoryUsable(
  local: LocalMigration[],
  records: MigrationRecord[],
  log: (line: string) => void,
): void {
  const failed = records.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length > 0) {
    const names = failed.map((r) => r.migration_name).join(", ");
    throw new Error(
      `Refusing to migrate: migration ${names} is recorded as failed in _prisma_migrations. ` +
        `Fix the database, then mark it with \`prisma migrate resolve --rolled-back <name>\` ` +
        `(or set rolled_back_at) and retry`,
    );
  }

  const byName = new Map(local.map((m) => [m.name, m]));
  for (const record of records) {
    if (record.rolled_back_at !== null) continue;
    const file = byName.get(record.migration_name);
    if (!file) {
      // Prisma's deploy tolerates this too (e.g. an older build of the app
      // starting against a newer database), so warn rather than refuse.
      log(`migration ${record.migration_name} is applied but missing from prisma/migrations`);
      continue;
    }
    if (!checksumMatches(file.script, record.checksum)) {
      throw new Error(
        `Refusing to migrate: prisma/migrations/${record.migration_name}/migration.sql was ` +
          `modified after it was applied (checksum differs from _prisma_migrations). ` +
          `Restore the file and put the change in a new migration`,
      );
    }
  }
}

// Mirrors Prisma's script_matches_checksum: git may have flipped line endings,
// and very old Prisma versions stored hex without zero padding.
function checksumMatches(script: string, recorded: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const rendered =
      recorded.length === 64
        ? digest.toString("hex")
        : Array.from(digest, (byte) => byte.toString(16)).join("");
    return rendered === recorded;
  });
}

async function applyOne(runner: SqlRunner, migration: LocalMigration): Promise<void> {
  // Unlike Prisma, the history row goes in the same transaction as the script:
  // on PostgreSQL a failed migration then leaves no trace at all, instead of a
  // "failed" row that blocks every later start until someone resolves it.
  try {
    await inTransaction(runner, async (tx) => {
      const id = randomUUID();
      await tx.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)`,
        [id, migration.checksum, migration.name],
      );
      await tx.exec(migration.script);
      await tx.query(
        `UPDATE _prisma_migrations
            SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
          WHERE id = $1`,
        [id],
      );
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, {
      cause: error,
    });
  }
}

async function inTransaction(runner: SqlRunner, fn: (tx: SqlRunner) => Promise<void>) {
  if (runner.transaction) return runner.transaction(fn);
  await runner.exec("BEGIN");
  try {
    await fn(runner);
    await runner.exec("COMMIT");
  } catch (error) {
    await runner.exec("ROLLBACK").catch(() => {});
    throw error;
  }
}

const sessionQueues = new WeakMap<object, Promise<unknown>>();

function inSessionQueue<T>(session: object, fn: () => Promise<T>): Promise<T> {
  const previous = sessionQueues.get(session) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  sessionQueues.set(
    session,
    run.catch(() => {}),
  );
  return run;
}
