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

/** A form field as a bounded string; anything else (files, absent) is "". */
export function readField(formData: FormData, name: string, maxLength = 2048): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.slice(0, maxLength) : "";
}
