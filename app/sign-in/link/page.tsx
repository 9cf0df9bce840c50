import type { Metadata } from "next";
import { headers } from "next/headers";
import { safeCallbackUrl } from "@/lib/redirect";
import { appOrigin } from "@/lib/request-info";
import Link from "next/link";
import { readBrowserHash } from "@/lib/auth/browser";
import { findLinkChallenge, type LinkChallenge } from "@/lib/auth/link";
import { maskEmail } from "@/lib/auth/email-address";
import { describeDevice } from "@/lib/device";
import { LinkDecisionForms, LinkSignInForm, StartHereForm } from "@/app/sign-in/link/link-forms";
import { ALREADY_APPROVED, LINK_TITLES } from "@/app/sign-in/link/messages";
import { failureMessage } from "@/lib/auth/failures";
import { Unavailable } from "@/app/components/unavailable";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { requestLocale } from "@/lib/i18n/request-locale";

/**
 * GET /sign-in/link?token=… — the link in the sign-in email (F2). Rendering
 * it only reads (S8): mail scanners, previews and prefetchers may fetch it
 * any number of times and the link still works. Every change is a POST from
 * one of its buttons. `Referrer-Policy: strict-origin` (next.config.ts and
 * the meta tag below) keeps the token out of every Referer; the page is
 * dynamic and sent with `Cache-Control: no-store`.
 */
export const metadata: Metadata = {
  title: "Sign in with your link",
  referrer: "strict-origin",
  robots: { index: false, follow: false },
};

export const dynamic = "force-dynamic";

export default async function LinkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const found = await orUnavailable(findLinkChallenge(token, await readBrowserHash()), "link page");
  if (found === UNAVAILABLE) return <Unavailable retryHref={`/sign-in/link?${new URLSearchParams({ token })}`} />;

  if (!found.ok) return <DeadLink state="invalid-link" />;
  const { link } = found;
  if (link.state !== "live" && link.state !== "approved") return <DeadLink state={link.state} token={token} />;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin(await headers()));
  if (link.sameBrowser) return <SameBrowser link={link} token={token} callbackUrl={callbackUrl} />;
  if (link.state === "approved") return <AlreadyApproved token={token} />;
  return <OtherDevice link={link} token={token} />;
}

function SameBrowser({ link, token, callbackUrl }: { link: LinkChallenge; token: string; callbackUrl: string }) {
  return (
    <section className="card">
      <h1>Sign in</h1>
      <p className="lead">
        Sign in as <strong data-testid="masked-email">{maskEmail(link.email)}</strong> in this browser.
      </p>
      <LinkSignInForm token={token} callbackUrl={callbackUrl} />
    </section>
  );
}

function OtherDevice({ link, token }: { link: LinkChallenge; token: string }) {
  return (
    <section className="card">
      <h1>Approve sign-in on your other device?</h1>
      <p className="lead">
        Someone asked to sign in as <strong data-testid="masked-email">{maskEmail(link.email)}</strong> on another
        device or browser. Approve only if that was you: the device below will be signed in, not this one.
      </p>
      <dl className="facts device" data-testid="requesting-device">
        <dt>Device</dt>
        <dd>{describeDevice(link.requestedBy)}</dd>
        <dt>Asked</dt>
        <dd>
          <time dateTime={link.requestedAt.toISOString()}>{ago(link.requestedAt)}</time>
        </dd>
        <dt>Place</dt>
        <dd>Not shown (we don&apos;t look up places from IP addresses)</dd>
      </dl>
      <LinkDecisionForms token={token} />
      <div className="row">
        <span className="muted">Want to use this device?</span>
        <StartHereForm token={token} label="Sign in on this device instead" />
      </div>
    </section>
  );
}

function AlreadyApproved({ token }: { token: string }) {
  return (
    <section className="card">
      <h1>Sign-in approved</h1>
      <p className="message info" role="status" data-testid="link-status">
        {ALREADY_APPROVED}
      </p>
      <StartHereForm token={token} label="Sign in on this device instead" />
    </section>
  );
}

async function DeadLink({ state, token }: { state: keyof typeof LINK_TITLES; token?: string }) {
  return (
    <section className="card">
      <h1>{LINK_TITLES[state]}</h1>
      <p className="message error" role="status" data-testid="link-status">
        {failureMessage({ reason: state }, "link", await requestLocale())}
      </p>
      <div className="row">
        {token ? <StartHereForm token={token} label="Send me a new code" primary /> : null}
        <Link className={token ? undefined : "button"} href="/sign-in">
          {token ? "Use another email" : "Get a new code"}
        </Link>
      </div>
    </section>
  );
}

/** "just now", "3 minutes ago": no time zone to get wrong. */
function ago(date: Date): string {
  const minutes = Math.floor(Math.max(0, Date.now() - date.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  return minutes === 1 ? "1 minute ago" : `${minutes} minutes ago`;
}
