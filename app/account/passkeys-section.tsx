import { getTranslations } from "next-intl/server";
import { listPasskeys } from "@/lib/auth/passkeys";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { deletePasskeyAction, renamePasskeyAction } from "@/app/account/passkey-actions";
import { CreatePasskeyButton, type PasskeyWords } from "@/app/account/passkey-buttons";
import { timeFormatter } from "@/app/account/when";

type AccountTranslator = Awaited<ReturnType<typeof getTranslations<"account">>>;

/** What every passkey button says while it waits or fails, in the reader's words. */
export function passkeyWords(t: AccountTranslator): PasskeyWords {
  return { waiting: t("passkeys.waiting"), cancelled: t("passkeys.cancelled"), failed: t("passkeys.failed") };
}

/** The account's passkeys: rename, delete (the last one too: email codes remain), add one. */
export async function PasskeysSection({ userId }: { userId: string }) {
  const t = await getTranslations("account");
  const passkeys = await orUnavailable(listPasskeys(userId), "passkeys list");
  if (passkeys === UNAVAILABLE) {
    return (
      <div>
        <h2>{t("passkeys.heading")}</h2>
        <p className="message error">{t("passkeys.unavailable")}</p>
      </div>
    );
  }
  const { when } = await timeFormatter();
  return (
    <div>
      <h2>{t("passkeys.heading")}</h2>
      {passkeys.length === 0 ? <p className="muted">{t("passkeys.empty")}</p> : null}
      <ul className="list" data-testid="passkey-list">
        {passkeys.map((p) => (
          <li key={p.id} className="list-item" data-testid="passkey-item">
            <div>
              <strong data-testid="passkey-name">{p.name}</strong>
              <div className="muted">
                {p.authenticator ? `${p.authenticator} · ` : ""}
                {t.rich("passkeys.created", when(p.createdAt).values)} ·{" "}
                {p.lastUsedAt ? t.rich("passkeys.lastUsed", when(p.lastUsedAt).values) : t("passkeys.notUsed")}
              </div>
              <form action={renamePasskeyAction} className="row">
                <input type="hidden" name="id" value={p.id} />
                <label className="sr-only" htmlFor={`name-${p.id}`}>
                  {t("passkeys.renameLabel", { name: p.name })}
                </label>
                <input id={`name-${p.id}`} name="name" defaultValue={p.name} maxLength={60} required />
                <button type="submit" className="secondary">
                  {t("passkeys.rename")}
                </button>
              </form>
            </div>
            <form action={deletePasskeyAction}>
              <input type="hidden" name="id" value={p.id} />
              <button type="submit" className="secondary" aria-label={t("passkeys.deleteLabel", { name: p.name })}>
                {t("passkeys.delete")}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <CreatePasskeyButton label={t("passkeys.add")} words={passkeyWords(t)} />
    </div>
  );
}
