"use client";

import { useActionState } from "react";
import { cancelSwitchAction, confirmSwitchAction } from "@/app/sign-in/switch/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** Words come translated from the page (no i18n runtime in the client bundle). */
export function SwitchForms({ challengeId, callbackUrl, words }: { challengeId: string; callbackUrl: string; words: { continue: string; cancel: string } }) {
  const [state, confirm, confirming] = useActionState(confirmSwitchAction, initialFormState);
  const [, cancel, cancelling] = useActionState(cancelSwitchAction, initialFormState);
  return (
    <>
      <FormMessage state={state} testId="switch-message" />
      <div className="row">
        {state.dead ? null : (
          <form action={confirm}>
            <input type="hidden" name="challengeId" value={challengeId} />
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button type="submit" disabled={confirming || cancelling} aria-busy={confirming || undefined}>
              {words.continue}
            </button>
          </form>
        )}
        <form action={cancel}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className="secondary" disabled={confirming || cancelling}>
            {words.cancel}
          </button>
        </form>
      </div>
    </>
  );
}
