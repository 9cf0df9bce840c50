"use client";

import { useActionState } from "react";
import { requestCodeAction } from "@/app/sign-in/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

export function EmailForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail?: string }) {
  const [state, action, pending] = useActionState(requestCodeAction, initialFormState);
  const error = state.errors?.email;
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label htmlFor="email">Email address</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="username webauthn"
        inputMode="email"
        autoCapitalize="none"
        spellCheck={false}
        required
        maxLength={320}
        autoFocus
        defaultValue={state.fields?.email ?? defaultEmail ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "email-error" : undefined}
      />
      {error ? (
        <p id="email-error" className="field-error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Sending…" : "Continue with email"}
      </button>
    </form>
  );
}
