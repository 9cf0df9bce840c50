/**
 * The one shape every form action returns to its page. `fields` echoes what
 * the person typed so a failed submit loses nothing, with or without JS.
 */
export type FormState = {
  message?: string;
  tone?: "error" | "info";
  /** Ask for a fresh code instead of retrying this one. */
  dead?: boolean;
  errors?: Partial<Record<string, string>>;
  fields?: Partial<Record<string, string>>;
};

export const initialFormState: FormState = {};

/**
 * A form field as a bounded string; anything else (files, absent) is "".
 * `formData` is whatever the request decoded to: a hand-made server-action
 * call can pass any value there, and must get a form error, not a 500 (S10).
 */
export function readField(formData: unknown, name: string, maxLength = 2048): string {
  if (!(formData instanceof FormData)) return "";
  const value = formData.get(name);
  return typeof value === "string" ? value.slice(0, maxLength) : "";
}
