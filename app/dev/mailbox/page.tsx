import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isMailboxEnabled } from "@/lib/env";
import { extractSignInSecrets, listMailboxMessages } from "@/lib/email/mailbox";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

/** Every email the app "sent" while no email API is configured. */
export default async function MailboxPage() {
  if (!isMailboxEnabled()) notFound();
  const messages = await listMailboxMessages({ limit: 50 });
  return (
    <section className="card wide">
      <h1>Dev mailbox</h1>
      <p className="lead">
        No email API key is configured, so emails land here instead of being sent. Set <code>RESEND_API_KEY</code> to
        send real email.
      </p>
      {messages.length === 0 ? <p className="muted">No messages yet. Sign in to get one.</p> : null}
      {messages.map((m) => {
        const { code, link } = extractSignInSecrets(m);
        return (
          <article key={m.id} className="mail" data-testid="mailbox-message">
            <strong>{m.subject}</strong>
            <div className="muted">
              To {m.to} · {m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC
            </div>
            {code ? (
              <p>
                Code: <strong data-testid="mailbox-code">{code}</strong>
                {link ? (
                  <>
                    {" "}
                    · <a href={link}>Open the sign-in link</a>
                  </>
                ) : null}
              </p>
            ) : null}
            <details>
              <summary>Plain text</summary>
              <pre>{m.text}</pre>
            </details>
          </article>
        );
      })}
    </section>
  );
}
