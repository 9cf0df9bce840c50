import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
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

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("switchUser"))("title") };
}

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
  const t = await getTranslations("switchUser");

  if (!held.ok) {
    return (
      <section className="card">
        <h1>{t("nothing")}</h1>
        <p className="message error" role="status" data-testid="switch-message">
          {failureMessage(held.failure, "code", await requestLocale())}
        </p>
        <Link className="button" href="/sign-in">
          {t("getNewCode")}
        </Link>
      </section>
    );
  }

  return (
    <section className="card">
      <h1>{t("heading")}</h1>
      {/* Both addresses stay left to right inside a right-to-left sentence. */}
      {current ? (
        <p className="lead">
          {t.rich("signedInAs", {
            current: current.email,
            next: held.email,
            ...addressTags,
          })}
        </p>
      ) : (
        <p className="lead">{t.rich("continueAs", { next: held.email, ...addressTags })}</p>
      )}
      <SwitchForms
        challengeId={challengeId}
        callbackUrl={callbackUrl}
        words={{ continue: current ? t("signOutAndContinue") : t("continue"), cancel: t("cancel") }}
      />
    </section>
  );
}

const addressTags = {
  currentAccount: (chunks: React.ReactNode) => (
    <strong data-testid="current-account" dir="ltr">
      {chunks}
    </strong>
  ),
  nextAccount: (chunks: React.ReactNode) => (
    <strong data-testid="next-account" dir="ltr">
      {chunks}
    </strong>
  ),
  strong: (chunks: React.ReactNode) => <strong dir="ltr">{chunks}</strong>,
};
