import "server-only";
import { isMailboxEnabled } from "@/lib/env";

/**
 * Bench-only routes for `npm run bench` (scripts/bench/run.ts). The routes under
 * app/bench exist only in a build made with MAGIC_CODE_BENCH=1 (next.config.ts)
 * and answer only when the server also runs with it and the dev mailbox is
 * the email transport: a deployment with real email never has them. What
 * they report comes from the instrumentation seam (lib/bench/seam.ts).
 */
export function benchEnabled(): boolean {
  return process.env.MAGIC_CODE_BENCH === "1" && isMailboxEnabled();
}
