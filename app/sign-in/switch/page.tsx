import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { readBrowserHash } from "@/lib/auth/browser";
import { readApprovalStatus } from "@/lib/auth/approval";
import { appOrigin } from "@/lib/request-info";
import { challengeIdOrEmpty } from "@/lib/ids";
import { safeCallbackUrl } from "@/lib/redirect";
import { currentUser } from "@/app/sign-in/finish";
import { failureMessage } from "@/app/sign-in/verify/messages";
import { SwitchForms } from "@/app/sign-in/switch/switch-form";

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
  const challengeId = challengeIdOrEmpty(params.challengeId);
  const browserHash = await readBrowserHash();
  const { status, email } = browserHash
    ? await readApprovalStatus(challengeId, browserHash)
    : { status: "missing" as const, email: null };
  const current = await currentUser();

  if (status !== "approved" || !email) {
    const reason = status === "waiting" ? "not-approved" : status === "approved" ? "missing" : status;
    return (
      <section className="card">
        <h1>Nothing to switch to</h1>
        <p className="message error" role="status" data-testid="switch-message">
          {failureMessage(reason).message}
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
          <strong data-testid="next-account">{email}</strong>? That signs <strong>{current.email}</strong> out here.
        </p>
      ) : (
        <p className="lead">
          Continue as <strong data-testid="next-account">{email}</strong>?
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
