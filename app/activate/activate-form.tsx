"use client";

import { useActionState } from "react";
import { activateAction } from "@/app/activate/actions";
import { initialActivateState, type ActivateWords } from "@/app/activate/state";

export function ActivateForm({ initialCode, placeholder, words }: { initialCode: string; placeholder: string; words: ActivateWords }) {
  const [state, action, pending] = useActionState(activateAction, initialActivateState);

  if (state.stage === "done") {
    return (
      <p className="message info" role="status" data-testid="activate-result">
        {state.message}
      </p>
    );
  }
  if (state.stage === "over") {
    return (
      <div className="stack">
        <p className="message error" role="alert" data-testid="activate-result">
          {state.message}
        </p>
        <a href="/activate">{words.enterAnother}</a>
      </div>
    );
  }
  if (state.stage === "confirm") {
    return (
      <form action={action} className="stack">
        <input type="hidden" name="code" value={state.code} />
        <p data-testid="activate-request">{state.request}</p>
        <dl className="facts">
          <dt>{words.code}</dt>
          <dd dir="ltr">{state.code}</dd>
          <dt>{words.requestedFrom}</dt>
          <dd data-testid="activate-from">
            {state.requestedFrom}
            {state.ip ? (
              <>
                {" · "}
                <span dir="ltr">{state.ip}</span>
              </>
            ) : null}
          </dd>
          <dt>{words.when}</dt>
          <dd>
            <time dateTime={state.requestedAtIso}>{state.requestedAt}</time>
          </dd>
        </dl>
        <p className="muted">{words.onlyApprove}</p>
        <div className="row">
          <button type="submit" name="intent" value="approve" disabled={pending}>
            {words.approve}
          </button>
          <button type="submit" name="intent" value="deny" className="secondary" disabled={pending}>
            {words.deny}
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
      <label htmlFor="device-code">{words.codeLabel}</label>
      <input
        id="device-code"
        name="code"
        type="text"
        dir="ltr"
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
        {pending ? words.checking : words.continue}
      </button>
    </form>
  );
}
