import "server-only";
import { createElement } from "react";
import { render } from "@react-email/render";
import { config } from "@/lib/config";
import { NoticeEmail, type NoticeEmailProps } from "@/lib/email/templates/notice-email";
import type { EmailMessage } from "@/lib/email/send";
import { traced } from "@/lib/bench/seam";

/** Renders a notice or account-action code email (HTML and plain text). */
export const composeNoticeEmail = traced("email compose", renderNoticeEmail);

async function renderNoticeEmail(
  to: string,
  subject: string,
  props: Omit<NoticeEmailProps, "appName">,
): Promise<EmailMessage> {
  const element = createElement(NoticeEmail, { appName: config.appName, ...props });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { to, subject, html, text };
}
