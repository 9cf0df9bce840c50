import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { auth } from "@/auth";
import { listSessions } from "@/lib/auth/session";
import { activityLabel, listRecentActivity } from "@/lib/activity";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { requestLocale, TIME_ZONE_COOKIE } from "@/lib/i18n/request-locale";
import { Unavailable } from "@/app/components/unavailable";
import { TimeZoneCookie } from "@/app/components/time-zone";
import { revokeOtherSessionsAction, revokeSessionAction, signOutAction } from "@/app/account/actions";
import { ChangeEmailForm, DeleteAccountForm } from "@/app/account/forms";
import { DevicesAndApps } from "@/app/account/devices-and-apps";
import { PasskeysSection, passkeyWords } from "@/app/account/passkeys-section";
import { ConfirmWithPasskeyButton, DeleteWithPasskeyButton, PasskeyOffer } from "@/app/account/passkey-buttons";
import { deviceName } from "@/app/account/device-name";
import { timeFormatter } from "@/app/account/when";
import { isPasskeyOfferDue } from "@/lib/auth/passkey-offer";
import type { Messages } from "@/lib/i18n/messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("account"))("title") };
}

type Notice = keyof Messages["account"]["notices"];

function isNotice(value: unknown): value is Notice {
  return typeof value === "string" && Object.hasOwn(NOTICE_TONE, value);
}

/** The notices the account page shows after an action (their words: account.notices). */
const NOTICE_TONE: Record<Notice, "info" | "error"> = {
  "session-revoked": "info",
  "others-signed-out": "info",
  "email-changed": "info",
  "token-revoked": "info",
  "passkey-added": "info",
  "passkey-renamed": "info",
  "passkey-removed": "info",
  proven: "info",
  unavailable: "error",
};

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await auth();
  if (!session?.user?.id) redirect("/sign-in?callbackUrl=%2Faccount");
  const params = await searchParams;
  const locale = await requestLocale();
  const t = await getTranslations("account");
  const notice = isNotice(params.notice) ? params.notice : undefined;
  const loaded = await orUnavailable(
    Promise.all([listSessions(session.user.id, session.sessionHash), listRecentActivity(session.user.id)]),
    "account page",
  );
  if (loaded === UNAVAILABLE) return <Unavailable retryHref="/account" title={t("unavailableTitle")} />;
  const [sessions, activity] = loaded;
  const others = sessions.filter((s) => !s.current).length;
  const offerDue = await isPasskeyOfferDue();
  const { when, timeZone } = await timeFormatter();
  const words = passkeyWords(t);

  return (
    <section className="card wide stack">
      <TimeZoneCookie current={(await cookies()).get(TIME_ZONE_COOKIE)?.value ?? null} />
      <div>
        <h1>{t("title")}</h1>
        {notice ? (
          <p
            className={`message ${NOTICE_TONE[notice]}`}
            role={NOTICE_TONE[notice] === "error" ? "alert" : "status"}
            data-testid="account-notice"
          >
            {t(`notices.${notice}`)}
          </p>
        ) : null}
        {offerDue ? (
          <PasskeyOffer
            words={{ ...words, title: t("passkeys.offer.title"), body: t("passkeys.offer.body"), create: t("passkeys.offer.create"), notNow: t("passkeys.offer.notNow") }}
          />
        ) : null}
        <dl className="facts">
          <dt>{t("email")}</dt>
          <dd data-testid="account-email" dir="ltr">
            {session.user.email}
          </dd>
        </dl>
        <form action={signOutAction} className="row">
          <button type="submit" className="secondary">
            {t("signOut")}
          </button>
        </form>
        {/* Without JavaScript the browser cannot tell its zone: say which one the times are in. */}
        {timeZone === "UTC" ? (
          <p className="muted" data-testid="times-in-utc">
            {t("timesInUtc")}
          </p>
        ) : null}
      </div>

      <div>
        <h2>{t("sessions.heading")}</h2>
        <ul className="list" data-testid="session-list">
          {sessions.map((s) => {
            const device = deviceName(s.userAgent, locale);
            const signedIn = when(s.createdAt);
            return (
              <li key={s.id} className="list-item" data-testid={s.current ? "session-current" : "session-other"}>
                <div>
                  <strong>{device}</strong>
                  {s.current ? <span className="badge">{t("sessions.thisDevice")}</span> : null}
                  <div className="muted">
                    {t.rich("sessions.signedIn", signedIn.values)} · {t.rich("sessions.lastSeen", when(s.lastSeenAt).values)}
                    {s.ip ? (
                      <>
                        {" · "}
                        <span dir="ltr">{s.ip}</span>
                      </>
                    ) : null}
                  </div>
                </div>
                {s.current ? null : (
                  <form action={revokeSessionAction}>
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button type="submit" className="secondary" aria-label={t("sessions.signOutDevice", { device, when: signedIn.absolute })}>
                      {t("signOut")}
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
        {others > 0 ? (
          <form action={revokeOtherSessionsAction} className="row">
            <button type="submit" className="secondary">
              {t("sessions.signOutEverywhere")}
            </button>
          </form>
        ) : null}
      </div>

      <PasskeysSection userId={session.user.id} />

      <DevicesAndApps userId={session.user.id} />

      <div>
        <h2>{t("changeEmail.heading")}</h2>
        <p className="muted">{t("changeEmail.intro")}</p>
        <ChangeEmailForm words={{ label: t("changeEmail.label"), submit: t("changeEmail.submit"), sending: t("changeEmail.sending") }} />
        <ConfirmWithPasskeyButton label={t("passkeys.confirmWithPasskey")} words={words} />
      </div>

      <div>
        <h2>{t("activity.heading")}</h2>
        {activity.length === 0 ? <p className="muted">{t("activity.empty")}</p> : null}
        <ul className="list" data-testid="activity-list">
          {activity.map((e) => {
            const at = when(e.createdAt);
            return (
              <li key={e.id} className="list-item" data-testid="activity-item">
                <div>
                  <strong>{activityLabel(e.type, locale)}</strong>
                  <div className="muted">
                    <time dateTime={at.iso} title={at.absolute}>
                      {at.text}
                    </time>{" "}
                    · {deviceName(e.userAgent, locale)}
                    {e.ip ? (
                      <>
                        {" · "}
                        <span dir="ltr">{e.ip}</span>
                      </>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      </div>

      <div>
        <h2>{t("delete.heading")}</h2>
        <p className="muted">{t("delete.intro")}</p>
        <DeleteAccountForm words={{ submit: t("delete.submit"), sending: t("delete.sending") }} />
        <DeleteWithPasskeyButton label={t("passkeys.deleteWithPasskey")} words={words} />
      </div>
    </section>
  );
}
