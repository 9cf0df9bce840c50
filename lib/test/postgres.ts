// Throw-away PostgreSQL databases for tests, created on the server that
// DATABASE_URL points at so parallel runs (and developers' own data) never
// collide.
import { randomBytes } from "node:crypto";
import pg from "pg";

export type TestDatabase = { name: string; url: string };

/** `url` with its database name replaced; credentials and options kept. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

async function onServer<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `magic_code_test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return { name, url: withDatabaseName(serverUrl, name) };
}

export async function dropTestDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, async (c) => {
    // FORCE (PostgreSQL 13+) also ends connections a crashed worker left open.
    await c
      .query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      .catch(() => c.query(`DROP DATABASE IF EXISTS "${name}"`));
  });
}
