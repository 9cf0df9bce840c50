"use client";

import { useActionState, useRef } from "react";
import { verifyCodeAction } from "@/app/sign-in/verify/actions";
import { FormMessage } from "@/app/components/form-message";
import { CodeInput } from "@/app/components/code-input";
import type { FormState } from "@/lib/form-state";

type Props = {
  challengeId: string;
  callbackUrl: string;
  notice?: string;
  dead?: string;
  codeLength: number;
  digits: boolean;
  /** An example in the configured format (lib/auth/code.ts codeExample). */
  placeholder: string;
};

export function CodeForm({ challengeId, callbackUrl, notice, dead, codeLength, digits, placeholder }: Props) {
  const initial: FormState = dead
    ? { tone: "error", message: dead, dead: true }
    : notice
      ? { tone: "info", message: notice }
      : {};
  const [state, action, pending] = useActionState(verifyCodeAction, initial);
  const formRef = useRef<HTMLFormElement>(null);
  const error = state.errors?.code;

  // Pasting a whole code (with or without its dash) signs in straight away.
  function onPaste(event: React.ClipboardEvent<HTMLInputElement>) {
    const pasted = event.clipboardData.getData("text").replace(/[\s-]/g, "");
    if (pasted.length === codeLength) {
      event.preventDefault();
      event.currentTarget.value = pasted.toUpperCase();
      formRef.current?.requestSubmit();
    }
  }

  return (
    <form action={action} ref={formRef} noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="challengeId" value={challengeId} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label htmlFor="code">Sign-in code</label>
      <CodeInput
        digits={digits}
        placeholder={placeholder}
        defaultValue={state.fields?.code ?? ""}
        onPaste={onPaste}
        invalid={Boolean(error)}
        disabled={state.dead}
      />
      <button type="submit" disabled={pending || state.dead} aria-busy={pending || undefined}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
