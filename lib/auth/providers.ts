import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import type { ProviderEnv } from "@/lib/env";

/**
 * Sign-in providers besides the emailed code, each on only when its
 * environment variables are set (lib/env.ts). Adding one is one entry here
 * (plus its variables): the button on /sign-in, the Auth.js provider, the CSP
 * `form-action` origin and the proxy's callback rule all come from this list.
 *
 * No `server-only` and no database: proxy.ts reads the origins on every request.
 */
export type OAuthProvider = {
  /** Auth.js provider id: the callback is /api/auth/callback/<id>. */
  id: string;
  /** "Continue with <name>". */
  name: string;
  /**
   * Origin of the provider's authorization page. The no-JS sign-in form posts
   * to us and we answer 303 to it; Chromium checks that redirect against CSP
   * `form-action`, so this origin (and no other) is allowed there.
   */
  authorizationOrigin: string;
  /**
   * Set only for a provider configured with `response_mode=form_post`: the
   * origin whose cross-origin POST to /api/auth/callback/<id> proxy.ts lets
   * through. Query-mode callbacks (GitHub, the OIDC default) are GETs.
   */
  formPostOrigin?: string;
  /** The Auth.js provider itself (built lazily: proxy.ts never needs it). */
  authjs(): Provider;
};

export function configuredProviders(env: ProviderEnv): OAuthProvider[] {
  const providers: OAuthProvider[] = [];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    const clientId = env.AUTH_GITHUB_ID;
    const clientSecret = env.AUTH_GITHUB_SECRET;
    providers.push({
      id: "github",
      name: "GitHub",
      authorizationOrigin: "https://github.com",
      authjs: () => GitHub({ clientId, clientSecret, userinfo: { url: `${GITHUB_API}/user`, request: githubUserWithVerifiedEmail } }),
    });
  }
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    const issuer = env.AUTH_OIDC_ISSUER;
    const clientId = env.AUTH_OIDC_ID;
    const clientSecret = env.AUTH_OIDC_SECRET;
    const name = env.AUTH_OIDC_NAME;
    providers.push({
      id: "oidc",
      name,
      // Discovery names the authorization endpoint; providers serve it from
      // the issuer's origin (Google, Microsoft, Okta, Auth0, Keycloak, …).
      authorizationOrigin: new URL(issuer).origin,
      authjs: () => ({
        id: "oidc",
        name,
        type: "oidc",
        issuer,
        clientId,
        clientSecret,
        authorization: { params: { scope: "openid email profile" } },
        // The id_token's claims are the profile; `email_verified` decides linking.
        profile: (claims) => ({ id: String(claims.sub), email: typeof claims.email === "string" ? claims.email : null, name: typeof claims.name === "string" ? claims.name : null }),
      }),
    });
  }
  return providers;
}

const GITHUB_API = "https://api.github.com";

type GitHubEmail = { email: string; primary: boolean; verified: boolean };

/**
 * Auth.js's GitHub provider takes the public profile email, else the primary
 * one, without asking whether GitHub verified it. Linking trusts an email
 * only when verified, so: the primary address if GitHub says it is verified,
 * with `email_verified` set like an OIDC claim; otherwise no email at all.
 */
async function githubUserWithVerifiedEmail({ tokens }: { tokens: { access_token?: string } }): Promise<Record<string, unknown>> {
  const headers = { Authorization: `Bearer ${tokens.access_token}`, "User-Agent": "magic-code", Accept: "application/vnd.github+json" };
  const user = (await (await fetch(`${GITHUB_API}/user`, { headers })).json()) as Record<string, unknown>;
  const response = await fetch(`${GITHUB_API}/user/emails`, { headers });
  const emails = response.ok ? ((await response.json()) as GitHubEmail[]) : [];
  return { ...user, ...verifiedPrimaryEmail(emails) };
}

/** Exported for its test: the primary address only, and only when verified. */
export function verifiedPrimaryEmail(emails: unknown): { email: string | null; email_verified: boolean } {
  const primary = Array.isArray(emails) ? (emails as GitHubEmail[]).find((e) => e?.primary === true) : undefined;
  return primary?.verified === true && typeof primary.email === "string"
    ? { email: primary.email, email_verified: true }
    : { email: null, email_verified: false };
}

/**
 * The CSP `form-action` sources beyond 'self': exactly the configured
 * providers' authorization origins.
 */
export function formActionOrigins(providers: OAuthProvider[]): string[] {
  return [...new Set(providers.map((p) => p.authorizationOrigin))];
}

/**
 * Whether a cross-origin POST is a provider's `form_post` callback we expect:
 * to /api/auth/callback/<id> of a provider configured for it, from that
 * provider's origin. Everything else cross-origin stays refused (proxy.ts).
 */
export function isProviderFormPost(providers: OAuthProvider[], path: string, origin: string | null): boolean {
  return providers.some((p) => p.formPostOrigin !== undefined && origin === p.formPostOrigin && path === `/api/auth/callback/${p.id}`);
}
