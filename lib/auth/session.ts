import "server-only";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { hashToken } from "@/lib/auth/secrets";

/**
 * Server-side sessions behind the Auth.js JWT. The JWT carries a random
 * session id; the database holds only its hash. Every authenticated request
 * checks the row, through a small per-instance cache: a session revoked on
 * this instance is gone at once, on another instance within
 * `config.sessionCheckCacheSeconds` (the staleness bound).
 */
export type ActiveSession = { userId: string; email: string };

type CacheEntry = { value: ActiveSession | null; until: number };
// One cache per process, not per module copy: Next bundles this module into
// every route, and a sign-out in one route must drop the entry the others
// read (else /api/auth/session still accepts the token for up to 5 s).
const holder = ((globalThis as { __magicCodeSessionCache?: { cache: Map<string, CacheEntry> } }).__magicCodeSessionCache ??= {
  cache: new Map<string, CacheEntry>(),
});
const cache = holder.cache;
const CACHE_LIMIT = 10_000;
const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;

export async function checkSession(sessionId: string, now: number = Date.now()): Promise<ActiveSession | null> {
  const id = hashToken(sessionId);
  const hit = cache.get(id);
  if (hit && hit.until > now) return hit.value;

  const db = await getDb();
  const rows = await db.$queryRaw<{ userId: string; email: string; stale: boolean }[]>`
    SELECT s."userId", u."email", s."lastSeenAt" < now() - ${LAST_SEEN_EVERY_MS / 1000}::int * interval '1 second' AS "stale"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${id} AND s."expiresAt" > now()`;
  const row = rows[0];
  const value = row ? { userId: row.userId, email: row.email } : null;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(id, { value, until: now + config.sessionCheckCacheSeconds * 1000 });
  // "Last seen" is worth a write every few minutes, not every request.
  if (row?.stale) void db.$executeRaw`UPDATE "Session" SET "lastSeenAt" = now() WHERE "id" = ${id}`.catch(() => {});
  return value;
}

function forget(ids: string[]): void {
  for (const id of ids) cache.delete(id);
}

/** Sign-out: the row goes, and with it every copy of the JWT. */
export async function endSession(sessionId: string): Promise<void> {
  const db = await getDb();
  const id = hashToken(sessionId);
  forget([id]);
  await db.session.deleteMany({ where: { id } });
}

export type SessionListEntry = {
  /** The stored hash: safe to show in forms, useless as a credential. */
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
};

export async function listSessions(userId: string, currentSessionHash: string | undefined): Promise<SessionListEntry[]> {
  const db = await getDb();
  const current = currentSessionHash ?? null;
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
  return rows.map((r) => ({ ...r, current: r.id === current })).sort((a, b) => Number(b.current) - Number(a.current));
}

/** Revokes one of the user's own sessions (never anyone else's). */
export async function revokeSession(userId: string, sessionHash: string): Promise<boolean> {
  const db = await getDb();
  forget([sessionHash]);
  const { count } = await db.session.deleteMany({ where: { id: sessionHash, userId } });
  return count === 1;
}

/** "Sign out everywhere else": every session of the user but this one. */
export async function revokeOtherSessions(userId: string, currentSessionHash: string | undefined): Promise<number> {
  const db = await getDb();
  const keep = currentSessionHash ?? "";
  const doomed = await db.session.findMany({ where: { userId, id: { not: keep } }, select: { id: true } });
  forget(doomed.map((d) => d.id));
  const { count } = await db.session.deleteMany({ where: { userId, id: { not: keep } } });
  return count;
}

/** The id the account page knows a session by: the hash, not the secret. */
export function sessionHashOf(sessionId: string): string {
  return hashToken(sessionId);
}

/** Drops one session from this instance's cache (its row changed). */
export function forgetSession(sessionHash: string | undefined): void {
  if (sessionHash) cache.delete(sessionHash);
}

/** Test seam: drop the per-instance cache. */
export function clearSessionCache(): void {
  cache.clear();
}
