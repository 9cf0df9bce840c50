import { betterAuth } from "better-auth";
import { emailOTP } from "better-auth/plugins/email-otp";
import pg from "pg";

/**
 * Benchmark peer (scripts/bench, `npm run bench -- --peers`): Better Auth's
 * email OTP sign-in as its documentation sets it up, on PostgreSQL through
 * its built-in Kysely/pg dialect. The "email" is the OTP written to a table
 * (bench_mail), as Magic Code's dev mailbox writes its email to one. Its own
 * rate limiter is off (the benchmark would trip it; Magic Code's per-IP limit
 * stays on, the harder case for it).
 */
export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

export const auth = betterAuth({
  database: pool,
  baseURL: process.env.BETTER_AUTH_URL,
  secret: process.env.BETTER_AUTH_SECRET,
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  plugins: [
    emailOTP({
      async sendVerificationOTP({ email, otp }) {
        await pool.query("INSERT INTO bench_mail (recipient, body) VALUES ($1, $2)", [email, otp]);
      },
    }),
  ],
});
