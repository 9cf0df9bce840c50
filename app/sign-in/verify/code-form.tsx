"use client";

import { useActionState, useEffect, useRef } from "react";
import { verifyCodeAction } from "@/app/sign-in/verify/actions";
import { FormMessage } from "@/app/components/form-message";
import { CodeInput } from "@/app/components/code-input";
import { useCodePagePoll } from "@/app/sign-in/verify/status-poll";
import type { FormState } from "@/lib/form-state";
import { stripCodeNoise } from "@/lib/code-input";

/** The words, translated by the server page (no i18n runtime in the client bundle). */
export type CodeFormText = { label: string; submit: string; submitting: string; signedIn: string };

type Props = {
  challengeId: string;
  callbackUrl: string;
  notice?: string;
  dead?: string;
  codeLength: number;
  digits: boolean;
  /** An example in the configured format (lib/auth/code.ts codeExample). */
  placeholder: string;
  text: CodeFormText;
};

const MESSAGE_ID = "code-message";

export function CodeForm({ challengeId, callbackUrl, notice, dead, codeLength, digits, placeholder, text }: Props) {
  const initial: FormState = dead
    ? { tone: "error", message: dead, dead: true }
    : notice
      ? { tone: "info", message: notice }
      : {};
  const [state, action, pending] = useActionState(verifyCodeAction, initial);
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  // The emailed link, opened in another tab of this browser, signed it in:
  // the code page's poll goes on to `callbackUrl`; meanwhile this says so (issue 14.1).
  const signedIn = useCodePagePoll().phase === "signed-in";
  const first = useRef(true);
  const error = state.errors?.code;

  // After a refusal, focus goes back where the person works (issue 14.4): the
  // field, its text selected for retyping (it is described by the message, so
  // the message is read out); on a dead form, the message itself.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return; // on load the field has autofocus
    }
    if (state.tone !== "error") return;
    if (state.dead) messageRef.current?.focus();
    else {
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  }, [state]);

  // Pasting a whole code (with or without its dash) signs in straight away.
  function onPaste(event: React.ClipboardEvent<HTMLInputElement>) {
    // The server's own rule (lib/code-input.ts): a code pasted from a right-to-left email carries bidi isolates.
    const pasted = stripCodeNoise(event.clipboardData.getData("text"));
    if (pasted.length === codeLength) {
      event.preventDefault();
      event.currentTarget.value = pasted.toUpperCase();
      formRef.current?.requestSubmit();
    }
  }

  // While a code is being checked, the last message is out of date (issue 14.4).
  const shown: FormState = signedIn ? { tone: "info", message: text.signedIn } : pending ? {} : state;
  return (
    <form action={action} ref={formRef} noValidate>
      <FormMessage state={shown} id={MESSAGE_ID} ref={messageRef} />
      <input type="hidden" name="challengeId" value={challengeId} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label htmlFor="code">{text.label}</label>
      <CodeInput
        ref={inputRef}
        digits={digits}
        placeholder={placeholder}
        defaultValue={state.fields?.code ?? ""}
        onPaste={onPaste}
        invalid={Boolean(error) && !pending}
        describedBy={shown.message ? MESSAGE_ID : undefined}
        disabled={state.dead}
      />
      <button type="submit" disabled={pending || state.dead} aria-busy={pending || undefined}>
        {pending ? text.submitting : text.submit}
      </button>
    </form>
  );
}
