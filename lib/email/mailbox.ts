import "server-only";
import { getDb } from "@/lib/db";

/** `code` and `link` are what the app put in the email (lib/email/messages.ts), stored beside it. */
export type MailboxEntry = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  code: string | null;
  link: string | null;
  createdAt: Date;
};

/** Latest messages in the dev mailbox, newest first, optionally for one address. */
export async function listMailboxMessages(options: { to?: string; limit?: number } = {}): Promise<MailboxEntry[]> {
  const db = await getDb();
  return db.mailboxMessage.findMany({
    where: options.to ? { to: options.to } : undefined,
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(options.limit ?? 20, 1), 100),
  });
}

/** One message, for the mailbox page's rendered view; null when there is none (or the id is not one). */
export async function findMailboxMessage(id: string): Promise<MailboxEntry | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const db = await getDb();
  return db.mailboxMessage.findUnique({ where: { id } });
}
