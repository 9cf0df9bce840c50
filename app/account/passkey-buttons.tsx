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

const CANCELLED = "The passkey prompt was closed. Nothing was changed.";
const FAILED = "That didn't work. Please try again in a minute.";

function isCancel(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NotAllowedError" || name === "AbortError";
}

function usePasskeyStep(run: () => Promise<PasskeyActionResult | null>) {
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
      setMessage(result ? result.message : FAILED);
    } catch (error) {
      setMessage(isCancel(error) ? CANCELLED : FAILED);
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

export function CreatePasskeyButton({ label }: { label: string }) {
  const supported = useWebAuthn();
  const { pending, message, go } = usePasskeyStep(createPasskey);
  if (!supported) return null;
  return (
    <>
      <Message text={message} />
      <button type="button" onClick={go} disabled={pending}>
        {pending ? "Waiting for your passkey…" : label}
      </button>
    </>
  );
}

/** After a code sign-in: "Sign in faster next time". */
export function PasskeyOffer() {
  const supported = useWebAuthn();
  if (!supported) return null;
  return (
    <div className="notice" data-testid="passkey-offer">
      <h2>Sign in faster next time</h2>
      <p className="muted">Create a passkey and sign in with your fingerprint, face or screen lock instead of an email code.</p>
      <div className="row">
        <CreatePasskeyButton label="Create a passkey" />
        <form action={snoozePasskeyOfferAction}>
          <button type="submit" className="secondary">
            Not now
          </button>
        </form>
      </div>
    </div>
  );
}

export function DeleteWithPasskeyButton() {
  const supported = useWebAuthn();
  const { pending, message, go } = usePasskeyStep(deleteWithPasskey);
  if (!supported) return null;
  return (
    <>
      <Message text={message} />
      <button type="button" className="secondary" onClick={go} disabled={pending}>
        {pending ? "Waiting for your passkey…" : "Delete account with a passkey"}
      </button>
    </>
  );
}

/** Step-up before changing the email: instead of a code to the current address. */
export function ConfirmWithPasskeyButton() {
  const supported = useWebAuthn();
  const { pending, message, go } = usePasskeyStep(confirmWithPasskey);
  if (!supported) return null;
  return (
    <>
      <Message text={message} />
      <button type="button" className="secondary" onClick={go} disabled={pending}>
        {pending ? "Waiting for your passkey…" : "Confirm it's you with a passkey"}
      </button>
    </>
  );
}
