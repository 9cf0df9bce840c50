import "server-only";
import { getDb } from "@/lib/db";
import { hashToken } from "@/lib/auth/secrets";

/** Server-side sessions: the JWT carries the id, the database holds its hash. */
export async function endSession(sessionId: string): Promise<void> {
  const db = await getDb();
  await db.session.deleteMany({ where: { id: hashToken(sessionId) } });
}
