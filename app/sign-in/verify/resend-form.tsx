"use client";

import { useActionState, useEffect, useState } from "react";
import { resendCodeAction } from "@/app/sign-in/verify/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** The words, translated by the server page; `cooldown` holds `{seconds}`. */
export type ResendFormText = { resend: string; sendNew: string; cooldown: string };

/**
 * "Resend code". Without JS the server enforces the cooldown and says how long
 * is left; with JS the button counts down so nobody clicks in vain.
 */
export function ResendForm({
  callbackUrl,
  resendInSeconds,
  emphasise,
  text,
}: {
  callbackUrl: string;
  resendInSeconds: number;
  emphasise: boolean;
  text: ResendFormText;
}) {
  const [state, action, pending] = useActionState(resendCodeAction, initialFormState);
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
      {/* While a new code is being asked for, the last answer is out of date. */}
      <FormMessage state={pending ? initialFormState : state} testId="resend-message" />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <button type="submit" className={emphasise ? undefined : "secondary"} disabled={pending || (hydrated && left > 0)}>
        {emphasise ? text.sendNew : text.resend}
      </button>
      {left > 0 ? (
        <span className="muted" data-testid="resend-cooldown">
          {text.cooldown.replace("{seconds}", String(left))}
        </span>
      ) : null}
    </form>
  );
}
