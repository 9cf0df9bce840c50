import "server-only";
import type { ReactElement } from "react";
import { render } from "@react-email/render";
import { plainTextOptions } from "@/lib/email/templates/text";

/**
 * Templates rendered once, filled per send. Rendering React Email costs two
 * full renders per message (HTML, then html-to-text, which rebuilds its
 * converter on every call); the layout never changes between sends, only a
 * few strings do. So each template is rendered once per process with
 * placeholder tokens, cut at the tokens, and a send joins the pieces with
 * its values: HTML-escaped (as React escapes) into the HTML, raw into the
 * text (what html-to-text makes of escaped text). messages.test.ts proves a
 * filled email equals a fresh render. docs/decisions/0034-one-email-seam.md
 */
export type SlotValues<K extends string> = Record<K, string>;

export type CompiledTemplate<K extends string> = {
  fill(values: SlotValues<K>): { html: string; text: string };
};

const TOKEN = /MCSLOT([A-Za-z]+)END/g;
const token = (name: string) => `MCSLOT${name}END`;

/** Alternating literal text and slot names: literals[i], slots[i], literals[i+1]… */
type Pieces = { literals: string[]; slots: string[] };

function cut(rendered: string, names: ReadonlySet<string>, what: string): Pieces {
  const literals: string[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const match of rendered.matchAll(TOKEN)) {
    // A token the renderer changed (e.g. upper-cased in a plain-text heading) would be filled wrong: refuse the template.
    if (!names.has(match[1]!)) throw new Error(`email template: placeholder ${match[0]} was altered in the ${what}`);
    literals.push(rendered.slice(last, match.index));
    slots.push(match[1]!);
    last = match.index! + match[0].length;
  }
  literals.push(rendered.slice(last));
  return { literals, slots };
}

function join<K extends string>(pieces: Pieces, values: SlotValues<K>, encode: (s: string) => string): string {
  let out = pieces.literals[0]!;
  for (let i = 0; i < pieces.slots.length; i++) out += encode(values[pieces.slots[i] as K]) + pieces.literals[i + 1]!;
  return out;
}

/** Exactly React DOM's escaping of text and attribute values (escapeTextForBrowser). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[c]!);
}

const raw = (value: string) => value;

/** Both renders of an element, as React Email produces them (the reference a compiled template must match). */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions: plainTextOptions })]);
  return { html, text };
}

export async function compileTemplate<K extends string>(
  names: readonly K[],
  build: (values: SlotValues<K>) => ReactElement,
): Promise<CompiledTemplate<K>> {
  const tokens = Object.fromEntries(names.map((n) => [n, token(n)])) as SlotValues<K>;
  const { html, text } = await renderEmail(build(tokens));
  const known = new Set<string>(names);
  const htmlPieces = cut(html, known, "HTML");
  const textPieces = cut(text, known, "plain text");
  for (const name of names) {
    if (!htmlPieces.slots.includes(name)) throw new Error(`email template: placeholder ${name} is missing from the HTML`);
  }
  return {
    fill: (values) => ({ html: join(htmlPieces, values, escapeHtml), text: join(textPieces, values, raw) }),
  };
}

const compiled = new Map<string, Promise<CompiledTemplate<string>>>();

/** The template compiled under `key`, once per process (a failed compile is retried next time). */
export function compiledTemplate<K extends string>(
  key: string,
  names: readonly K[],
  build: (values: SlotValues<K>) => ReactElement,
): Promise<CompiledTemplate<K>> {
  let entry = compiled.get(key);
  if (!entry) {
    entry = compileTemplate(names, build) as Promise<CompiledTemplate<string>>;
    entry.catch(() => compiled.delete(key));
    compiled.set(key, entry);
  }
  return entry as Promise<CompiledTemplate<K>>;
}
