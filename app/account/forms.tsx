"use client";

import { useActionState } from "react";
import { confirmPurposeAction, startDeletionAction, startEmailChangeAction } from "@/app/account/actions";
import { FormMessage } from "@/app/components/form-message";
import { CodeInput } from "@/app/components/code-input";
import { initialFormState } from "@/lib/form-state";

// Words come translated from the server parent: no i18n runtime in the client.

export function ChangeEmailForm({ words }: { words: { label: string; submit: string; sending: string } }) {
  const [state, action, pending] = useActionState(startEmailChangeAction, initialFormState);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} testId="change-email-message" />
      <label htmlFor="new-email">{words.label}</label>
      <input id="new-email" name="email" type="email" dir="ltr" autoComplete="email" required maxLength={320} defaultValue={state.fields?.email ?? ""} />
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? words.sending : words.submit}
      </button>
    </form>
  );
}

/** The first step of deleting: danger styling, so it reads as what it is. */
export function DeleteAccountForm({ words }: { words: { submit: string; sending: string } }) {
  const [state, action, pending] = useActionState(startDeletionAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage state={state} testId="delete-message" />
      <button type="submit" className="danger" disabled={pending}>
        {pending ? words.sending : words.submit}
      </button>
    </form>
  );
}

export function ConfirmCodeForm({
  purpose,
  placeholder,
  danger,
  words,
}: {
  purpose: string;
  placeholder: string;
  /** The code's success cannot be undone (deleting the account): the button says so by its style. */
  danger: boolean;
  words: { label: string; submit: string; checking: string };
}) {
  const [state, action, pending] = useActionState(confirmPurposeAction, initialFormState);
  return (
    <form action={action} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="purpose" value={purpose} />
      <label htmlFor="code">{words.label}</label>
      <CodeInput placeholder={placeholder} defaultValue={state.fields?.code ?? ""} invalid={Boolean(state.errors?.code)} disabled={state.dead} />
      <button type="submit" className={danger ? "danger" : undefined} disabled={pending || state.dead}>
        {pending ? words.checking : words.submit}
      </button>
    </form>
  );
}
