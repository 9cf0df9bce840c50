"use client";

import { useEffect, useRef, useState } from "react";
import { passkeySignInAction, passkeySignInOptionsAction } from "@/app/sign-in/passkey-actions";

/**
 * "Sign in with a passkey" and the passkey autofill on the email field
 * (conditional UI). Rendered only once JavaScript runs in a browser with
 * WebAuthn: without it the page is the code form alone. The WebAuthn code
 * (@simplewebauthn/browser) loads on demand, so the page weight stays put.
 */
/** The words, translated by the server page (no i18n runtime in the client bundle). */
type Messages = { cancelled: string; unavailable: string; button: string; waiting: string };

function isCancel(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NotAllowedError" || name === "AbortError";
}

export function PasskeySignIn({ callbackUrl, messages }: { callbackUrl: string; messages: Messages }) {
  const [supported, setSupported] = useState(false);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const done = useRef(false);

  async function finish(response: Awaited<ReturnType<typeof import("@simplewebauthn/browser").startAuthentication>>) {
    setPending(true);
    const result = await passkeySignInAction(response, callbackUrl);
    if (result.ok) {
      done.current = true;
      window.location.assign(result.redirectTo);
      return;
    }
    setPending(false);
    setMessage(result.message);
  }

  useEffect(() => {
    if (typeof window.PublicKeyCredential !== "function") return;
    setSupported(true);
    let cancelled = false;
    // Conditional UI: the passkeys of this site appear in the email field's autofill.
    void (async () => {
      const webauthn = await import("@simplewebauthn/browser");
      if (cancelled || !(await webauthn.browserSupportsWebAuthnAutofill())) return;
      const optionsJSON = await passkeySignInOptionsAction();
      if (!optionsJSON || cancelled) return;
      try {
        await finish(await webauthn.startAuthentication({ optionsJSON, useBrowserAutofill: true }));
      } catch {
        // Aborted by the button's own prompt, or the page left: nothing to say.
      }
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function onClick() {
    setMessage(null);
    setPending(true);
    try {
      const webauthn = await import("@simplewebauthn/browser");
      const optionsJSON = await passkeySignInOptionsAction();
      if (!optionsJSON) {
        setMessage(messages.unavailable);
        setPending(false);
        return;
      }
      await finish(await webauthn.startAuthentication({ optionsJSON }));
    } catch (error) {
      if (done.current) return;
      setPending(false);
      setMessage(isCancel(error) ? messages.cancelled : messages.unavailable);
    }
  }

  if (!supported) return null;
  return (
    <div className="providers" data-testid="passkey-sign-in">
      {message ? (
        <p className="message error" role="alert" data-testid="passkey-message">
          {message}
        </p>
      ) : null}
      <button type="button" className="secondary" onClick={onClick} disabled={pending}>
        {pending ? messages.waiting : messages.button}
      </button>
    </div>
  );
}
