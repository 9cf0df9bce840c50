import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db";

/**
 * The benchmark's floor: one single-statement database write, the least a
 * form post that changes anything can cost in this stack. A dev-mailbox row
 * (the table exists in every schema and the bench database is thrown away).
 */
export async function writeFloorRow(note: string): Promise<void> {
  const db = await getDb();
  await db.$executeRaw`
    INSERT INTO "MailboxMessage" ("id", "to", "subject", "text", "html", "createdAt")
    VALUES (${randomUUID()}, 'floor@bench.invalid', ${note}, '', '', now())`;
}
