import "server-only";
import { randomUUID } from "node:crypto";
import type { Resend } from "resend";
import { config } from "@/lib/config";
import { emailTransport, getEnv } from "@/lib/env";
import { getDb } from "@/lib/db";
import { logError } from "@/lib/log";
import { isTestAddress } from "@/lib/test-mode";
import { traced } from "@/lib/bench/seam";

export type EmailMessage = {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The code as the email shows it and the link, from lib/email/messages.ts: kept by the dev mailbox, never sent as fields. */
  code?: string;
  link?: string;
};

export type SendEmailResult =
  | { ok: true; id: string }
  | { ok: false; reason: "not-configured" | "unavailable" | "rejected" };

/**
 * Sends through Resend when RESEND_API_KEY is set, otherwise into the dev
 * mailbox (a table, shown at /dev/mailbox). Never throws: a failed send is a
 * value the caller turns into a message for the person.
 */
export const sendEmail = traced("email deliver", deliverEmail);

async function deliverEmail(message: EmailMessage): Promise<SendEmailResult> {
  // Test mode: reserved addresses never reach a real inbox; QA reads them here.
  if (isTestAddress(message.to)) return deliverToMailbox(message);
  switch (emailTransport()) {
    case "resend":
      return sendWithResend(message);
    case "mailbox":
      return deliverToMailbox(message);
    case "none":
      logError("email is not configured: set RESEND_API_KEY (or MAGIC_CODE_DEV_MAILBOX=1 for QA builds)");
      return { ok: false, reason: "not-configured" };
  }
}

let resend: Resend | undefined;

async function getResend(): Promise<Resend> {
  if (!resend) {
    const env = getEnv();
    const { Resend } = await import("resend");
    resend = new Resend(env.RESEND_API_KEY, env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : undefined);
  }
  return resend;
}

async function sendWithResend(message: EmailMessage): Promise<SendEmailResult> {
  const client = await getResend();
  const from = getEnv().EMAIL_FROM ?? config.email.from;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), config.email.sendTimeoutMs);
  });
  try {
    // The signal also ends the request itself, so a hung API leaves no socket behind.
    const signal = AbortSignal.timeout(config.email.sendTimeoutMs + 1000);
    const { to, subject, html, text } = message;
    const result = await Promise.race([client.emails.send({ from, to, subject, html, text }, { signal }), timeout]);
    if (result === "timeout") {
      logError(`email API did not answer within ${config.email.sendTimeoutMs} ms`);
      return { ok: false, reason: "unavailable" };
    }
    if (result.error) {
      // Resend's error names the problem (never the message body).
      logError("email API refused the message", `${result.error.name}: ${result.error.message}`);
      const transient = ["application_error", "internal_server_error", "rate_limit_exceeded", "daily_quota_exceeded"];
      return { ok: false, reason: transient.includes(result.error.name) ? "unavailable" : "rejected" };
    }
    return { ok: true, id: result.data.id };
  } catch (error) {
    logError("email API call failed", error);
    return { ok: false, reason: "unavailable" };
  } finally {
    clearTimeout(timer);
  }
}

async function deliverToMailbox(message: EmailMessage): Promise<SendEmailResult> {
  try {
    const db = await getDb();
    const id = randomUUID();
    const { to, subject, html, text, code, link } = message;
    // One plain INSERT rather than the model's create(): the same row for a
    // fraction of the client's work, on every sign-in of the bench and of QA.
    await db.$executeRaw`
      INSERT INTO "MailboxMessage" ("id", "to", "subject", "html", "text", "code", "link", "createdAt")
      VALUES (${id}, ${to}, ${subject}, ${html}, ${text}, ${code ?? null}, ${link ?? null}, now())`;
    return { ok: true, id };
  } catch (error) {
    logError("dev mailbox write failed", error);
    return { ok: false, reason: "unavailable" };
  }
}
