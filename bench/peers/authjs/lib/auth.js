import NextAuth from "next-auth";
import PostgresAdapter from "@auth/pg-adapter";
import pg from "pg";

/**
 * Benchmark peer (scripts/bench, `npm run bench -- --peers`): Auth.js's
 * email-link sign-in with database sessions (@auth/pg-adapter) as its
 * documentation sets it up. The email provider is a custom one whose
 * `sendVerificationRequest` writes the link to a table (bench_mail), as
 * Magic Code's dev mailbox writes its email to one.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: PostgresAdapter(pool),
  session: { strategy: "database" },
  trustHost: true,
  providers: [
    {
      id: "email",
      type: "email",
      name: "Email",
      from: "bench@example.com",
      maxAge: 24 * 60 * 60,
      options: {},
      async sendVerificationRequest({ identifier, url }) {
        await pool.query("INSERT INTO bench_mail (recipient, body) VALUES ($1, $2)", [identifier, url]);
      },
    },
  ],
});
