"use client";

import type { ClipboardEvent } from "react";

/**
 * The one-time-code field every code form uses: the OS can fill it from the
 * email or SMS, it takes any case, spaces and dashes, and it never corrects.
 */
export function CodeInput(props: {
  digits?: boolean;
  /** An example in the configured format, from the server (lib/auth/code.ts codeExample). */
  placeholder: string;
  defaultValue: string;
  invalid?: boolean;
  disabled?: boolean;
  onPaste?: (event: ClipboardEvent<HTMLInputElement>) => void;
}) {
  return (
    <input
      id="code"
      name="code"
      type="text"
      className="code-input"
      autoComplete="one-time-code"
      inputMode={props.digits ? "numeric" : "text"}
      autoCapitalize="characters"
      autoCorrect="off"
      spellCheck={false}
      maxLength={32}
      required
      autoFocus
      placeholder={props.placeholder}
      defaultValue={props.defaultValue}
      onPaste={props.onPaste}
      aria-invalid={props.invalid ? true : undefined}
      disabled={props.disabled}
    />
  );
}
