/**
 * Vitest global setup, run once before any worker starts (workers inherit the
 * environment set here).
 * - DATABASE_URL set: tests get their own fresh, migrated database on that
 *   server (`magic_code_test_<random>`), dropped afterwards, so a developer's
 *   data is never touched and the schema is exactly what migrations produce.
 * - Unset: the app's embedded PGlite runs in memory (lib/db.ts treats
 *   `memory://` that way and migrates it on open).
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations, pgRunner } from "../migrations";
import { createTestDatabase, dropTestDatabase } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the per-run test database, or null when tests use in-memory PGlite. */
    databaseUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  // Fixed so tests are reproducible; only used when nothing else is configured.
  process.env.AUTH_SECRET ||= "test-only-auth-secret-0123456789abcdef0123456789";

  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    process.env.MAGIC_CODE_DATA_DIR = "memory://";
    project.provide("databaseUrl", null);
    return;
  }

  const db = await createTestDatabase(serverUrl);
  try {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await applyMigrations(pgRunner(client));
    } finally {
      await client.end();
    }
  } catch (error) {
    await dropTestDatabase(serverUrl, db.name);
    throw error;
  }
  process.env.DATABASE_URL = db.url;
  project.provide("databaseUrl", db.url);

  return async () => {
    process.env.DATABASE_URL = serverUrl;
    await dropTestDatabase(serverUrl, db.name);
  };
}
