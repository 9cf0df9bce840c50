import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { readBrowserHash } from "@/lib/auth/browser";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { maskEmail } from "@/lib/auth/email-address";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { config } from "@/lib/config";
import { CodeForm } from "@/app/sign-in/verify/code-form";
import { ResendForm } from "@/app/sign-in/verify/resend-form";
import { failureMessage } from "@/lib/auth/failures";
import { codeExample } from "@/lib/auth/code";
import { signInPath, verifyPath } from "@/app/sign-in/paths";
import { Unavailable } from "@/app/components/unavailable";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { ApprovalPanel } from "@/app/sign-in/approval/approval-panel";
import { matchingNumber } from "@/lib/auth/approval";
import { requestLocale } from "@/lib/i18n/request-locale";

export const metadata: Metadata = { title: "Enter your code" };

const NOTICES: Record<string, string> = {
  sent: "Check your inbox.",
  resent: "We sent you a new code. Earlier codes no longer work.",
  superseded: "A newer code was sent. Use the code from the latest email.",
};

export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin(await headers()));
  const browserHash = await readBrowserHash();
  const pending = browserHash ? await orUnavailable(findPendingChallenge(browserHash, "sign-in"), "code page") : null;
  if (pending === UNAVAILABLE) return <Unavailable retryHref={verifyPath(callbackUrl)} />;
  if (!pending) redirect(signInPath(callbackUrl));

  const notice = typeof params.notice === "string" ? NOTICES[params.notice] : undefined;
  const dead = pending.state === "live" ? undefined : failureMessage({ reason: pending.state }, "code", await requestLocale());
  const resendInSeconds = dead ? 0 : Math.max(0, Math.ceil((pending.resendAvailableAt.getTime() - Date.now()) / 1000));

  return (
    <section className="card">
      <h1>Check your email</h1>
      <p className="lead">
        We sent a code to <strong data-testid="masked-email">{maskEmail(pending.email)}</strong>. It works in this
        browser for {Math.round(config.challenge.ttlSeconds / 60)} minutes.
      </p>
      <CodeForm
        key={`${pending.id}:${pending.state}:${notice ?? ""}`}
        challengeId={pending.id}
        callbackUrl={callbackUrl}
        notice={notice}
        dead={dead}
        codeLength={config.code.length}
        digits={config.code.mode === "digits"}
        placeholder={codeExample()}
      />
      {pending.state === "live" ? (
        <ApprovalPanel
          key={pending.id}
          challengeId={pending.id}
          callbackUrl={callbackUrl}
          matchingNumber={matchingNumber(pending.id)}
        />
      ) : null}
      <div className="row">
        <ResendForm callbackUrl={callbackUrl} resendInSeconds={resendInSeconds} emphasise={Boolean(dead)} />
        <Link href={signInPath(callbackUrl)}>Use another email</Link>
      </div>
    </section>
  );
}
