"use client";

import { useActionState } from "react";
import { undoEmailChangeAction } from "@/app/email-change/undo/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** Words come translated from the server page: no i18n runtime in the client. */
export function UndoForm({ token, words }: { token: string; words: { submit: string; restoring: string } }) {
  const [state, action, pending] = useActionState(undoEmailChangeAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage state={state} testId="undo-message" />
      <input type="hidden" name="token" value={token} />
      {state.dead ? null : (
        <button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? words.restoring : words.submit}
        </button>
      )}
    </form>
  );
}
