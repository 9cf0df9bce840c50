/**
 * The plain-text part of a right-to-left email. Text carries no dir
 * attributes: a mail client orders each line by the Unicode bidi algorithm
 * alone, so inside Arabic a code like "123 456" can read "456 123", and a
 * URL run into the Arabic words before it. The HTML part says "left to
 * right" with dir="ltr"; these marks say it to the text part (html-to-text,
 * through React Email's render). Templates put them on right-to-left emails
 * only: left-to-right text needs nothing and stays as it was.
 */
export const rtlText = {
  /**
   * On the element holding the code: in the text it is wrapped in LRI…PDI
   * (U+2066, U+2069), on a line of its own, so it reads left to right
   * whatever the client takes the line's direction to be. The code between
   * them is the plain ASCII code; normalizeCode drops the marks if they are
   * copied with it.
   */
  isolate: { "data-text": "ltr-isolate" },
  /**
   * On a link: in the text its URL goes on a line of its own (its first
   * letter makes the line left to right), with no marks around it: a
   * client that turns the URL into a link would take a mark into it and
   * break the token.
   */
  urlOwnLine: { "data-text": "url-own-line" },
} as const;

const LRI = "\u2066";
const PDI = "\u2069";

// html-to-text's formatter arguments (it ships no types; only what is used here).
type Elem = { attribs?: Record<string, string>; children: unknown[] };
type Builder = {
  openBlock(options: { leadingLineBreaks?: number }): void;
  closeBlock(options: { trailingLineBreaks?: number }): void;
  addInline(text: string, options?: { noWordTransform?: boolean }): void;
  addLineBreak(): void;
};
type Walk = (nodes: unknown[], builder: Builder) => void;
type FormatOptions = { leadingLineBreaks?: number; trailingLineBreaks?: number };

/** A paragraph (as html-to-text writes one) whose content is isolated left to right. */
function ltrIsolate(elem: Elem, walk: Walk, builder: Builder, options: FormatOptions): void {
  builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 2 });
  builder.addInline(LRI, { noWordTransform: true });
  walk(elem.children, builder);
  builder.addInline(PDI, { noWordTransform: true });
  builder.closeBlock({ trailingLineBreaks: options.trailingLineBreaks ?? 2 });
}

/** The link's words, then its URL on the next line. */
function urlOwnLine(elem: Elem, walk: Walk, builder: Builder): void {
  walk(elem.children, builder);
  const href = elem.attribs?.href;
  if (!href) return;
  builder.addLineBreak();
  builder.addInline(href, { noWordTransform: true });
}

/** html-to-text options for React Email's plain-text render (lib/email/compile.ts). */
export const plainTextOptions = {
  formatters: { ltrIsolate, urlOwnLine },
  selectors: [
    { selector: `p[data-text="${rtlText.isolate["data-text"]}"]`, format: "ltrIsolate" },
    { selector: `a[data-text="${rtlText.urlOwnLine["data-text"]}"]`, format: "urlOwnLine" },
  ],
};
