"use client";

import { useActionState } from "react";
import { confirmPurposeAction, startDeletionAction, startEmailChangeAction } from "@/app/account/actions";
import { FormMessage } from "@/app/components/form-message";
import { CodeInput } from "@/app/components/code-input";
import { initialFormState } from "@/lib/form-state";

export function ChangeEmailForm() {
  const [state, action, pending] = useActionState(startEmailChangeAction, initialFormState);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} testId="change-email-message" />
      <label htmlFor="new-email">New email address</label>
      <input id="new-email" name="email" type="email" autoComplete="email" required maxLength={320} defaultValue={state.fields?.email ?? ""} />
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? "Sending…" : "Send confirmation code"}
      </button>
    </form>
  );
}

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState(startDeletionAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage state={state} testId="delete-message" />
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? "Sending…" : "Delete account…"}
      </button>
    </form>
  );
}

export function ConfirmCodeForm({ purpose, submitLabel, placeholder }: { purpose: string; submitLabel: string; placeholder: string }) {
  const [state, action, pending] = useActionState(confirmPurposeAction, initialFormState);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="purpose" value={purpose} />
      <label htmlFor="code">Confirmation code</label>
      <CodeInput placeholder={placeholder} defaultValue={state.fields?.code ?? ""} invalid={Boolean(state.errors?.code)} disabled={state.dead} />
      <button type="submit" disabled={pending || state.dead}>
        {pending ? "Checking…" : submitLabel}
      </button>
    </form>
  );
}
