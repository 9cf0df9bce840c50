import { getTranslations } from "next-intl/server";
import { continueWithProviderAction } from "@/app/sign-in/provider-actions";

/**
 * One plain form per configured provider, under the email form: works
 * without JavaScript (the post is answered with the redirect to the provider).
 */
export async function ProviderButtons({ providers, callbackUrl }: { providers: { id: string; name: string }[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  const t = await getTranslations("signIn.providers");
  return (
    <div className="providers" data-testid="providers">
      <p className="muted">{t("or")}</p>
      {providers.map((p) => (
        <form key={p.id} action={continueWithProviderAction}>
          <input type="hidden" name="provider" value={p.id} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className="secondary">
            {t("continueWith", { provider: p.name })}
          </button>
        </form>
      ))}
    </div>
  );
}
