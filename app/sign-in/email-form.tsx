"use client";

import { useActionState, useEffect, useRef } from "react";
import { requestCodeAction } from "@/app/sign-in/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** The words, translated by the server page (no i18n runtime in the client bundle). */
export type EmailFormText = { label: string; submit: string; sending: string };

export function EmailForm({ callbackUrl, defaultEmail, text }: { callbackUrl: string; defaultEmail?: string; text: EmailFormText }) {
  const [state, action, pending] = useActionState(requestCodeAction, initialFormState);
  const inputRef = useRef<HTMLInputElement>(null);
  // While sending, the previous message goes away: it was about the last try (issue 14.4).
  const shown = pending ? initialFormState : state;
  const fieldError = shown.errors?.email;
  // A problem with the field is said once, under it; anything else above the form.
  const banner = fieldError ? initialFormState : shown;

  // After a refusal, focus goes back to the field (the disabled button dropped
  // it on <body>); the field is described by the message, so it is read out.
  useEffect(() => {
    if (state.message || state.errors?.email) inputRef.current?.focus();
  }, [state]);

  const describedBy = fieldError ? "email-error" : banner.message ? "email-message" : undefined;
  return (
    <form action={action} noValidate>
      <FormMessage state={banner} id="email-message" />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label htmlFor="email">{text.label}</label>
      <input
        ref={inputRef}
        id="email"
        name="email"
        type="email"
        dir="ltr"
        autoComplete="username webauthn"
        inputMode="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={320}
        autoFocus
        defaultValue={state.fields?.email ?? defaultEmail ?? ""}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={describedBy}
      />
      {fieldError ? (
        // Still the form's message for the QA kit (`formMessage(page)`, the UI contract), said once, under the field.
        <p id="email-error" className="field-error" data-testid="form-message">
          {fieldError}
        </p>
      ) : null}
      <button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? text.sending : text.submit}
      </button>
    </form>
  );
}
