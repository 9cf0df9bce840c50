/** Test helpers for the per-mailbox limits (S5, S12): the database clock cannot be moved, so the rows are. */
import { getDb } from "@/lib/db";
import { config } from "@/lib/config";
import { mailboxKey } from "@/lib/auth/mailbox";

/** Time goes by for one mailbox's limit rows (every browser's). */
export async function timePasses(address: string, seconds: number): Promise<void> {
  const db = await getDb();
  await db.$executeRaw`
    UPDATE "EmailLimit" SET "sendWindowStart" = "sendWindowStart" - ${seconds}::int * interval '1 second',
                            "lastSendAt" = "lastSendAt" - ${seconds}::int * interval '1 second',
                            "failWindowStart" = "failWindowStart" - ${seconds}::int * interval '1 second'
    WHERE "mailboxKey" = ${mailboxKey(address)}`;
}

/** An hour goes by for one mailbox's limit windows. */
export function anHourLater(address: string): Promise<void> {
  return timePasses(address, config.limits.windowSeconds + 60);
}

/** The row every browser that never signed in to the account shares. */
export const sharedLimit = (address: string) => ({ mailboxKey_browser: { mailboxKey: mailboxKey(address), browser: "" } });
