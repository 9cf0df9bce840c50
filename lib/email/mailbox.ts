import "server-only";
import { getDb } from "@/lib/db";

export type MailboxEntry = { id: string; to: string; subject: string; text: string; html: string; createdAt: Date };

/** Latest messages in the dev mailbox, newest first, optionally for one address. */
export async function listMailboxMessages(options: { to?: string; limit?: number } = {}): Promise<MailboxEntry[]> {
  const db = await getDb();
  return db.mailboxMessage.findMany({
    where: options.to ? { to: options.to } : undefined,
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(options.limit ?? 20, 1), 100),
  });
}

/** The code and link in a sign-in email, for QA fixtures and the mailbox page. */
export function extractSignInSecrets(message: Pick<MailboxEntry, "subject" | "text">): { code: string | null; link: string | null } {
  const code = /^(.+?) is your /.exec(message.subject)?.[1] ?? null;
  const link = /https?:\/\/[^\s\]]+\/sign-in\/link\?token=[A-Za-z0-9_-]+(?:&callbackUrl=[A-Za-z0-9%._~-]+)?/.exec(message.text)?.[0] ?? null;
  return { code, link };
}
