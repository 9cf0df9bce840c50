import "server-only";
import { randomUUID } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { isLinkToken } from "@/lib/auth/link";
import { clearSessionCache } from "@/lib/auth/session";
import { maskEmail } from "@/lib/auth/email-address";
import { appOrigin } from "@/lib/request-info";
import { logError } from "@/lib/log";
import type { TxClient } from "@/lib/auth/purposes";

/**
 * The undo link of an email change (ASVS 5.0 §7.5.1, §6.3.7). The notice to
 * the OLD address carries it: whoever changed the address (the owner, or
 * someone holding the session) cannot stop the old mailbox from reading it.
 * Using it puts the old address back and ends every session of the account,
 * the changer's included. 256-bit token, only its SHA-256 stored; single
 * use; expires after config.account.undoEmailChangeSeconds. Like the sign-in
 * link, reading it never writes (S8): the GET page shows a button, the POST acts.
 */
export const UNDO_PATH = "/email-change/undo";

/** Written in the change-email transaction (lib/auth/purposes.ts). */
export async function createEmailChangeUndo(
  tx: TxClient,
  input: { userId: string; oldEmail: string; newEmail: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + config.account.undoEmailChangeSeconds * 1000);
  await tx.emailChangeUndo.create({
    data: { id: randomUUID(), tokenHash: hashToken(token), userId: input.userId, oldEmail: input.oldEmail, newEmail: input.newEmail, expiresAt },
  });
  return { token, expiresAt };
}

export function emailChangeUndoUrl(origin: string | undefined, token: string): string {
  return `${origin ?? appOrigin(new Headers())}${UNDO_PATH}?${new URLSearchParams({ token })}`;
}

export type UndoState = "live" | "used" | "expired";

export type FoundUndo =
  | { ok: true; state: UndoState; oldEmailMasked: string; newEmailMasked: string }
  | { ok: false; reason: "invalid" };

/** What the undo page shows (GET). Read-only; the addresses only masked. */
export async function findEmailChangeUndo(token: unknown): Promise<FoundUndo> {
  if (!isLinkToken(token)) return { ok: false, reason: "invalid" };
  const db = await getDb();
  const row = await db.emailChangeUndo.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return { ok: false, reason: "invalid" };
  return { ok: true, state: stateOf(row), oldEmailMasked: maskEmail(row.oldEmail), newEmailMasked: maskEmail(row.newEmail) };
}

function stateOf(row: { usedAt: Date | null; expiresAt: Date }): UndoState {
  return row.usedAt ? "used" : row.expiresAt.getTime() <= Date.now() ? "expired" : "live";
}

export type UndoResult =
  | { ok: true; restoredEmail: string }
  | { ok: false; reason: "invalid" | "used" | "expired" | "address-taken" | "unavailable" };

/**
 * "Restore my address" (POST): in one transaction, the link is spent (a
 * conditional update: of racing posts one wins), the account gets its old
 * address back, every session ends, every open code of either address dies,
 * and every other undo link of the account is spent too (a chain of changes
 * is undone once, back to the address that got this link).
 */
export async function undoEmailChange(token: unknown, request: { ip: string | null; userAgent: string | null }): Promise<UndoResult> {
  if (!isLinkToken(token)) return { ok: false, reason: "invalid" };
  let result: UndoResult;
  try {
    const db = await getDb();
    result = await db.$transaction(async (tx) => {
      const spent = await tx.$queryRaw<{ userId: string; oldEmail: string; newEmail: string }[]>`
        UPDATE "EmailChangeUndo" SET "usedAt" = now()
        WHERE "tokenHash" = ${hashToken(token)} AND "usedAt" IS NULL AND "expiresAt" > now()
        RETURNING "userId", "oldEmail", "newEmail"`;
      const row = spent[0];
      if (!row) {
        const found = await tx.emailChangeUndo.findUnique({ where: { tokenHash: hashToken(token) } });
        return { ok: false, reason: found ? (stateOf(found) === "live" ? "used" : (stateOf(found) as "used" | "expired")) : "invalid" } as UndoResult;
      }
      const taken = await tx.user.count({ where: { email: row.oldEmail, id: { not: row.userId } } });
      if (taken > 0) throw new AddressTaken();
      const user = await tx.user.findUnique({ where: { id: row.userId }, select: { email: true } });
      if (!user) return { ok: false, reason: "invalid" } as UndoResult;
      await tx.user.update({ where: { id: row.userId }, data: { email: row.oldEmail, emailVerified: new Date() } });
      await tx.session.deleteMany({ where: { userId: row.userId } });
      await tx.emailChangeUndo.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: new Date() } });
      await tx.$executeRaw`
        UPDATE "Challenge" SET "supersededAt" = now()
        WHERE ("userId" = ${row.userId} OR "email" IN (${row.oldEmail}, ${row.newEmail}, ${user.email}))
          AND "consumedAt" IS NULL AND "supersededAt" IS NULL`;
      await recordUndone(tx, row.userId, user.email, row.oldEmail, request);
      return { ok: true, restoredEmail: row.oldEmail } as UndoResult;
    });
  } catch (error) {
    if (error instanceof AddressTaken) return { ok: false, reason: "address-taken" };
    logError("undoing an email change failed: database unavailable", error);
    return { ok: false, reason: "unavailable" };
  }
  // Every session of the account is gone: this instance forgets them now (others within the cache bound, S14).
  if (result.ok) clearSessionCache();
  return result;
}

class AddressTaken extends Error {}

async function recordUndone(tx: TxClient, userId: string, from: string, to: string, request: { ip: string | null; userAgent: string | null }) {
  await tx.authEvent.create({
    data: { id: randomUUID(), userId, email: to, type: "email-change-undone", ip: request.ip, userAgent: request.userAgent, detail: `from ${from} to ${to}` },
  });
}
