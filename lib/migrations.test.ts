/**
 * Proves prisma/migrations and prisma/schema.prisma agree, and that
 * lib/migrations applies them the way `prisma migrate deploy` would: on the
 * embedded PGlite always, and on PostgreSQL too when DATABASE_URL is set
 * (each test then gets its own fresh database on that server).
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import {
  applyMigrations,
  listPendingMigrations,
  migrationChecksum,
  pgliteRunner,
  pgRunner,
  type SqlRunner,
} from "@/lib/migrations";
import { createTestDatabase, dropTestDatabase } from "@/lib/test/postgres";
// Dev-only: Prisma's schema engine (wasm) is the judge of "schema matches".
import {
  noFilters,
  pendingSchemaChange,
  pgAdapterForSchemaEngine,
  readSchemaFiles,
  withSchemaEngine,
} from "@/scripts/schema-engine";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const migrationsDir = path.join(root, "prisma", "migrations");
const schemaPath = path.join(root, "prisma", "schema.prisma");

/** A fresh, empty database plus the ways the app talks to it. */
type Target = {
  runner: SqlRunner;
  /** Extra independent connections (PostgreSQL) or the same database (PGlite). */
  connect(): Promise<{ runner: SqlRunner; close(): Promise<void> }>;
  /** Driver adapter for Prisma Client. */
  adapter: PrismaPGlite | PrismaPg;
  /** Driver adapter the schema engine can describe this database through. */
  engineAdapter(): { adapter: PrismaPGlite | PrismaPg; close(): Promise<void> };
  close(): Promise<void>;
};

const pgliteTarget = async (): Promise<Target> => {
  const db = new PGlite();
  await db.waitReady;
  return {
    runner: pgliteRunner(db),
    connect: async () => ({ runner: pgliteRunner(db), close: async () => {} }),
    adapter: new PrismaPGlite(db),
    engineAdapter: () => ({ adapter: new PrismaPGlite(db), close: async () => {} }),
    close: () => db.close(),
  };
};

const serverUrl = process.env.DATABASE_URL;

const postgresTarget = async (): Promise<Target> => {
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const { name, url } = await createTestDatabase(serverUrl);
  const clients: pg.Client[] = [];
  const closers: (() => Promise<void>)[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return { runner: pgRunner(client), close: () => client.end() };
  };
  const main = await connect();
  // Our own pool, so it can be closed before the database is dropped.
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => {}); // dropped database: idle clients die, that's fine
  return {
    runner: main.runner,
    connect,
    adapter: new PrismaPg(pool),
    engineAdapter: () => {
      const engine = pgAdapterForSchemaEngine(url);
      closers.push(engine.close);
      return engine;
    },
    close: async () => {
      await Promise.allSettled(clients.map((c) => c.end()));
      await Promise.allSettled(closers.map((close) => close()));
      await pool.end().catch(() => {});
      await dropTestDatabase(serverUrl, name);
    },
  };
};

// Every target built by a test is closed at the end of the file.
const opened: Target[] = [];
afterAll(async () => {
  await Promise.allSettled(opened.map((t) => t.close()));
});

async function localMigrationNames(dir = migrationsDir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** A scratch copy of prisma/migrations, optionally with extra migrations. */
async function migrationsCopy(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "magic-code-migrations-"));
  await cp(migrationsDir, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function historyRows(runner: SqlRunner) {
  const { rows } = await runner.query<{
    id: string;
    checksum: string;
    migration_name: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    logs: string | null;
    applied_steps_count: number;
  }>(`SELECT * FROM _prisma_migrations ORDER BY migration_name`);
  return rows;
}

describe("test environment (lib/test/global-setup.ts)", () => {
  it("never points tests at a developer's database", () => {
    const url = inject("databaseUrl");
    if (url === null) {
      expect(process.env.DATABASE_URL ?? "").toBe("");
      expect(process.env.MAGIC_CODE_DATA_DIR).toBe("memory://");
    } else {
      expect(process.env.DATABASE_URL).toBe(url);
      expect(new URL(url).pathname).toMatch(/^\/magic_code_test_[0-9a-f]{12}$/);
    }
    expect(process.env.AUTH_SECRET?.length).toBeGreaterThanOrEqual(32);
  });

  it("hands workers a database that is already migrated", async () => {
    const url = inject("databaseUrl");
    if (url === null) return; // embedded PGlite: lib/db.ts migrates it on open
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await listPendingMigrations(pgRunner(client))).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

describe("prisma/migrations", () => {
  // The wasm schema engine replays every migration into a shadow database:
  // ~10 s alone, several times that beside other test files on two cores.
  it("contains every change in prisma/schema.prisma (db:migration:new has nothing to add)", { timeout: 120_000 }, async () => {
    expect(await pendingSchemaChange(migrationsDir, schemaPath)).toBeNull();
  });

  it("has a lockfile for PostgreSQL, as Prisma Migrate expects", async () => {
    const lock = await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8");
    expect(lock).toMatch(/^provider = "postgresql"$/m);
  });
});

const backends = [
  { name: "embedded PGlite", fresh: pgliteTarget, enabled: true },
  { name: "PostgreSQL (DATABASE_URL)", fresh: postgresTarget, enabled: Boolean(serverUrl) },
];

for (const backend of backends) {
  describe.runIf(backend.enabled)(`migrations on ${backend.name}`, () => {
    const fresh = async () => {
      const target = await backend.fresh();
      opened.push(target);
      return target;
    };

    it("applies every migration once and records it exactly like prisma migrate", async () => {
      const { runner } = await fresh();
      const names = await localMigrationNames();
      expect(names.length).toBeGreaterThan(0);
      expect(await listPendingMigrations(runner)).toEqual(names);

      expect((await applyMigrations(runner)).applied).toEqual(names);

      const rows = await historyRows(runner);
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      for (const row of rows) {
        const file = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(migrationChecksum(file));
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.logs).toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
      expect(await listPendingMigrations(runner)).toEqual([]);
    });

    it("(a) leaves the database exactly as prisma/schema.prisma describes", async () => {
      const target = await fresh();
      await applyMigrations(target.runner);
      const schemaFiles = await readSchemaFiles(schemaPath);
      const { adapter, close } = target.engineAdapter();
      const diff = await withSchemaEngine(adapter, schemaFiles, (engine) =>
        engine.diff({
          from: { tag: "schemaDatasource", files: schemaFiles, configDir: root },
          to: { tag: "schemaDatamodel", files: schemaFiles },
          script: true,
          exitCode: true,
          filters: noFilters,
        }),
      ).finally(close);
      // On failure the message is the SQL that would fix the database.
      expect(diff.exitCode, diff.stdout ?? "").toBe(0);
    });

    it("(b) writes and reads back every model through Prisma Client", async () => {
      const target = await fresh();
      await applyMigrations(target.runner);
      const prisma = new PrismaClient({ adapter: target.adapter });
      const covered = new Set<string>();
      try {
        const at = new Date("2030-01-02T03:04:05.678Z");

        const user = await prisma.user.create({
          data: { id: "u1", email: "ada@example.com", emailVerified: at },
        });
        covered.add(Prisma.ModelName.User);
        expect(await prisma.user.findUniqueOrThrow({ where: { email: "ada@example.com" } })).toEqual(user);
        expect(user.emailVerified).toEqual(at); // millisecond precision survives
        expect(user.createdAt).toBeInstanceOf(Date);
        const renamed = await prisma.user.update({
          where: { id: "u1" },
          data: { email: "ada@example.org" },
        });
        expect(renamed.updatedAt.getTime()).toBeGreaterThanOrEqual(user.updatedAt.getTime());
        await expect(
          prisma.user.create({ data: { id: "u2", email: "ada@example.org" } }),
        ).rejects.toMatchObject({ code: "P2002" });

        const challenge = await prisma.challenge.create({
          data: {
            id: "c1",
            email: "ada@example.org",
            purpose: "sign-in",
            userId: "u1",
            codeHash: "code-hmac",
            linkTokenHash: "link-sha256",
            browserHash: "browser-sha256",
            maxAttempts: 5,
            expiresAt: at,
            ip: "203.0.113.7",
            userAgent: "Vitest",
          },
        });
        covered.add(Prisma.ModelName.Challenge);
        expect(challenge.attempts).toBe(0);
        expect(challenge.consumedAt).toBeNull();
        expect(
          await prisma.challenge.findUniqueOrThrow({
            where: { linkTokenHash: "link-sha256" },
            include: { user: true },
          }),
        ).toEqual({ ...challenge, user: renamed });

        const session = await prisma.session.create({
          data: { id: "s1", userId: "u1", expiresAt: at, ip: null, userAgent: "Vitest" },
        });
        covered.add(Prisma.ModelName.Session);
        expect(
          await prisma.user.findUniqueOrThrow({
            where: { id: "u1" },
            include: { sessions: true, challenges: true },
          }),
        ).toEqual({ ...renamed, sessions: [session], challenges: [challenge] });

        const message = await prisma.mailboxMessage.create({
          data: { id: "m1", to: "ada@example.org", subject: "Code", text: "123456", html: "<p>123456</p>" },
        });
        covered.add(Prisma.ModelName.MailboxMessage);
        expect(
          await prisma.mailboxMessage.findMany({ where: { to: "ada@example.org" }, orderBy: { createdAt: "desc" } }),
        ).toEqual([message]);

        const limit = await prisma.emailLimit.create({ data: { mailboxKey: "k1" } });
        covered.add(Prisma.ModelName.EmailLimit);
        expect(limit).toMatchObject({ sendCount: 0, failCount: 0, failStreak: 0 });
        const counted = await prisma.emailLimit.update({
          where: { mailboxKey_browser: { mailboxKey: "k1", browser: "" } },
          data: { sendCount: { increment: 1 }, failStreak: { increment: 2 } },
        });
        expect(await prisma.emailLimit.findUniqueOrThrow({ where: { mailboxKey_browser: { mailboxKey: "k1", browser: "" } } })).toEqual(
          counted,
        );
        expect(counted).toMatchObject({ sendCount: 1, failStreak: 2 });

        const event = await prisma.authEvent.create({
          data: { id: "e1", userId: "u1", email: "ada@example.org", type: "sign-in", ip: "203.0.113.7" },
        });
        const anonymous = await prisma.authEvent.create({
          data: { id: "e2", type: "sign-in-failed", detail: "wrong code" },
        });
        covered.add(Prisma.ModelName.AuthEvent);
        expect(event.createdAt).toBeInstanceOf(Date);
        expect(
          await prisma.user.findUniqueOrThrow({ where: { id: "u1" }, select: { events: true } }),
        ).toEqual({ events: [event] });

        const device = await prisma.deviceAuthorization.create({
          data: { id: "d1", deviceCodeHash: "device-sha256", userCodeHash: "user-code-hmac", clientId: "magic-code-cli", scope: "profile", interval: 5, expiresAt: at, userId: "u1" },
        });
        covered.add(Prisma.ModelName.DeviceAuthorization);
        expect(await prisma.deviceAuthorization.findUniqueOrThrow({ where: { userCodeHash: "user-code-hmac" } })).toEqual(device);
        expect(device).toMatchObject({ approvedAt: null, consumedAt: null, lastPolledAt: null });

        const token = await prisma.accessToken.create({
          data: { id: "t1", tokenHash: "token-sha256", userId: "u1", clientId: "magic-code-cli", scope: "profile", grant: "device", expiresAt: at },
        });
        covered.add(Prisma.ModelName.AccessToken);
        expect(await prisma.accessToken.findUniqueOrThrow({ where: { tokenHash: "token-sha256" } })).toEqual(token);
        await expect(
          prisma.accessToken.create({ data: { id: "t2", tokenHash: "token-sha256", userId: "u1", clientId: "x", scope: "", grant: "code", expiresAt: at } }),
        ).rejects.toMatchObject({ code: "P2002" });

        const guesses = await prisma.guessLimit.create({ data: { key: "user:u1" } });
        covered.add(Prisma.ModelName.GuessLimit);
        expect(guesses).toMatchObject({ count: 0 });

        const account = await prisma.account.create({
          data: { provider: "github", providerAccountId: "42", userId: "u1" },
        });
        covered.add(Prisma.ModelName.Account);
        expect(
          await prisma.account.findUniqueOrThrow({ where: { provider_providerAccountId: { provider: "github", providerAccountId: "42" } } }),
        ).toEqual(account);
        // One provider account belongs to one user.
        await expect(
          prisma.account.create({ data: { provider: "github", providerAccountId: "42", userId: "u1" } }),
        ).rejects.toThrow();

        const undo = await prisma.emailChangeUndo.create({
          data: { id: "x1", tokenHash: "h1", userId: "u1", oldEmail: "ada@example.com", newEmail: "ada@example.org", expiresAt: at },
        });
        covered.add(Prisma.ModelName.EmailChangeUndo);
        expect(await prisma.emailChangeUndo.findUniqueOrThrow({ where: { tokenHash: "h1" } })).toEqual(undo);
        expect(undo.usedAt).toBeNull();
        const known = await prisma.knownBrowser.create({ data: { userId: "u1", browserHash: "b1" } });
        covered.add(Prisma.ModelName.KnownBrowser);
        expect(await prisma.knownBrowser.findUniqueOrThrow({ where: { userId_browserHash: { userId: "u1", browserHash: "b1" } } })).toEqual(known);

        const passkey = await prisma.passkey.create({
          data: { id: "cred-1", userId: "u1", publicKey: Buffer.from([1, 2, 3]), counter: 7n, transports: ["internal", "hybrid"], aaguid: "00000000-0000-0000-0000-000000000000", name: "Laptop" },
        });
        covered.add(Prisma.ModelName.Passkey);
        expect(await prisma.passkey.findUniqueOrThrow({ where: { id: "cred-1" } })).toEqual(passkey);
        expect(passkey).toMatchObject({ counter: 7n, backedUp: false, lastUsedAt: null, transports: ["internal", "hybrid"] });
        const webauthnChallenge = await prisma.passkeyChallenge.create({
          data: { challenge: "c1", purpose: "sign-in", browserHash: "b1", expiresAt: at },
        });
        covered.add(Prisma.ModelName.PasskeyChallenge);
        expect(await prisma.passkeyChallenge.findUniqueOrThrow({ where: { challenge: "c1" } })).toEqual(webauthnChallenge);

        // Relations were created with ON DELETE CASCADE.
        await prisma.user.delete({ where: { id: "u1" } });
        expect(await prisma.passkey.count()).toBe(0);
        expect(await prisma.knownBrowser.count()).toBe(0);
        expect(await prisma.account.count()).toBe(0);
        expect(await prisma.emailChangeUndo.count()).toBe(0);
        expect(await prisma.session.count()).toBe(0);
        expect(await prisma.challenge.count()).toBe(0);
        expect(await prisma.deviceAuthorization.count()).toBe(0);
        expect(await prisma.accessToken.count()).toBe(0);
        expect(await prisma.authEvent.findMany()).toEqual([anonymous]);
      } finally {
        await prisma.$disconnect();
      }
      // A new model must be added to this test too.
      expect([...covered].sort()).toEqual(Object.values(Prisma.ModelName).sort());
    });

    it("(c) is idempotent: a second run applies nothing and writes nothing", async () => {
      const { runner } = await fresh();
      await applyMigrations(runner);
      const before = await historyRows(runner);
      const lines: string[] = [];
      expect(await applyMigrations(runner, { log: (l) => lines.push(l) })).toEqual({ applied: [] });
      expect(await historyRows(runner)).toEqual(before);
      expect(lines).toEqual([]);
    });

    it("(c) applies each migration exactly once when instances start together", async () => {
      const target = await fresh();
      const dir = await migrationsCopy({
        "29990101000000_probe_a": `CREATE TABLE "ProbeA" ("id" TEXT PRIMARY KEY);\n`,
        "29990101000001_probe_b": `ALTER TABLE "ProbeA" ADD COLUMN "note" TEXT;\n`,
      });
      try {
        const connections = await Promise.all(Array.from({ length: 6 }, () => target.connect()));
        const results = await Promise.all(
          connections.map((c) => applyMigrations(c.runner, { migrationsDir: dir })),
        );
        await Promise.all(connections.map((c) => c.close()));
        const names = await localMigrationNames(dir);
        expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
        expect((await historyRows(target.runner)).map((r) => r.migration_name)).toEqual(names);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("applies later migrations incrementally; a failing one is rolled back and not recorded", async () => {
      const { runner } = await fresh();
      await applyMigrations(runner);
      const broken = await migrationsCopy({
        "29990101000000_broken": `CREATE TABLE "Half" ("id" INT);\nSELECT 1/0;\n`,
      });
      const fixed = await migrationsCopy({
        "29990101000000_fixed": `CREATE TABLE "Half" ("id" INT);\n`,
      });
      try {
        await expect(applyMigrations(runner, { migrationsDir: broken })).rejects.toThrow(
          /29990101000000_broken failed and was rolled back: division by zero/,
        );
        const { rows } = await runner.query(`SELECT to_regclass('"Half"') AS t`);
        expect(rows[0]).toEqual({ t: null });
        expect((await historyRows(runner)).map((r) => r.migration_name)).not.toContain(
          "29990101000000_broken",
        );

        expect(await applyMigrations(runner, { migrationsDir: fixed })).toEqual({
          applied: ["29990101000000_fixed"],
        });
      } finally {
        await rm(broken, { recursive: true, force: true });
        await rm(fixed, { recursive: true, force: true });
      }
    });

    it("(d) refuses to run when an applied migration's file was changed", async () => {
      const { runner } = await fresh();
      await applyMigrations(runner);
      const [first] = await localMigrationNames();
      await runner.query(`UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2`, [
        "0".repeat(64),
        first,
      ]);
      await expect(applyMigrations(runner)).rejects.toThrow(
        new RegExp(`${first}/migration.sql was modified after it was applied`),
      );
    });

    it("accepts a checksum taken with CRLF line endings (git on Windows), like Prisma", async () => {
      const { runner } = await fresh();
      await applyMigrations(runner);
      const [first = ""] = await localMigrationNames();
      const text = await readFile(path.join(migrationsDir, first, "migration.sql"), "utf8");
      await runner.query(`UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2`, [
        migrationChecksum(text.replaceAll("\n", "\r\n")),
        first,
      ]);
      expect(await applyMigrations(runner)).toEqual({ applied: [] });
    });

    it("refuses to run while a migration is recorded as failed", async () => {
      const { runner } = await fresh();
      await applyMigrations(runner);
      await runner.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs)
         VALUES ('00000000-0000-4000-8000-000000000000', $1, '29990101000000_crashed', 'boom')`,
        ["0".repeat(64)],
      );
      await expect(applyMigrations(runner)).rejects.toThrow(
        /29990101000000_crashed is recorded as failed/,
      );
      // Marked rolled back (what `prisma migrate resolve --rolled-back` does): usable again.
      await runner.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE logs = 'boom'`);
      expect(await applyMigrations(runner)).toEqual({ applied: [] });
    });

    it("refuses a non-empty database that has no migration history", async () => {
      const { runner } = await fresh();
      await runner.exec(`CREATE TABLE "User" ("id" TEXT PRIMARY KEY)`);
      await expect(applyMigrations(runner)).rejects.toThrow(/not empty but has no _prisma_migrations/);
    });
  });
}
