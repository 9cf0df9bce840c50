"use client";

import { useActionState } from "react";
import {
  approveLinkAction,
  denyLinkAction,
  requestApprovalAction,
  signInWithLinkAction,
  startHereAction,
} from "@/app/sign-in/link/actions";
import { FormMessage } from "@/app/components/form-message";
import { initialFormState } from "@/lib/form-state";

/** The link's own browser: one button, one POST. Words come translated from the page. */
export function LinkSignInForm({ token, callbackUrl, words }: { token: string; callbackUrl: string; words: { submit: string; pending: string } }) {
  const [state, action, pending] = useActionState(signInWithLinkAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage state={state} testId="link-message" />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.dead ? null : (
        <button type="submit" disabled={pending} aria-busy={pending || undefined}>
          {pending ? words.pending : words.submit}
        </button>
      )}
    </form>
  );
}

export type LinkDecisionWords = {
  continue: string;
  continuing: string;
  numberLabel: string;
  numberHint: string;
  approve: string;
  deny: string;
};

/**
 * Another device, in two steps. "request": Continue (asks to approve, so the
 * asking page shows its number) or Deny. "number": type that number and
 * Approve, or Deny. The primary button comes first; both take the card's
 * full width (`.decision`), so nothing overflows a phone, left to right or
 * right to left. Once either has answered, the buttons give way to the
 * answer (with or without JS: the page re-reads the state).
 */
export function LinkDecisionForms({ token, step, words }: { token: string; step: "request" | "number"; words: LinkDecisionWords }) {
  const [requested, request, requesting] = useActionState(requestApprovalAction, initialFormState);
  const [approved, approve, approving] = useActionState(approveLinkAction, initialFormState);
  const [denied, deny, denying] = useActionState(denyLinkAction, initialFormState);
  // A malformed number is a hint shown inside the form; any other answer ends it.
  const answer = denied.message ? denied : approved.message && (approved.tone === "info" || approved.dead) ? approved : null;
  if (answer) return <FormMessage state={answer} testId="link-message" />;
  const busy = requesting || approving || denying;
  return (
    <div className="decision">
      {step === "request" ? (
        <form action={request}>
          <input type="hidden" name="token" value={token} />
          <FormMessage state={requested} testId="request-message" />
          <button type="submit" disabled={busy} aria-busy={requesting || undefined} data-testid="continue-approval">
            {requesting ? words.continuing : words.continue}
          </button>
        </form>
      ) : (
        <form action={approve}>
          <input type="hidden" name="token" value={token} />
          <div className="matching" data-testid="matching-entry">
            <label htmlFor="matching-number-input">{words.numberLabel}</label>
            <p className="muted" id="matching-number-hint">
              {words.numberHint}
            </p>
            <input
              id="matching-number-input"
              name="number"
              type="text"
              dir="ltr"
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
          <button type="submit" disabled={busy} aria-busy={approving || undefined} data-testid="approve-sign-in">
            {words.approve}
          </button>
        </form>
      )}
      <form action={deny}>
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="secondary" disabled={busy} aria-busy={denying || undefined} data-testid="deny-sign-in">
          {words.deny}
        </button>
      </form>
    </div>
  );
}

/** A new flow bound to this browser, for the link's email (which the page never shows in full). */
export function StartHereForm({ token, callbackUrl, label, primary = false }: { token: string; callbackUrl?: string; label: string; primary?: boolean }) {
  const [state, action, pending] = useActionState(startHereAction, initialFormState);
  return (
    <form action={action}>
      <FormMessage state={state} testId="start-here-message" />
      <input type="hidden" name="token" value={token} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <button type="submit" className={primary ? undefined : "secondary"} disabled={pending} aria-busy={pending || undefined}>
        {label}
      </button>
    </form>
  );
}
