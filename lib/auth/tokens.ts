import "server-only";
import { accountForProvenSql, limitsAfterProofSql } from "@/lib/auth/session";
import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { clientName } from "@/lib/auth/clients";

/**
 * Bearer tokens for devices and apps: THE token seam. Every way to a token
 * (RFC 8628 device flow, the JSON code flow) ends in `issueTokenAfter`, one
 * statement behind the single-use consume of what proved it, like
 * openSessionAfter for browser sessions (S1).
 *
 * A token is `mca_` + 256 random bits (base64url); only its SHA-256 is
 * stored (S7). Every request checks the row (no cache), so revoking from the
 * account page works at the next request.
 */
export const TOKEN_PREFIX = "mca_";
const TOKEN_PATTERN = /^mca_[A-Za-z0-9_-]{43}$/;

export type TokenGrant = "device" | "code";

export type IssuedToken = { accessToken: string; tokenType: "Bearer"; expiresIn: number; scope: string; userId: string; email: string };

export type IssueTokenResult =
  | { ok: true; token: IssuedToken }
  /** "used": the proof was already spent (a lost race); "no-account": no such user and no sign-up. */
  | { ok: false; reason: "used" | "no-account" };

export function generateAccessToken(): string {
  return TOKEN_PREFIX + generateToken();
}

export function isAccessTokenShaped(value: unknown): value is string {
  return typeof value === "string" && TOKEN_PATTERN.test(value);
}

/** The stored form of a token (also its identity for the hash index). */
export function accessTokenHash(token: string): string {
  return hashToken(token);
}

/**
 * Issues a token behind a proof: `proof` is a list of CTEs ending in one
 * named "proven" that yields the proven address (at most one row), e.g. the
 * challenge consume or the device-authorization consume. Finds (or, when
 * allowed, creates) the user, inserts the token row and the "token-issued"
 * event, and for a checked code ends the address's failure streak and
 * refunds the window unit its check spent (S5) — one statement.
 */
export async function issueTokenAfter(
  proof: Prisma.Sql,
  input: {
    clientId: string;
    scope: string;
    grant: TokenGrant;
    request: { ip: string | null; userAgent: string | null };
    allowSignUp: boolean;
    /** The proof was a code checked for this address (S5 refund and streak reset). */
    provenByCode?: boolean;
    /** With provenByCode: the address's limit key (lib/auth/mailbox.ts) and the client's browser hash, whose row the check spent. */
    mailboxKey?: string | null;
    browserHash?: string | null;
  },
): Promise<IssueTokenResult> {
  const db = await getDb();
  const token = generateAccessToken();
  const ttl = config.tokens.accessTtlSeconds;
  const byCode = input.provenByCode ?? false;
  const rows = await db.$queryRaw<{ proven: string | null; userId: string | null; email: string | null; issued: string | null }[]>`
    WITH ${proof},
    ${accountForProvenSql(input.allowSignUp)}, token AS (
      INSERT INTO "AccessToken" ("id", "tokenHash", "userId", "clientId", "scope", "grant", "createdAt", "expiresAt", "ip", "userAgent")
      SELECT ${randomUUID()}, ${accessTokenHash(token)}, a."id", ${input.clientId}, ${input.scope}, ${input.grant}, now(),
             now() + ${ttl}::int * interval '1 second', ${input.request.ip}, ${input.request.userAgent}
      FROM account a
      RETURNING "userId"
    ), ${limitsAfterProofSql({ mailboxKey: input.mailboxKey ?? null, browserHash: input.browserHash ?? null, refund: true, apply: byCode })}, event AS (
      INSERT INTO "AuthEvent" ("id", "userId", "email", "type", "ip", "userAgent", "detail", "createdAt")
      SELECT ${randomUUID()}, a."id", a."email", 'token-issued', ${input.request.ip}, ${input.request.userAgent},
             ${clientName(input.clientId)}, now()
      FROM account a JOIN token t ON t."userId" = a."id"
    )
    SELECT (SELECT "email" FROM proven) AS "proven",
           (SELECT "id" FROM account) AS "userId",
           (SELECT "email" FROM account) AS "email",
           (SELECT "userId" FROM token) AS "issued"`;
  const row = rows[0];
  if (!row?.proven) return { ok: false, reason: "used" };
  if (!row.userId || !row.email || !row.issued) return { ok: false, reason: "no-account" };
  return { ok: true, token: { accessToken: token, tokenType: "Bearer", expiresIn: ttl, scope: input.scope, userId: row.userId, email: row.email } };
}

export type TokenUser = { userId: string; email: string; tokenId: string; clientId: string; scope: string };

/** Last-used is worth a write every few minutes, not every request. */
const LAST_USED_EVERY_SECONDS = 5 * 60;

/** The user behind a bearer token, or null (unknown, revoked, expired, malformed). One indexed read. */
export async function checkAccessToken(token: unknown): Promise<TokenUser | null> {
  if (!isAccessTokenShaped(token)) return null;
  const db = await getDb();
  const hash = accessTokenHash(token);
  const rows = await db.$queryRaw<(TokenUser & { stale: boolean })[]>`
    SELECT t."id" AS "tokenId", t."userId", u."email", t."clientId", t."scope",
           (t."lastUsedAt" IS NULL OR t."lastUsedAt" < now() - ${LAST_USED_EVERY_SECONDS}::int * interval '1 second') AS "stale"
    FROM "AccessToken" t JOIN "User" u ON u."id" = t."userId"
    WHERE t."tokenHash" = ${hash} AND t."revokedAt" IS NULL AND t."expiresAt" > now()`;
  const row = rows[0];
  if (!row) return null;
  if (row.stale) void db.$executeRaw`UPDATE "AccessToken" SET "lastUsedAt" = now() WHERE "id" = ${row.tokenId}`.catch(() => {});
  return { userId: row.userId, email: row.email, tokenId: row.tokenId, clientId: row.clientId, scope: row.scope };
}

/** `Authorization: Bearer <token>` (RFC 6750 §2.1), or null. */
export function bearerTokenOf(headers: Headers): string | null {
  const value = headers.get("authorization");
  const match = value ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(value.trim()) : null;
  return match?.[1] ?? null;
}

export type AccessTokenEntry = {
  id: string;
  clientId: string;
  clientName: string;
  scope: string;
  grant: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
};

/** "Devices and apps": the user's live tokens, newest first. */
export async function listAccessTokens(userId: string): Promise<AccessTokenEntry[]> {
  const db = await getDb();
  const rows = await db.accessToken.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, clientId: true, scope: true, grant: true, createdAt: true, lastUsedAt: true, expiresAt: true, ip: true, userAgent: true },
  });
  return rows.map((r) => ({ ...r, clientName: clientName(r.clientId) }));
}

/** Revokes one of the user's own tokens (never anyone else's); effective at the token's next request. */
export async function revokeAccessToken(userId: string, tokenId: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.accessToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}
