import type { Metadata } from "next";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { safeCallbackUrl } from "@/lib/redirect";
import { appOrigin } from "@/lib/request-info";
import Link from "next/link";
import { readBrowserHash } from "@/lib/auth/browser";
import { findLinkChallenge, type LinkChallenge, type LinkState } from "@/lib/auth/link";
import { maskEmail } from "@/lib/auth/email-address";
import { describeDevice } from "@/lib/device";
import { LinkDecisionForms, LinkSignInForm, StartHereForm } from "@/app/sign-in/link/link-forms";
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
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("link");
  return { title: t("title"), referrer: "strict-origin", robots: { index: false, follow: false } };
}

export const dynamic = "force-dynamic";

type DeadState = Exclude<LinkState, "live" | "approved"> | "invalid-link";

export default async function LinkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const found = await orUnavailable(findLinkChallenge(token, await readBrowserHash()), "link page");
  if (found === UNAVAILABLE) return <Unavailable retryHref={`/sign-in/link?${new URLSearchParams({ token })}`} />;

  if (!found.ok) return <DeadLink state="invalid-link" />;
  const { link } = found;
  // Where the person was going when they asked: a new code started from here goes there too.
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin(await headers()));
  if (link.state !== "live" && link.state !== "approved") return <DeadLink state={link.state} token={token} callbackUrl={callbackUrl} />;
  if (link.sameBrowser) return <SameBrowser link={link} token={token} callbackUrl={callbackUrl} />;
  if (link.state === "approved") return <AlreadyApproved token={token} callbackUrl={callbackUrl} />;
  return <OtherDevice link={link} token={token} callbackUrl={callbackUrl} />;
}

/** The address, masked, kept left to right inside any sentence. */
function maskedEmail(link: LinkChallenge) {
  return {
    email: maskEmail(link.email),
    strong: (chunks: React.ReactNode) => (
      <strong data-testid="masked-email" dir="ltr">
        {chunks}
      </strong>
    ),
  };
}

async function SameBrowser({ link, token, callbackUrl }: { link: LinkChallenge; token: string; callbackUrl: string }) {
  const t = await getTranslations("link.sameBrowser");
  return (
    <section className="card">
      <h1>{t("heading")}</h1>
      <p className="lead">{t.rich("lead", maskedEmail(link))}</p>
      <LinkSignInForm token={token} callbackUrl={callbackUrl} words={{ submit: t("submit"), pending: t("pending") }} />
    </section>
  );
}

async function OtherDevice({ link, token, callbackUrl }: { link: LinkChallenge; token: string; callbackUrl: string }) {
  const t = await getTranslations("link.otherDevice");
  const minutes = Math.floor(Math.max(0, Date.now() - link.requestedAt.getTime()) / 60_000);
  return (
    <section className="card">
      <h1>{t("heading")}</h1>
      <p className="lead">{t.rich("lead", maskedEmail(link))}</p>
      <dl className="facts device" data-testid="requesting-device">
        <dt>{t("device")}</dt>
        <dd>{describeDevice(link.requestedBy, await requestLocale())}</dd>
        <dt>{t("asked")}</dt>
        <dd>
          <time dateTime={link.requestedAt.toISOString()}>{t("ago", { minutes })}</time>
        </dd>
        <dt>{t("place")}</dt>
        <dd>{t("placeUnknown")}</dd>
      </dl>
      {link.approvalRequested ? null : <p className="muted approval-step">{t("requestHint")}</p>}
      <LinkDecisionForms
        token={token}
        step={link.approvalRequested ? "number" : "request"}
        words={{
          continue: t("continue"),
          continuing: t("continuing"),
          numberLabel: t("numberLabel"),
          numberHint: t("numberHint"),
          approve: t("approve"),
          deny: t("deny"),
        }}
      />
      <div className="row">
        <span className="muted">{t("useThisDevice")}</span>
        <StartHereForm token={token} callbackUrl={callbackUrl} label={t("signInHere")} />
      </div>
    </section>
  );
}

async function AlreadyApproved({ token, callbackUrl }: { token: string; callbackUrl: string }) {
  const t = await getTranslations("link");
  return (
    <section className="card">
      <h1>{t("alreadyApproved.heading")}</h1>
      <p className="message info" role="status" data-testid="link-status">
        {t("alreadyApproved.message")}
      </p>
      <StartHereForm token={token} callbackUrl={callbackUrl} label={t("otherDevice.signInHere")} />
    </section>
  );
}

async function DeadLink({ state, token, callbackUrl }: { state: DeadState; token?: string; callbackUrl?: string }) {
  const t = await getTranslations("link.dead");
  return (
    <section className="card">
      <h1>{t(state)}</h1>
      <p className="message error" role="status" data-testid="link-status">
        {failureMessage({ reason: state }, "link", await requestLocale())}
      </p>
      <div className="row">
        {token ? <StartHereForm token={token} callbackUrl={callbackUrl} label={t("newCode")} primary /> : null}
        <Link className={token ? undefined : "button"} href="/sign-in">
          {token ? t("useAnotherEmail") : t("getNewCode")}
        </Link>
      </div>
    </section>
  );
}
