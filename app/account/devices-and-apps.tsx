import { getTranslations } from "next-intl/server";
import { listAccessTokens } from "@/lib/auth/tokens";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { requestLocale } from "@/lib/i18n/request-locale";
import { revokeTokenAction } from "@/app/account/token-actions";
import { deviceName } from "@/app/account/device-name";
import { timeFormatter } from "@/app/account/when";

/** "Devices and apps": bearer tokens (device flow, JSON code flow), each revocable at once. */
export async function DevicesAndApps({ userId }: { userId: string }) {
  const [t, locale, { when }] = await Promise.all([getTranslations("account"), requestLocale(), timeFormatter()]);
  const tokens = await orUnavailable(listAccessTokens(userId), "devices and apps");
  return (
    <div>
      <h2>{t("devices.heading")}</h2>
      {tokens === UNAVAILABLE ? (
        <p className="message error" role="alert">
          {t("devices.unavailable")}
        </p>
      ) : tokens.length === 0 ? (
        <p className="muted">{t("devices.empty", { path: "/activate" })}</p>
      ) : (
        <ul className="list" data-testid="token-list">
          {tokens.map((token) => {
            const signedIn = when(token.createdAt);
            return (
              <li key={token.id} className="list-item" data-testid="token-item">
                <div>
                  <strong>{token.clientName}</strong>
                  <div className="muted">
                    {t.rich("devices.signedIn", signedIn.values)} ·{" "}
                    {token.lastUsedAt ? t.rich("devices.lastUsed", when(token.lastUsedAt).values) : t("devices.notUsed")} ·{" "}
                    {deviceName(token.userAgent, locale)}
                    {token.ip ? (
                      <>
                        {" · "}
                        <span dir="ltr">{token.ip}</span>
                      </>
                    ) : null}
                  </div>
                </div>
                <form action={revokeTokenAction}>
                  <input type="hidden" name="tokenId" value={token.id} />
                  <button type="submit" className="secondary" aria-label={t("devices.revokeLabel", { name: token.clientName, when: signedIn.absolute })}>
                    {t("devices.revoke")}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
