import "server-only";
import { createElement } from "react";
import { render } from "@react-email/render";
import { config } from "@/lib/config";
import { formatCode } from "@/lib/auth/code";
import { SignInEmail } from "@/lib/email/templates/sign-in-email";
import type { EmailMessage } from "@/lib/email/send";
import { traced } from "@/lib/bench/seam";

/** Builds the sign-in email (HTML and plain text) for one challenge. */
export const composeSignInEmail = traced("email compose", renderSignInEmail);

async function renderSignInEmail(input: {
  to: string;
  code: string;
  linkUrl: string;
  expiresAt: Date;
  requestedFrom?: string;
}): Promise<EmailMessage> {
  const code = formatCode(input.code);
  const expiresInMinutes = Math.max(1, Math.round((input.expiresAt.getTime() - Date.now()) / 60_000));
  const element = createElement(SignInEmail, {
    appName: config.appName,
    code,
    linkUrl: input.linkUrl,
    expiresInMinutes,
    requestedFrom: input.requestedFrom,
  });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { to: input.to, subject: `${code} is your ${config.appName} sign-in code`, html, text };
}
