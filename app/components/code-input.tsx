"use client";

import type { ClipboardEvent, Ref } from "react";

/**
 * The one-time-code field every code form uses: the OS can fill it from the
 * email or SMS, it takes any case, spaces and dashes, and it never corrects.
 * Always left-to-right, also on a right-to-left page: a code reads one way.
 */
export function CodeInput(props: {
  digits?: boolean;
  /** An example in the configured format, from the server (lib/auth/code.ts codeExample). */
  placeholder: string;
  defaultValue: string;
  invalid?: boolean;
  disabled?: boolean;
  /** The id of the message about this field (the form's message), for screen readers. */
  describedBy?: string;
  onPaste?: (event: ClipboardEvent<HTMLInputElement>) => void;
  ref?: Ref<HTMLInputElement>;
}) {
  return (
    <input
      ref={props.ref}
      id="code"
      name="code"
      type="text"
      dir="ltr"
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
      aria-describedby={props.describedBy}
      disabled={props.disabled}
    />
  );
}
