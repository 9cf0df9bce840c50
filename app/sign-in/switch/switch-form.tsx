"use client";

import { useActionState } from "react";
import { cancelSwitchAction, confirmSwitchAction } from "@/app/sign-in/switch/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

export function SwitchForms({ challengeId, callbackUrl, continueLabel }: { challengeId: string; callbackUrl: string; continueLabel: string }) {
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
              {continueLabel}
            </button>
          </form>
        )}
        <form action={cancel}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className="secondary" disabled={confirming || cancelling}>
            Cancel
          </button>
        </form>
      </div>
    </>
  );
}
