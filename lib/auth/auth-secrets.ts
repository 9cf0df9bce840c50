/**
 * The secrets that seal session cookies, newest first: `AUTH_SECRET_3`,
 * `_2`, `_1` (whichever are set), then `AUTH_SECRET`. New cookies are sealed
 * with the first; a cookie sealed with any of them is read. That is the
 * rotation docs/deploy.md describes.
 *
 * Why it is spelled out here: next-auth 5 copies `AUTH_SECRET` into its
 * config as a single string before @auth/core would build this list, so
 * without an explicit `secret` the numbered ones are silently ignored and a
 * rotation signs everyone out. auth.config.ts (shared with proxy.ts) passes
 * this list to Auth.js, whose `jwt.encode` (lib/auth/session-token.ts) seals
 * with its head and whose decode tries each.
 *
 * Not server-only and no lib/env import: proxy.ts reads it too; lib/env.ts
 * still validates every variable at startup.
 */
type SecretEnv = { AUTH_SECRET?: string; AUTH_SECRET_1?: string; AUTH_SECRET_2?: string; AUTH_SECRET_3?: string };

export function authSecrets(env: SecretEnv = process.env as SecretEnv): string[] {
  return [env.AUTH_SECRET_3, env.AUTH_SECRET_2, env.AUTH_SECRET_1, env.AUTH_SECRET].filter((s): s is string => Boolean(s));
}
