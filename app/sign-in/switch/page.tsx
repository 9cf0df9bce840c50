import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { currentUser, readHeldSignIn } from "@/lib/auth/sign-in";
import { failureMessage } from "@/lib/auth/failures";
import { isChallengeId } from "@/lib/ids";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { Unavailable } from "@/app/components/unavailable";
import { SwitchForms } from "@/app/sign-in/switch/switch-form";
import { requestLocale } from "@/lib/i18n/request-locale";

export const metadata: Metadata = { title: "Switch account?" };

/**
 * F3, `userSwitch: "confirm"`: this browser proved a sign-in for B (right
 * code, or its link) while signed in as A. Nothing is consumed yet; the page
 * names both accounts and waits for "Sign out and continue" or "Cancel".
 * Both addresses belong to the person at this browser (A's session, B's
 * proof), so they are shown in full.
 */
export default async function SwitchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin(await headers()));
  const challengeId = isChallengeId(params.challengeId) ? params.challengeId : "";
  const held = challengeId ? await orUnavailable(readHeldSignIn(challengeId), "switch page") : { ok: false as const, failure: { reason: "missing" as const } };
  if (held === UNAVAILABLE) return <Unavailable retryHref="/sign-in" />;
  const current = await currentUser();

  if (!held.ok) {
    return (
      <section className="card">
        <h1>Nothing to switch to</h1>
        <p className="message error" role="status" data-testid="switch-message">
          {failureMessage(held.failure, "code", await requestLocale())}
        </p>
        <Link className="button" href="/sign-in">
          Get a new code
        </Link>
      </section>
    );
  }

  return (
    <section className="card">
      <h1>Switch account?</h1>
      {current ? (
        <p className="lead">
          This browser is signed in as <strong data-testid="current-account">{current.email}</strong>. Continue as{" "}
          <strong data-testid="next-account">{held.email}</strong>? That signs <strong>{current.email}</strong> out here.
        </p>
      ) : (
        <p className="lead">
          Continue as <strong data-testid="next-account">{held.email}</strong>?
        </p>
      )}
      <SwitchForms
        challengeId={challengeId}
        callbackUrl={callbackUrl}
        continueLabel={current ? "Sign out and continue" : "Continue"}
      />
    </section>
  );
}
