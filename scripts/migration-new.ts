/**
 * `npm run db:migration:new -- <name>`: writes the next migration the way
 * `prisma migrate dev --create-only --name <name>` would, without a database
 * or Prisma's native engines. The committed migrations are replayed into an
 * in-memory PGlite shadow database and diffed against prisma/schema.prisma by
 * Prisma's own schema engine (wasm build), so the SQL is Prisma's, verbatim.
 * Dev tool only: it relies on @prisma/schema-engine-wasm (devDependency).
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { MIGRATION_LOCK, pendingSchemaChange } from "./schema-engine";

// Prisma slugifies --name with separator "_" and cuts it at 200 characters.
function migrationSlug(input: string): string {
  return input
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z\d]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

// Prisma's engine names directories with the UTC time, `%Y%m%d%H%M%S`.
function timestamp(now = new Date()): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}

async function main(): Promise<void> {
  const name = migrationSlug(process.argv.slice(2).join(" "));
  if (!name) throw new Error("usage: npm run db:migration:new -- <name>");

  const root = process.cwd();
  const migrationsDir = path.join(root, "prisma", "migrations");
  const script = await pendingSchemaChange(migrationsDir, path.join(root, "prisma", "schema.prisma"));
  if (script === null) {
    console.log("no changes: prisma/migrations already matches prisma/schema.prisma");
    return;
  }

  const dirName = `${timestamp()}_${name}`;
  const dir = path.join(migrationsDir, dirName);
  if (existsSync(dir)) throw new Error(`The migration directory already exists at ${dir}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), script, "utf8");
  await writeFile(path.join(migrationsDir, "migration_lock.toml"), MIGRATION_LOCK, "utf8");
  console.log(`created prisma/migrations/${dirName}/migration.sql`);
  // Prisma would prefix destructive migrations with a "Warnings:" comment, but
  // the wasm engine cannot run its data-loss check here; say it instead.
  if (/\bDROP\b|SET NOT NULL|SET DATA TYPE/.test(script)) {
    console.warn("warning: this migration drops or narrows something; data may be lost or it may fail on a non-empty table");
  }
  console.log("review it, then run `npm run db:migrate` (the app also applies it on start)");
}

// Shadow PGlite instances opened by the adapter are never closed by the
// engine, so exit explicitly instead of waiting for the event loop to drain.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`db:migration:new failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
