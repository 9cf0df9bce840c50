import { logError } from "@/lib/log";

/**
 * Auth.js's logger, for both its instances (auth.ts, and proxy.ts through
 * auth.config.ts): without one, Auth.js prints its own multi-line block with
 * a stack trace, and a garbage session cookie did that on every request.
 * - A refused code is an expected outcome, not an error: not logged.
 * - A session cookie that does not decrypt (garbage, old secret, tampering)
 *   is a client's problem: one line a minute, with how many since the last.
 * - Everything else: one line, by name and message only (never tokens or
 *   cookies, never a stack).
 * Edge-safe (proxy.ts).
 */
type AuthLoggerError = Error & { type?: string };

export type AuthLogger = {
  error(error: AuthLoggerError): void;
  warn(code: string): void;
  debug(message: string, metadata?: unknown): void;
};

export function createAuthLogger(log: (message: string, error?: unknown) => void = logError, now: () => number = Date.now): AuthLogger {
  let lastBadCookieLine = -Infinity;
  let badCookies = 0;
  return {
    error(error) {
      const type = error?.type ?? error?.name;
      if (type === "CredentialsSignin") return;
      if (type === "JWTSessionError") {
        badCookies++;
        if (now() - lastBadCookieLine >= 60_000) {
          log(`auth: ${badCookies} session cookie${badCookies === 1 ? "" : "s"} could not be read (garbage, tampered or from another secret); treated as signed out`);
          lastBadCookieLine = now();
          badCookies = 0;
        }
        return;
      }
      log("auth error", error);
    },
    warn(code) {
      if (code !== "debug-enabled") log(`auth warning: ${code}`);
    },
    debug() {},
  };
}

const holder = ((globalThis as { __magicCodeAuthLogger?: { logger?: AuthLogger } }).__magicCodeAuthLogger ??= {});
/** One per process, so the once-a-minute line is once a minute across bundles. */
export const authLogger: AuthLogger = (holder.logger ??= createAuthLogger());
