import { listPasskeys } from "@/lib/auth/passkeys";
import { orUnavailable, UNAVAILABLE } from "@/lib/faults";
import { deletePasskeyAction, renamePasskeyAction } from "@/app/account/passkey-actions";
import { CreatePasskeyButton } from "@/app/account/passkey-buttons";

function when(date: Date): string {
  return `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** The account's passkeys: rename, delete (the last one too: email codes remain), add one. */
export async function PasskeysSection({ userId }: { userId: string }) {
  const passkeys = await orUnavailable(listPasskeys(userId), "passkeys list");
  if (passkeys === UNAVAILABLE) {
    return (
      <div>
        <h2>Passkeys</h2>
        <p className="message error">Your passkeys can&apos;t be shown right now. Please try again in a minute.</p>
      </div>
    );
  }
  return (
    <div>
      <h2>Passkeys</h2>
      {passkeys.length === 0 ? <p className="muted">No passkeys yet. You sign in with an email code.</p> : null}
      <ul className="list" data-testid="passkey-list">
        {passkeys.map((p) => (
          <li key={p.id} className="list-item" data-testid="passkey-item">
            <div>
              <strong data-testid="passkey-name">{p.name}</strong>
              <div className="muted">
                {p.authenticator ? `${p.authenticator} · ` : ""}
                Created {when(p.createdAt)} · {p.lastUsedAt ? `last used ${when(p.lastUsedAt)}` : "not used yet"}
              </div>
              <form action={renamePasskeyAction} className="row">
                <input type="hidden" name="id" value={p.id} />
                <label className="sr-only" htmlFor={`name-${p.id}`}>
                  New name for {p.name}
                </label>
                <input id={`name-${p.id}`} name="name" defaultValue={p.name} maxLength={60} required />
                <button type="submit" className="secondary">
                  Rename
                </button>
              </form>
            </div>
            <form action={deletePasskeyAction}>
              <input type="hidden" name="id" value={p.id} />
              <button type="submit" className="secondary" aria-label={`Delete passkey ${p.name}`}>
                Delete
              </button>
            </form>
          </li>
        ))}
      </ul>
      <CreatePasskeyButton label="Add a passkey" />
    </div>
  );
}
