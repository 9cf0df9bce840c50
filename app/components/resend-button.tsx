"use client";

import { useActionState, useEffect, useState } from "react";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState, type FormState } from "@/lib/form-state";

/**
 * The words, translated by the server page (no i18n runtime in the client
 * bundle). `cooldown` holds a literal "{seconds}" the countdown fills.
 */
export type ResendText = { resend: string; sendNew: string; cooldown: string };

/**
 * "Resend code" (or, once the code is dead, "Send a new code") on the code
 * page and the account's confirm page; each passes its own server action and
 * the hidden fields that action reads. Without JS the server enforces the
 * cooldown and says how long is left; with JS the button counts down so
 * nobody clicks in vain.
 */
export function ResendButton({
  action: resendAction,
  fields,
  resendInSeconds,
  emphasise,
  text,
}: {
  action: (prev: FormState, formData: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  resendInSeconds: number;
  emphasise: boolean;
  text: ResendText;
}) {
  const [state, action, pending] = useActionState(resendAction, initialFormState);
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
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
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
