"use client";

import { useActionState, useEffect, useState } from "react";
import { resendConfirmationAction } from "@/app/account/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/**
 * "Resend code" on a confirm page. Without JS the server enforces the
 * cooldown and says how long is left (the failure catalogue); with JS the
 * button counts down so nobody clicks in vain. `words.resendIn` holds a
 * literal "{seconds}" the countdown fills (the server translated the rest).
 */
export function ConfirmResendForm({
  purpose,
  resendInSeconds,
  emphasise,
  words,
}: {
  purpose: string;
  resendInSeconds: number;
  emphasise: boolean;
  words: { resend: string; sendNew: string; resendIn: string };
}) {
  const [state, action, pending] = useActionState(resendConfirmationAction, initialFormState);
  const [left, setLeft] = useState(resendInSeconds);
  // Disabled only once JS runs: a no-JS button must stay clickable.
  const [hydrated, setHydrated] = useState(false);

  useEffect(() => {
    setHydrated(true);
    setLeft(resendInSeconds);
    if (resendInSeconds <= 0) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, resendInSeconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [resendInSeconds]);

  return (
    <form action={action}>
      <FormMessage state={state} testId="resend-message" />
      <input type="hidden" name="purpose" value={purpose} />
      <button type="submit" className={emphasise ? undefined : "secondary"} disabled={pending || (hydrated && left > 0)}>
        {emphasise ? words.sendNew : words.resend}
      </button>
      {left > 0 ? (
        <span className="muted" data-testid="resend-cooldown">
          {words.resendIn.replace("{seconds}", String(left))}
        </span>
      ) : null}
    </form>
  );
}
