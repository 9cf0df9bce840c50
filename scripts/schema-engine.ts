// Dev-only bridge to Prisma's schema engine compiled to WebAssembly. Prisma 7's
// CLI needs native engine binaries that cannot be downloaded here, but the wasm
// build of the same engine runs in-process against a driver adapter, so we get
// Prisma's own migration SQL and schema diffs without any binary.
// `@prisma/schema-engine-wasm` is an internal Prisma package: keep its version
// pinned to node_modules/@prisma/engines-version and never import this file
// from app code.
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type {
  MigrationList,
  SchemaContainer,
  SchemaEngine,
} from "@prisma/schema-engine-wasm";

export type { MigrationList, SchemaContainer, SchemaEngine };

// Structural type of what the engine expects: a migration-aware driver adapter
// factory (PrismaPGlite, PrismaPg) before error-capturing wrapping.
export type MigrationAwareAdapterFactory = {
  readonly provider: string;
  readonly adapterName: string;
  connect(): Promise<unknown>;
  connectToShadowDb(): Promise<unknown>;
};

const require = createRequire(import.meta.url);

// The engine talks to adapters through Prisma's Result-returning wrapper. That
// helper lives in @prisma/driver-adapter-utils, which we do not depend on
// directly: resolve it through @prisma/adapter-pg so we get the copy matching
// the installed Prisma version regardless of how npm hoisted it.
function bindAdapter(factory: MigrationAwareAdapterFactory): object {
  const fromAdapterPg = createRequire(require.resolve("@prisma/adapter-pg"));
  const utils = fromAdapterPg("@prisma/driver-adapter-utils") as {
    bindMigrationAwareSqlAdapterFactory(f: MigrationAwareAdapterFactory): object;
  };
  return utils.bindMigrationAwareSqlAdapterFactory(factory);
}

// wasm-bindgen's "bundler" output imports the .wasm file as an ES module, which
// Node cannot do without a flag; instantiate it by hand instead (this mirrors
// what @prisma/internals did when Prisma 6 shipped the wasm engine). The glue
// module keeps global state, so instantiate once per process.
let engineClass: Promise<typeof SchemaEngine> | undefined;

// The wasm panic hook reports through this global; without it a Rust panic
// surfaces as a TypeError about the missing registry instead of its message.
const panicRegistry = { message: "", set_message(m: string) { this.message = m; } };
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;

function loadEngineClass(): Promise<typeof SchemaEngine> {
  engineClass ??= (async () => {
    const glue = (await import(
      "@prisma/schema-engine-wasm/schema_engine_bg"
    )) as typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const wasmPath = path.join(
      path.dirname(require.resolve("@prisma/schema-engine-wasm")),
      "schema_engine_bg.wasm",
    );
    const module = new WebAssembly.Module(await readFile(wasmPath));
    const instance = new WebAssembly.Instance(module, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return engineClass;
}

/** Runs `fn` with a schema engine whose main and shadow databases come from `adapter`. */
export async function withSchemaEngine<T>(
  adapter: MigrationAwareAdapterFactory,
  schemaFiles: SchemaContainer[] | undefined,
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const Engine = await loadEngineClass();
  const engine = await Engine.new(
    { datamodels: schemaFiles?.map((f) => [f.path, f.content]) },
    (line: string) => {
      if (process.env.DEBUG_SCHEMA_ENGINE) console.error("[schema-engine]", line);
    },
    bindAdapter(adapter),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

export async function readSchemaFiles(schemaPath: string): Promise<SchemaContainer[]> {
  return [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }];
}

/** Same listing the Prisma CLI hands to the engine (see its `listMigrations`). */
export async function readMigrationsList(baseDir: string): Promise<MigrationList> {
  const lockPath = "migration_lock.toml";
  const lockContent = await readFile(path.join(baseDir, lockPath), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => ({
        path: e.name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(baseDir, e.name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (error: Error) => ({ tag: "error" as const, value: error.message }),
          ),
        },
      })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export const noFilters = { externalTables: [], externalEnums: [] };

// What Prisma writes next to the migrations (its `writeMigrationLockfile`).
export const MIGRATION_LOCK = `# Please do not edit this file manually
# It should be added in your version-control system (e.g., Git)
provider = "postgresql"
`;

/**
 * The SQL that takes the committed migrations to the schema, or null if they
 * already match: `prisma migrate diff --from-migrations --to-schema --script`,
 * which renders exactly what `prisma migrate dev --create-only` writes.
 * (The wasm engine's createMigration cannot reach a PostgreSQL shadow database,
 * its diff can.)
 */
export async function pendingSchemaChange(
  migrationsDir: string,
  schemaPath: string,
): Promise<string | null> {
  const schemaFiles = await readSchemaFiles(schemaPath);
  const migrations = await readMigrationsList(migrationsDir);
  // The engine reads the provider from the lockfile; the very first migration
  // has none yet.
  migrations.lockfile.content ??= MIGRATION_LOCK;
  // The main database is never touched by a migrations → schema diff; the
  // adapter opens a fresh in-memory PGlite as shadow database for the replay.
  const main = new PGlite();
  try {
    const result = await withSchemaEngine(new PrismaPGlite(main), schemaFiles, (engine) =>
      engine.diff({
        from: { tag: "migrations", ...migrations },
        to: { tag: "schemaDatamodel", files: schemaFiles },
        script: true,
        exitCode: true, // 2 when there is something to migrate, 0 when not
        filters: noFilters,
      }),
    );
    return result.exitCode === 2 ? (result.stdout ?? "") : null;
  } finally {
    await main.close();
  }
}


// The engine describes a PostgreSQL database by querying pg_catalog, whose
// `"char"` columns (relkind, contype, ...) @prisma/adapter-pg 7.10 rejects as
// an unsupported type, while pglite-prisma-adapter passes them as text. pg
// already hands such values over as strings, so relabelling the column type
// (OID 18 → text) is all the engine needs.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

function relabelCharColumns<R>(result: R): R {
  for (const field of (result as { fields?: { dataTypeID: number }[] })?.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

class CatalogReadingClient extends pg.Client {
  // pg.Pool calls the callback form, the adapter's transactions the promise form.
  override query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: Error | null, result: unknown) =>
        (last as (e: Error | null, r: unknown) => void)(error, error ? result : relabelCharColumns(result));
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    return (
      returned instanceof Promise ? returned.then(relabelCharColumns) : returned
    ) as never;
  }
}

/**
 * A PrismaPg adapter factory the schema engine can read a PostgreSQL database
 * through (see above). `close()` ends its pool; the engine never does.
 */
export function pgAdapterForSchemaEngine(connectionString: string): {
  adapter: PrismaPg;
  close(): Promise<void>;
} {
  const pool = new pg.Pool({ connectionString, max: 2, Client: CatalogReadingClient });
  pool.on("error", () => {}); // idle clients of a dropped test database
  return { adapter: new PrismaPg(pool), close: () => pool.end() };
}
