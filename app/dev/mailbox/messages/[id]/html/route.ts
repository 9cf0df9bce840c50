import { isMailboxEnabled } from "@/lib/env";
import { findMailboxMessage } from "@/lib/email/mailbox";

export const dynamic = "force-dynamic";

/**
 * GET /dev/mailbox/messages/<id>/html → that email's HTML, as a mail client
 * would get it, for the mailbox page's frame. Its headers (a CSP with no
 * script and a sandbox, framable by this origin only) come from proxy.ts,
 * lib/security-headers.ts. Exists only when the dev mailbox is on.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  if (!isMailboxEnabled()) return new Response("Not found", { status: 404 });
  const message = await findMailboxMessage((await params).id);
  if (!message) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(message.html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
