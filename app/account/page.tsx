import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { listSessions } from "@/lib/auth/session";
import { activityLabel, listRecentActivity } from "@/lib/activity";
import { describeDevice } from "@/lib/device";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { Unavailable } from "@/app/components/unavailable";
import { revokeOtherSessionsAction, revokeSessionAction, signOutAction } from "@/app/account/actions";
import { ChangeEmailForm, DeleteAccountForm } from "@/app/account/forms";
import { DevicesAndApps } from "@/app/account/devices-and-apps";
import { PasskeysSection } from "@/app/account/passkeys-section";
import { ConfirmWithPasskeyButton, DeleteWithPasskeyButton, PasskeyOffer } from "@/app/account/passkey-buttons";
import { isPasskeyOfferDue } from "@/lib/auth/passkey-offer";

export const metadata: Metadata = { title: "Your account" };

const NOTICES: Record<string, string> = {
  "session-revoked": "That device is signed out.",
  "others-signed-out": "Every other device is signed out.",
  "email-changed": "Your email address is changed. Other devices were signed out.",
  "token-revoked": "That device or app is signed out.",
  "passkey-added": "Your passkey is ready: next time, sign in with it.",
  "passkey-renamed": "The passkey is renamed.",
  "passkey-removed": "The passkey is removed. You can still sign in with an email code.",
  proven: "Thanks, that's confirmed. You can change your email address now.",
  unavailable: "That didn't work: the service is unavailable right now. Please try again in a minute.",
};


function when(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await auth();
  if (!session?.user?.id) redirect("/sign-in?callbackUrl=%2Faccount");
  const params = await searchParams;
  const notice = typeof params.notice === "string" ? NOTICES[params.notice] : undefined;
  const loaded = await orUnavailable(
    Promise.all([listSessions(session.user.id, session.sessionHash), listRecentActivity(session.user.id)]),
    "account page",
  );
  if (loaded === UNAVAILABLE) return <Unavailable retryHref="/account" title="Your account is unavailable" />;
  const [sessions, activity] = loaded;
  const others = sessions.filter((s) => !s.current).length;
  const offerDue = await isPasskeyOfferDue();

  return (
    <section className="card wide stack">
      <div>
        <h1>Your account</h1>
        {notice ? (
          <p
            className={`message ${params.notice === "unavailable" ? "error" : "info"}`}
            role={params.notice === "unavailable" ? "alert" : "status"}
            data-testid="account-notice"
          >
            {notice}
          </p>
        ) : null}
        {offerDue ? <PasskeyOffer /> : null}
        <dl className="facts">
          <dt>Email</dt>
          <dd data-testid="account-email">{session.user.email}</dd>
        </dl>
        <form action={signOutAction} className="row">
          <button type="submit" className="secondary">
            Sign out
          </button>
        </form>
      </div>

      <div>
        <h2>Where you&apos;re signed in</h2>
        <ul className="list" data-testid="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="list-item" data-testid={s.current ? "session-current" : "session-other"}>
              <div>
                <strong>{describeDevice(s.userAgent)}</strong>
                {s.current ? <span className="badge">This device</span> : null}
                <div className="muted">
                  Signed in {when(s.createdAt)} · last seen {when(s.lastSeenAt)}
                  {s.ip ? ` · ${s.ip}` : ""}
                </div>
              </div>
              {s.current ? null : (
                <form action={revokeSessionAction}>
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="secondary" aria-label={`Sign out ${describeDevice(s.userAgent)}, signed in ${when(s.createdAt)}`}>
                    Sign out
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
        {others > 0 ? (
          <form action={revokeOtherSessionsAction} className="row">
            <button type="submit" className="secondary">
              Sign out everywhere else
            </button>
          </form>
        ) : null}
      </div>

      <PasskeysSection userId={session.user.id} />

      <DevicesAndApps userId={session.user.id} />

      <div>
        <h2>Change email</h2>
        <p className="muted">
          We&apos;ll send a code to the new address. Unless you signed in in the last few minutes, we&apos;ll first send
          one to your current address to confirm it&apos;s you. Other devices will be signed out, and your current address
          gets a link to undo the change.
        </p>
        <ChangeEmailForm />
        <ConfirmWithPasskeyButton />
      </div>

      <div>
        <h2>Recent activity</h2>
        {activity.length === 0 ? <p className="muted">Nothing yet.</p> : null}
        <ul className="list" data-testid="activity-list">
          {activity.map((e) => (
            <li key={e.id} className="list-item" data-testid="activity-item">
              <div>
                <strong>{activityLabel(e.type)}</strong>
                <div className="muted">
                  {when(e.createdAt)} · {describeDevice(e.userAgent)}
                  {e.ip ? ` · ${e.ip}` : ""}
                </div>
              </div>
            </li>
          ))}
        </ul>
      </div>

      <div>
        <h2>Delete account</h2>
        <p className="muted">This removes your account, devices and activity for good. We&apos;ll ask for a fresh code first.</p>
        <DeleteAccountForm />
        <DeleteWithPasskeyButton />
      </div>
    </section>
  );
}
