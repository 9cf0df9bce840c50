import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isMailboxEnabled } from "@/lib/env";
import { listMailboxMessages } from "@/lib/email/mailbox";
import { AutoRefresh } from "@/app/dev/mailbox/auto-refresh";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

const REFRESH_SECONDS = 3;

/** Every email the app "sent" while no email API is configured, as a mail client would show it. */
export default async function MailboxPage() {
  if (!isMailboxEnabled()) notFound();
  const messages = await listMailboxMessages({ limit: 50 });
  return (
    <section className="card wide">
      <AutoRefresh seconds={REFRESH_SECONDS} />
      <h1>Dev mailbox</h1>
      <p className="lead">
        No email API key is configured, so emails land here instead of being sent. Set <code>RESEND_API_KEY</code> to
        send real email.
      </p>
      <p className="muted">
        This page refreshes itself every {REFRESH_SECONDS} seconds. <a href="/dev/mailbox">Reload</a>
      </p>
      {messages.length === 0 ? <p className="muted">No messages yet. Sign in to get one.</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="mail" data-testid="mailbox-message">
          <strong>{m.subject}</strong>
          <div className="muted">
            To {m.to} · {m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
          </div>
          {m.code ? (
            <p>
              Code: <strong data-testid="mailbox-code">{m.code}</strong>
              {m.link ? (
                <>
                  {" "}
                  · <a href={m.link} data-testid="mailbox-link">Open the sign-in link</a>
                </>
              ) : null}
            </p>
          ) : null}
          {/* The email's own HTML, sandboxed: no script, links open in a new tab (lib/security-headers.ts). */}
          <iframe
            className="mail-view"
            src={`/dev/mailbox/messages/${m.id}/html`}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            title={`Email: ${m.subject}`}
            loading="lazy"
          />
          <details>
            <summary>Plain text</summary>
            <pre>{m.text}</pre>
          </details>
        </article>
      ))}
    </section>
  );
}
