import "server-only";
import { createElement, type ReactElement } from "react";
import { config } from "@/lib/config";
import { formatCode, type CodeFormat } from "@/lib/auth/code";
import { codeEmailCopy, noticeEmailCopy, type CodePurpose, type NoticeKind } from "@/lib/email/copy";
import { emailLogoUrl } from "@/lib/email/logo";
import type { FrameSettings } from "@/lib/email/templates/frame";
import { DEFAULT_LOCALE, directionOf, type Locale } from "@/lib/i18n/locales";
import { compiledTemplate, renderEmail, type SlotValues } from "@/lib/email/compile";
import { CodeEmail } from "@/lib/email/templates/code-email";
import { NoticeEmail } from "@/lib/email/templates/notice-email";
import { previewParts } from "@/lib/email/templates/preview";
import type { EmailMessage } from "@/lib/email/send";
import { logError } from "@/lib/log";
import { traced } from "@/lib/bench/seam";

/**
 * The one place that turns "what to tell whom" into an email. Callers say
 * what happened and in which language; the words are in lib/email/copy.ts
 * (from the `email` catalogues), the layout in
 * lib/email/templates/, and the code and link travel beside the text as
 * fields (the dev mailbox stores them; nothing parses them back out).
 */
/**
 * Shared by every email: the language it is written in (the asking browser's,
 * stored on the challenge; absent: the default locale) and the origin the
 * logo is served from (absent: AUTH_URL; neither: no logo).
 */
type Envelope = { to: string; locale?: Locale; origin?: string };

export type EmailContent = Envelope &
  (
    | {
        kind: "code";
        purpose: CodePurpose;
        /** The raw code as generated; shown through formatCode. */
        code: string;
        /** Sign-in only: the emailed link (ignored for purposes without a link in their copy). */
        linkUrl?: string;
        expiresAt: Date;
        /** Where it was asked from (describeDevice), so a person can tell it was not them. */
        requestedFrom: string;
      }
    /** Sign-up off and no account for this address: no code, say so. */
    | { kind: "no-account" }
    /** Someone tried to move another account to this address. */
    | { kind: "address-taken" }
    /** Notice to the old address after an email change; `undoUrl` puts it back and signs every device out (ASVS 5.0 §7.5.1). */
    | { kind: "email-changed"; newAddress: string; undoUrl?: string; undoExpiresAt?: Date }
    /** A passkey was added to the account (a new way in: the owner must hear of it). */
    | { kind: "passkey-added" }
  );

export type ComposeOptions = {
  /** How codes are shown; config.code unless a test says otherwise. */
  codeFormat?: CodeFormat;
  now?: Date;
};

/** Composes any email the app sends: subject, HTML, plain text, and the code and link as fields. */
// Traced: `npm run bench` reports compose apart from delivery (nothing is added otherwise).
export const composeEmail = traced("email compose", composeEmailNow);

async function composeEmailNow(content: EmailContent, options: ComposeOptions = {}): Promise<EmailMessage> {
  const email = describeEmail(content, options);
  const template = await compiledTemplate(email.key, email.slots, email.build);
  return { ...email.message, ...template.fill(email.values) };
}

/**
 * The same email rendered from scratch (two full React Email renders): the
 * reference composeEmail must equal, for tests and benchmarks only.
 */
export async function renderEmailUncompiled(content: EmailContent, options: ComposeOptions = {}): Promise<EmailMessage> {
  const email = describeEmail(content, options);
  return { ...email.message, ...(await renderEmail(email.build(email.values))) };
}

type Described<K extends string> = {
  /** One compiled template per key: everything that changes the layout or the copy (the locale too) is in it. */
  key: string;
  slots: readonly K[];
  build: (values: SlotValues<K>) => ReactElement;
  values: SlotValues<K>;
  message: Omit<EmailMessage, "html" | "text">;
};

function describeEmail(content: EmailContent, options: ComposeOptions): Described<string> {
  return content.kind === "code" ? describeCodeEmail(content, options) : describeNotice(content);
}

/** What every template's frame needs that is not copy: the language, its direction and the logo. */
function frameOf(content: Envelope): { locale: Locale; frame: FrameSettings; logoUrl: string | null } {
  const locale = content.locale ?? DEFAULT_LOCALE;
  const logoUrl = emailLogoUrl(content.origin);
  return { locale, frame: { lang: locale, dir: directionOf(locale), appName: config.appName }, logoUrl };
}

type CodeSlot = "code" | "validity" | "requestedFrom" | "preview" | "previewPadding" | "link" | "logo";

function describeCodeEmail(content: Extract<EmailContent, { kind: "code" }>, options: ComposeOptions): Described<CodeSlot> {
  const app = config.appName;
  const { locale, frame, logoUrl } = frameOf(content);
  const copy = codeEmailCopy(content.purpose, locale);
  const linkCopy = copy.link && content.linkUrl ? copy.link : undefined;
  const link = linkCopy ? checkedLink(content.linkUrl!) : "";
  const code = oneLine(formatCode(content.code, options.codeFormat ?? config.code));
  const now = options.now ?? new Date();
  const minutes = Math.max(1, Math.round((content.expiresAt.getTime() - now.getTime()) / 60_000));
  const slots: CodeSlot[] = [
    "code",
    "validity",
    "requestedFrom",
    "preview",
    "previewPadding",
    ...(linkCopy ? (["link"] as const) : []),
    ...(logoUrl ? (["logo"] as const) : []),
  ];
  // In a right-to-left subject or preview the code is isolated left-to-right
  // (U+2066…U+2069), or "123 456" would read "456 123"; normalizeCode drops
  // the marks if it is copied from there. The code box sets dir="ltr" instead.
  const inline = frame.dir === "rtl" ? `\u2066${code}\u2069` : code;
  return {
    key: `code:${content.purpose}:${linkCopy ? "link" : "no-link"}:${locale}:${logoUrl ? "logo" : "no-logo"}`,
    slots,
    build: (v) =>
      createElement(CodeEmail, {
        ...frame,
        logo: logoUrl ? v.logo : undefined,
        preview: v.preview,
        previewPadding: v.previewPadding,
        heading: copy.heading,
        intro: copy.intro,
        code: v.code,
        link: linkCopy ? { lead: linkCopy.lead, label: linkCopy.label(app), url: v.link } : undefined,
        validity: v.validity,
        warning: copy.warning(app),
        footer: `${copy.footer} ${copy.requestedFrom(v.requestedFrom)}`,
      }),
    values: {
      code,
      validity: copy.validity(minutes),
      requestedFrom: oneLine(content.requestedFrom) || copy.unknownDevice,
      ...previewParts(copy.preview(inline, app)),
      link,
      logo: logoUrl ?? "",
    },
    message: { to: content.to, subject: copy.subject(inline, app), code, ...(linkCopy ? { link } : {}) },
  };
}

type NoticeSlot = "preview" | "previewPadding" | "newAddress" | "undoUrl" | "undoNote" | "logo";

function describeNotice(content: Exclude<EmailContent, { kind: "code" }>): Described<NoticeSlot> {
  const app = config.appName;
  const { locale, frame, logoUrl } = frameOf(content);
  const kind: NoticeKind = content.kind;
  const copy = noticeEmailCopy(kind, locale);
  const undo = content.kind === "email-changed" && content.undoUrl && copy.withUndo ? copy.withUndo : undefined;
  const slots: NoticeSlot[] = [
    "preview",
    "previewPadding",
    ...(kind === "email-changed" ? (["newAddress"] as const) : []),
    ...(undo ? (["undoUrl", "undoNote"] as const) : []),
    ...(logoUrl ? (["logo"] as const) : []),
  ];
  const days =
    content.kind === "email-changed" && content.undoExpiresAt
      ? Math.max(1, Math.round((content.undoExpiresAt.getTime() - Date.now()) / 86_400_000))
      : 0;
  return {
    key: `notice:${kind}${undo ? ":undo" : ""}:${locale}:${logoUrl ? "logo" : "no-logo"}`,
    slots,
    build: (v) =>
      createElement(NoticeEmail, {
        ...frame,
        logo: logoUrl ? v.logo : undefined,
        preview: v.preview,
        previewPadding: v.previewPadding,
        heading: copy.heading,
        paragraphs: undo ? [undo.lead(app, v.newAddress), v.undoNote] : copy.paragraphs(app, v.newAddress),
        action: undo ? { label: undo.label, url: v.undoUrl } : undefined,
        footer: copy.sentBy(app),
      }),
    values: {
      ...previewParts(copy.heading),
      newAddress: content.kind === "email-changed" ? oneLine(content.newAddress) : "",
      undoUrl: undo && content.kind === "email-changed" ? checkedLink(content.undoUrl!) : "",
      undoNote: undo ? undo.note(days) : "",
      logo: logoUrl ?? "",
    },
    message: { to: content.to, subject: copy.subject(app) },
  };
}

/**
 * Values are shown on one line. html-to-text folds whitespace runs, so a value
 * is folded first and the HTML and the text say the same thing (part of a
 * User-Agent, which describeDevice passes on, is chosen by whoever sends it).
 */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

/** Only http(s) links are ever emailed (React would rewrite a javascript: URL; nothing should produce one). */
function checkedLink(url: string): string {
  const protocol = new URL(url).protocol;
  if (protocol !== "https:" && protocol !== "http:") throw new Error("email link must be http(s)");
  return url;
}

/** Composes and sends a notice whose failure must not undo what it tells about: logged, never thrown. */
export async function sendComposed(content: EmailContent, onFailure: string): Promise<void> {
  const { sendEmail } = await import("@/lib/email/send");
  const sent = await sendEmail(await composeEmail(content));
  if (!sent.ok) logError(onFailure);
}
