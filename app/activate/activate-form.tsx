"use client";

import { useActionState } from "react";
import { activateAction } from "@/app/activate/actions";
import { initialActivateState } from "@/app/activate/state";

export function ActivateForm({ initialCode, placeholder, email }: { initialCode: string; placeholder: string; email: string }) {
  const [state, action, pending] = useActionState(activateAction, initialActivateState);

  if (state.stage === "done") {
    return (
      <p className="message info" role="status" data-testid="activate-result">
        {state.outcome === "approved"
          ? `${state.clientName} is signed in as ${email}. You can go back to your device now.`
          : `Denied: ${state.clientName} was not signed in.`}
      </p>
    );
  }
  if (state.stage === "over") {
    return (
      <div className="stack">
        <p className="message error" role="alert" data-testid="activate-result">
          {state.message}
        </p>
        <a href="/activate">Enter another code</a>
      </div>
    );
  }
  if (state.stage === "confirm") {
    return (
      <form action={action} className="stack">
        <input type="hidden" name="code" value={state.code} />
        <p data-testid="activate-request">
          <strong>{state.clientName}</strong> wants to sign in to your account ({email}).
        </p>
        <dl className="facts">
          <dt>Code</dt>
          <dd>{state.code}</dd>
          <dt>Requested from</dt>
          <dd data-testid="activate-from">
            {state.requestedFrom}
            {state.ip ? ` · ${state.ip}` : ""}
          </dd>
          <dt>When</dt>
          <dd>{state.requestedAt}</dd>
        </dl>
        <p className="muted">Only approve if you started this on your own device just now.</p>
        <div className="row">
          <button type="submit" name="intent" value="approve" disabled={pending}>
            Approve
          </button>
          <button type="submit" name="intent" value="deny" className="secondary" disabled={pending}>
            Deny
          </button>
        </div>
      </form>
    );
  }
  return (
    <form action={action} noValidate>
      {state.message ? (
        <p className="message error" role="alert" data-testid="form-message">
          {state.message}
        </p>
      ) : null}
      <label htmlFor="device-code">Device code</label>
      <input
        id="device-code"
        name="code"
        type="text"
        className="code-input"
        autoComplete="off"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        maxLength={32}
        required
        placeholder={placeholder}
        defaultValue={state.code ?? initialCode}
      />
      <input type="hidden" name="intent" value="lookup" />
      <button type="submit" disabled={pending}>
        {pending ? "Checking…" : "Continue"}
      </button>
    </form>
  );
}
