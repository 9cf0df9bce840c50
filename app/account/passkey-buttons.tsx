"use client";

import { useEffect, useState } from "react";
import {
  confirmWithPasskeyAction,
  deleteAccountWithPasskeyAction,
  passkeyRegisterAction,
  passkeyRegistrationOptionsAction,
  passkeyStepUpOptionsAction,
  snoozePasskeyOfferAction,
  type PasskeyActionResult,
} from "@/app/account/passkey-actions";

/** WebAuthn in this browser? Until known (and without JavaScript) nothing passkey-only is shown. */
function useWebAuthn(): boolean {
  const [supported, setSupported] = useState(false);
  useEffect(() => setSupported(typeof window.PublicKeyCredential === "function"), []);
  return supported;
}

/** The words every passkey button needs, translated by the server parent (no i18n runtime in the client). */
export type PasskeyWords = { waiting: string; cancelled: string; failed: string };

function isCancel(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NotAllowedError" || name === "AbortError";
}

function usePasskeyStep(run: () => Promise<PasskeyActionResult | null>, words: PasskeyWords) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function go() {
    setPending(true);
    setMessage(null);
    try {
      const result = await run();
      if (result?.ok) {
        window.location.assign(result.redirectTo);
        return;
      }
      setMessage(result ? result.message : words.failed);
    } catch (error) {
      setMessage(isCancel(error) ? words.cancelled : words.failed);
    }
    setPending(false);
  }
  return { pending, message, go };
}

async function createPasskey(): Promise<PasskeyActionResult | null> {
  const { startRegistration } = await import("@simplewebauthn/browser");
  const optionsJSON = await passkeyRegistrationOptionsAction();
  if (!optionsJSON) return null;
  return passkeyRegisterAction(await startRegistration({ optionsJSON }));
}

async function deleteWithPasskey(): Promise<PasskeyActionResult | null> {
  const { startAuthentication } = await import("@simplewebauthn/browser");
  const optionsJSON = await passkeyStepUpOptionsAction();
  if (!optionsJSON) return null;
  return deleteAccountWithPasskeyAction(await startAuthentication({ optionsJSON }));
}

async function confirmWithPasskey(): Promise<PasskeyActionResult | null> {
  const { startAuthentication } = await import("@simplewebauthn/browser");
  const optionsJSON = await passkeyStepUpOptionsAction();
  if (!optionsJSON) return null;
  return confirmWithPasskeyAction(await startAuthentication({ optionsJSON }));
}

function Message({ text }: { text: string | null }) {
  return text ? (
    <p className="message error" role="alert" data-testid="passkey-message">
      {text}
    </p>
  ) : null;
}

export function CreatePasskeyButton({ label, words }: { label: string; words: PasskeyWords }) {
  const supported = useWebAuthn();
  const { pending, message, go } = usePasskeyStep(createPasskey, words);
  if (!supported) return null;
  return (
    <>
      <Message text={message} />
      <button type="button" onClick={go} disabled={pending}>
        {pending ? words.waiting : label}
      </button>
    </>
  );
}

export type PasskeyOfferWords = PasskeyWords & { title: string; body: string; create: string; notNow: string };

/** After a code sign-in: "Sign in faster next time". */
export function PasskeyOffer({ words }: { words: PasskeyOfferWords }) {
  const supported = useWebAuthn();
  if (!supported) return null;
  return (
    <div className="notice" data-testid="passkey-offer">
      <h2>{words.title}</h2>
      <p className="muted">{words.body}</p>
      <div className="row">
        <CreatePasskeyButton label={words.create} words={words} />
        <form action={snoozePasskeyOfferAction}>
          <button type="submit" className="secondary">
            {words.notNow}
          </button>
        </form>
      </div>
    </div>
  );
}

/** Deleting is for good: danger styling, like the code path's "Delete account…". */
export function DeleteWithPasskeyButton({ label, words }: { label: string; words: PasskeyWords }) {
  const supported = useWebAuthn();
  const { pending, message, go } = usePasskeyStep(deleteWithPasskey, words);
  if (!supported) return null;
  return (
    <>
      <Message text={message} />
      <button type="button" className="danger" onClick={go} disabled={pending}>
        {pending ? words.waiting : label}
      </button>
    </>
  );
}

/** Step-up before changing the email: instead of a code to the current address. */
export function ConfirmWithPasskeyButton({ label, words }: { label: string; words: PasskeyWords }) {
  const supported = useWebAuthn();
  const { pending, message, go } = usePasskeyStep(confirmWithPasskey, words);
  if (!supported) return null;
  return (
    <>
      <Message text={message} />
      <button type="button" className="secondary" onClick={go} disabled={pending}>
        {pending ? words.waiting : label}
      </button>
    </>
  );
}
