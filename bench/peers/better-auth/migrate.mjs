// Creates Better Auth's tables (its own migration code) and the mail table
// in the benchmark's fresh database. Run by scripts/bench/peers.ts.
import { getMigrations } from "better-auth/db/migration";
import { auth, pool } from "./lib/auth.js";

await pool.query("CREATE TABLE IF NOT EXISTS bench_mail (id bigserial PRIMARY KEY, recipient text NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
const { runMigrations } = await getMigrations(auth.options);
await runMigrations();
await pool.end();
