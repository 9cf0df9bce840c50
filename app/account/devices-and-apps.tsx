import { listAccessTokens } from "@/lib/auth/tokens";
import { describeDevice } from "@/lib/device";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { revokeTokenAction } from "@/app/account/token-actions";

function when(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** "Devices and apps": bearer tokens (device flow, JSON code flow), each revocable at once. */
export async function DevicesAndApps({ userId }: { userId: string }) {
  const tokens = await orUnavailable(listAccessTokens(userId), "devices and apps");
  return (
    <div>
      <h2>Devices and apps</h2>
      {tokens === UNAVAILABLE ? (
        <p className="message error" role="alert">
          This list is unavailable right now.
        </p>
      ) : tokens.length === 0 ? (
        <p className="muted">No devices or apps are signed in. Sign one in at /activate.</p>
      ) : (
        <ul className="list" data-testid="token-list">
          {tokens.map((t) => (
            <li key={t.id} className="list-item" data-testid="token-item">
              <div>
                <strong>{t.clientName}</strong>
                <div className="muted">
                  Signed in {when(t.createdAt)} · {t.lastUsedAt ? `last used ${when(t.lastUsedAt)}` : "not used yet"} · {describeDevice(t.userAgent)}
                  {t.ip ? ` · ${t.ip}` : ""}
                </div>
              </div>
              <form action={revokeTokenAction}>
                <input type="hidden" name="tokenId" value={t.id} />
                <button type="submit" className="secondary" aria-label={`Revoke ${t.clientName}, signed in ${when(t.createdAt)}`}>
                  Revoke
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
