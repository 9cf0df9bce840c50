"use client";

import { useActionState } from "react";
import {
  approveLinkAction,
  denyLinkAction,
  signInWithLinkAction,
  startHereAction,
} from "@/app/sign-in/link/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** The link's own browser: one button, one POST. */
export function LinkSignInForm({ token, callbackUrl }: { token: string; callbackUrl: string }) {
  const [state, action, pending] = useActionState(signInWithLinkAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage state={state} testId="link-message" />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.dead ? null : (
        <button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      )}
    </form>
  );
}

/**
 * Another device: approve or deny. Once either has answered, both buttons
 * give way to the answer (with or without JS: the page re-reads the state).
 */
export function LinkDecisionForms({ token }: { token: string }) {
  const [approved, approve, approving] = useActionState(approveLinkAction, initialFormState);
  const [denied, deny, denying] = useActionState(denyLinkAction, initialFormState);
  // A malformed number is a hint shown inside the form; any other answer ends it.
  const answer = denied.message ? denied : approved.message && (approved.tone === "info" || approved.dead) ? approved : null;
  if (answer) return <FormMessage state={answer} testId="link-message" />;
  const busy = approving || denying;
  return (
    <div className="row">
      <form action={approve} className="stack">
        <input type="hidden" name="token" value={token} />
        <div className="matching" data-testid="matching-entry">
          <label htmlFor="matching-number-input">Number on the other device</label>
          <p className="muted" id="matching-number-hint">
            Type the 3-digit number shown where you asked to sign in. A wrong number cancels the sign-in.
          </p>
          <input
            id="matching-number-input"
            name="number"
            inputMode="numeric"
            autoComplete="off"
            pattern="[0-9]{3}"
            maxLength={3}
            required
            aria-describedby="matching-number-hint"
            className="matching-number-input"
          />
        </div>
        <FormMessage state={approved} testId="approve-message" />
        <button type="submit" disabled={busy} aria-busy={approving || undefined}>
          Approve sign-in
        </button>
      </form>
      <form action={deny}>
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="secondary" disabled={busy} aria-busy={denying || undefined}>
          Deny
        </button>
      </form>
    </div>
  );
}

/** A new flow bound to this browser, for the link's email (which the page never shows in full). */
export function StartHereForm({ token, label, primary = false }: { token: string; label: string; primary?: boolean }) {
  const [state, action, pending] = useActionState(startHereAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage state={state} testId="start-here-message" />
      <input type="hidden" name="token" value={token} />
      <button type="submit" className={primary ? undefined : "secondary"} disabled={pending} aria-busy={pending || undefined}>
        {label}
      </button>
    </form>
  );
}
