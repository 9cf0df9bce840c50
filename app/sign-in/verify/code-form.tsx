"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { verifyCodeAction } from "@/app/sign-in/verify/actions";
import { FormMessage } from "@/app/components/form-message";
import { CodeInput } from "@/app/components/code-input";
import type { FormState } from "@/lib/form-state";

/** The words, translated by the server page (no i18n runtime in the client bundle). */
export type CodeFormText = { label: string; submit: string; submitting: string; signedIn: string };

type Props = {
  challengeId: string;
  callbackUrl: string;
  notice?: string;
  dead?: string;
  /** Ask now and then whether the emailed link signed this browser in from another tab. */
  watchSignIn: boolean;
  codeLength: number;
  digits: boolean;
  /** An example in the configured format (lib/auth/code.ts codeExample). */
  placeholder: string;
  text: CodeFormText;
};

/** Every 3 s while the tab is visible, and at once when it comes back: a few tiny GETs a minute. */
const WATCH_MS = 3000;

const MESSAGE_ID = "code-message";

export function CodeForm({ challengeId, callbackUrl, notice, dead, watchSignIn, codeLength, digits, placeholder, text }: Props) {
  const initial: FormState = dead
    ? { tone: "error", message: dead, dead: true }
    : notice
      ? { tone: "info", message: notice }
      : {};
  const [state, action, pending] = useActionState(verifyCodeAction, initial);
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const [signedIn, setSignedIn] = useState(false);
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

  // The emailed link opened in another tab of this browser signs it in; this
  // tab then goes on to where the person was going (issue 14.1).
  useEffect(() => {
    if (!watchSignIn) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function check() {
      timer = undefined;
      if (stopped) return;
      if (document.visibilityState !== "hidden") {
        try {
          const response = await fetch(`/sign-in/verify/status?challengeId=${encodeURIComponent(challengeId)}`, {
            cache: "no-store",
            headers: { accept: "application/json" },
          });
          const body = response.ok ? ((await response.json()) as { signedIn?: boolean }) : null;
          if (stopped) return;
          if (body?.signedIn) {
            stopped = true;
            setSignedIn(true);
            window.location.assign(callbackUrl);
            return;
          }
        } catch {
          // Offline for a moment: ask again on the next tick.
        }
      }
      if (!stopped) timer = setTimeout(check, WATCH_MS);
    }
    function onBack() {
      if (document.visibilityState === "visible" && timer !== undefined) {
        clearTimeout(timer);
        void check();
      }
    }
    timer = setTimeout(check, WATCH_MS);
    document.addEventListener("visibilitychange", onBack);
    window.addEventListener("focus", onBack);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener("visibilitychange", onBack);
      window.removeEventListener("focus", onBack);
    };
  }, [watchSignIn, challengeId, callbackUrl]);

  // Pasting a whole code (with or without its dash) signs in straight away.
  function onPaste(event: React.ClipboardEvent<HTMLInputElement>) {
    const pasted = event.clipboardData.getData("text").replace(/[\s-]/g, "");
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
