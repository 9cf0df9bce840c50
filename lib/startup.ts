import "server-only";
import { describeDb, getDb } from "@/lib/db";
import { emailTransport, getEnv, type Env } from "@/lib/env";
import { config } from "@/lib/config";
import { getIpLimiter, ipLimitBackend } from "@/lib/rate-limit";
import { logError, logLine } from "@/lib/log";
import { DEFAULT_TEST_ADDRESSES, testModeEnabled, testModeProblem } from "@/lib/test-mode";

/**
 * A production server with an invalid environment (no AUTH_URL, a short
 * AUTH_SECRET…) would answer 500 on every page; it refuses to start instead,
 * with one line naming the variables. Not while `next build` loads modules
 * (NEXT_PHASE): building needs no runtime secrets.
 */
export function refuseToStartIfMisconfigured(exit: (code: number) => never = (code) => process.exit(code)): void {
  if (process.env.NODE_ENV !== "production" || process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    getEnv();
  } catch (error) {
    logError(`refusing to start: ${error instanceof Error ? error.message : String(error)}`);
    exit(1);
  }
}

export async function announceRuntime(): Promise<void> {
  refuseToStartIfMisconfigured();
  let env;
  try {
    env = getEnv();
  } catch (error) {
    logError("configuration problem", error);
    // Test mode in a production build without the QA opt-in: refuse to serve
    // at all rather than answer every request with an error (lib/test-mode.ts).
    if (testModeProblem()) process.exit(1);
    return;
  }
  logLine(`database: ${describeDb()}`);
  const transport = emailTransport(env);
  logLine(
    transport === "resend"
      ? `email: Resend${env.RESEND_BASE_URL ? ` at ${new URL(env.RESEND_BASE_URL).host}` : ""}`
      : transport === "mailbox"
        ? "email: dev mailbox (no RESEND_API_KEY) — read messages at /dev/mailbox"
        : "email: NOT CONFIGURED — set RESEND_API_KEY; sign-in emails will fail",
  );
  announceIpLimits(env);
  if (testModeEnabled()) {
    logError(`WARNING: TEST MODE is on: ${env.MAGIC_CODE_TEST_ADDRESSES ?? DEFAULT_TEST_ADDRESSES} get a fixed code and no email (QA only)`);
  }
  try {
    await getDb();
    logLine("database: ready");
  } catch (error) {
    logError("database: not reachable yet, will retry on first request", error);
  }
}

/** One line on per-IP limits; a warning when they cannot work (S5). */
function announceIpLimits(env: Env): void {
  const backend = ipLimitBackend(env);
  if (backend.kind === "off") {
    logError(
      "WARNING: per-IP rate limits are OFF (set UPSTASH_REDIS_REST_URL/_TOKEN or REDIS_URL); per-email limits in the database still apply",
    );
    return;
  }
  const where = backend.kind === "upstash" ? `Upstash at ${backend.host}` : `Redis at ${backend.host}`;
  if (!env.TRUSTED_IP_HEADER) {
    logError(`WARNING: per-IP rate limits use ${where} but no client IP is trusted: set TRUSTED_IP_HEADER (e.g. x-real-ip) to the header your proxy sets`);
    return;
  }
  const { send, verify } = config.limits.ip.whenRedisDown;
  logLine(`IP rate limits: ${where}, client IP from ${env.TRUSTED_IP_HEADER} (if Redis is down: sends fail ${send}, verifies fail ${verify})`);
  // Connect now, so the first request does not wait for it.
  getIpLimiter();
}
