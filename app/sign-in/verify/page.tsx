import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { readBrowserHash } from "@/lib/auth/browser";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { appOrigin } from "@/lib/request-info";
import { safeCallbackUrl } from "@/lib/redirect";
import { config } from "@/lib/config";
import { CodeForm } from "@/app/sign-in/verify/code-form";
import { CodePageStatusPoll } from "@/app/sign-in/verify/status-poll";
import { ResendButton } from "@/app/components/resend-button";
import { resendCodeAction } from "@/app/sign-in/verify/actions";
import { failureMessage } from "@/lib/auth/failures";
import { codeExample } from "@/lib/auth/code";
import { signInPath, verifyPath } from "@/app/sign-in/paths";
import { Unavailable } from "@/app/components/unavailable";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { ApprovalPanel } from "@/app/sign-in/approval/approval-panel";
import { matchingNumber } from "@/lib/auth/approval";
import { currentUser } from "@/lib/auth/sign-in";
import { requestLocale } from "@/lib/i18n/request-locale";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("verify"))("metaTitle") };
}

/** Notices a redirect brings along (`?notice=`). "sent" needs none: the heading says it. */
const NOTICES = ["resent", "superseded"] as const;
type Notice = (typeof NOTICES)[number];
const isNotice = (value: unknown): value is Notice => typeof value === "string" && (NOTICES as readonly string[]).includes(value);

export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin(await headers()));
  const browserHash = await readBrowserHash();
  const pending = browserHash ? await orUnavailable(findPendingChallenge(browserHash, "sign-in"), "code page") : null;
  if (pending === UNAVAILABLE) return <Unavailable retryHref={verifyPath(callbackUrl)} />;
  if (!pending) redirect(signInPath(callbackUrl));
  // Its link, opened in another tab of this browser, signed in here: go on
  // instead of saying "already used" (issue 14.1). Same after a no-JS post.
  if (pending.state === "used" && (await currentUser())?.email === pending.email) redirect(callbackUrl);

  const [t, locale] = await Promise.all([getTranslations("verify"), requestLocale()]);
  const notice = isNotice(params.notice) ? t(`notice.${params.notice}`) : undefined;
  const dead = pending.state === "live" ? undefined : failureMessage({ reason: pending.state }, "code", locale);
  const resendInSeconds = dead ? 0 : Math.max(0, Math.ceil((pending.resendAvailableAt.getTime() - Date.now()) / 1000));

  return (
    <section className="card">
      <h1>{t("title")}</h1>
      <p className="lead">
        {/* The whole address, as typed: this page is shown only to the browser
            that asked, and a typo must be visible (issue 14.2). Test id kept for QA suites. */}
        {t.rich("sentTo", {
          address: pending.email,
          minutes: Math.round(config.challenge.ttlSeconds / 60),
          email: (chunks) => (
            <strong dir="ltr" data-testid="masked-email">
              {chunks}
            </strong>
          ),
        })}
      </p>
      {/* One poll for the whole page; "used" too: a refresh can read the challenge
          used a moment before this browser holds the session cookie the link's
          response sets. */}
      <CodePageStatusPoll
        key={pending.id}
        challengeId={pending.id}
        callbackUrl={callbackUrl}
        watch={pending.state === "live" || pending.state === "used" ? pending.state : "dead"}
      >
        <CodeForm
          key={`${pending.id}:${pending.state}:${notice ?? ""}`}
          challengeId={pending.id}
          callbackUrl={callbackUrl}
          notice={notice}
          dead={dead}
          codeLength={config.code.length}
          digits={config.code.mode === "digits"}
          placeholder={codeExample()}
          text={{ label: t("code.label"), submit: t("code.submit"), submitting: t("code.submitting"), signedIn: t("signedIn") }}
        />
        {pending.state === "live" ? (
          <ApprovalPanel
            key={pending.id}
            challengeId={pending.id}
            callbackUrl={callbackUrl}
            matchingNumber={matchingNumber(pending.id)}
          />
        ) : null}
      </CodePageStatusPoll>
      <div className="row">
        {/* First the way out of a typo, then another code to the same address. */}
        <Link href={signInPath(callbackUrl, { change: true })}>{t("useAnother")}</Link>
        <ResendButton
          action={resendCodeAction}
          fields={{ callbackUrl }}
          resendInSeconds={resendInSeconds}
          emphasise={Boolean(dead)}
          text={{ resend: t("resend.button"), sendNew: t("resend.sendNew"), cooldown: t.raw("resend.cooldown") as string }}
        />
      </div>
    </section>
  );
}
