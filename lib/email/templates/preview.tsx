/** Inbox clients show this many characters of the body after the subject. */
export const PREVIEW_LENGTH = 150;
const FILLER = "\xa0\u200c\u200b\u200d\u200e\u200f\ufeff";

/** The preview line cut to length, and the invisible filler that keeps clients from showing body text after it. */
export function previewParts(text: string): { preview: string; previewPadding: string } {
  const preview = text.substring(0, PREVIEW_LENGTH);
  return { preview, previewPadding: FILLER.repeat(PREVIEW_LENGTH - preview.length) };
}

/**
 * React Email's <Preview>, except that the text and its padding are both
 * props: the padding depends on the text's length, and templates are
 * compiled once with placeholders (lib/email/compile.ts), so nothing in a
 * template may be computed from a value.
 */
export function EmailPreview({ text, padding }: { text: string; padding: string }) {
  return (
    <div
      style={{ display: "none", overflow: "hidden", lineHeight: "1px", opacity: 0, maxHeight: 0, maxWidth: 0 }}
      data-skip-in-text
    >
      {text}
      <div>{padding}</div>
    </div>
  );
}
