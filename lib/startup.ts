import "server-only";
import { describeDb, getDb } from "@/lib/db";
import { emailTransport, getEnv } from "@/lib/env";
import { logError, logLine } from "@/lib/log";

export async function announceRuntime(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    logError("configuration problem", error);
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
  logLine("IP rate limits: off (set UPSTASH_REDIS_REST_URL/TOKEN or REDIS_URL to turn them on)");
  try {
    await getDb();
    logLine("database: ready");
  } catch (error) {
    logError("database: not reachable yet, will retry on first request", error);
  }
}
