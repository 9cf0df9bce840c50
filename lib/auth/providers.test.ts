import { afterEach, describe, expect, it, vi } from "vitest";
import { configuredProviders, formActionOrigins, isProviderFormPost, verifiedPrimaryEmail, type OAuthProvider } from "@/lib/auth/providers";
import { contentSecurityPolicy } from "@/lib/security-headers";

const none = { AUTH_OIDC_NAME: "OpenID Connect" };
const github = { ...none, AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "secret" };
const oidc = { ...none, AUTH_OIDC_ISSUER: "https://id.example.org/realms/main", AUTH_OIDC_ID: "c", AUTH_OIDC_SECRET: "s", AUTH_OIDC_NAME: "Example ID" };

function formAction(csp: string): string {
  return csp.split("; ").find((d) => d.startsWith("form-action "))!;
}

describe("configured providers", () => {
  it("are exactly those whose variables are set", () => {
    expect(configuredProviders(none)).toEqual([]);
    expect(configuredProviders(github).map((p) => [p.id, p.name])).toEqual([["github", "GitHub"]]);
    expect(configuredProviders({ ...github, ...oidc }).map((p) => [p.id, p.name])).toEqual([
      ["github", "GitHub"],
      ["oidc", "Example ID"],
    ]);
    const [provider] = configuredProviders(oidc);
    expect(provider!.authjs()).toMatchObject({ id: "oidc", type: "oidc", issuer: oidc.AUTH_OIDC_ISSUER, clientId: "c" });
  });
});

describe("CSP form-action", () => {
  const csp = (providers: OAuthProvider[]) => contentSecurityPolicy({ nonce: "n", dev: false, https: true, formActionOrigins: formActionOrigins(providers) });

  it("is 'self' alone without providers", () => {
    expect(formAction(csp([]))).toBe("form-action 'self'");
    expect(formAction(contentSecurityPolicy({ nonce: "n", dev: false, https: true }))).toBe("form-action 'self'");
  });

  it("adds exactly the configured providers' authorization origins (no path, no other host)", () => {
    expect(formAction(csp(configuredProviders(github)))).toBe("form-action 'self' https://github.com");
    expect(formAction(csp(configuredProviders({ ...github, ...oidc })))).toBe("form-action 'self' https://github.com https://id.example.org");
  });

  it("never lets a configured value add wildcards, paths or other directives", () => {
    const policy = contentSecurityPolicy({
      nonce: "n",
      dev: false,
      https: false,
      formActionOrigins: ["*", "https://a.example/path", "https://b.example; script-src *", "javascript:", "https://ok.example"],
    });
    expect(formAction(policy)).toBe("form-action 'self' https://ok.example");
    expect(policy).not.toContain("script-src *");
  });
});

describe("cross-origin posts a provider may send", () => {
  const formPost: OAuthProvider = { id: "apple", name: "Apple", authorizationOrigin: "https://appleid.apple.com", formPostOrigin: "https://appleid.apple.com", authjs: () => ({}) as never };

  it("only a form_post provider's callback, from that provider's origin", () => {
    const providers = [...configuredProviders({ ...github, ...oidc }), formPost];
    expect(isProviderFormPost(providers, "/api/auth/callback/apple", "https://appleid.apple.com")).toBe(true);
    // wrong origin, wrong path, or a provider whose callbacks are GETs
    expect(isProviderFormPost(providers, "/api/auth/callback/apple", "https://evil.example")).toBe(false);
    expect(isProviderFormPost(providers, "/api/auth/callback/apple", "null")).toBe(false);
    expect(isProviderFormPost(providers, "/api/auth/callback/apple/x", "https://appleid.apple.com")).toBe(false);
    expect(isProviderFormPost(providers, "/sign-in", "https://appleid.apple.com")).toBe(false);
    expect(isProviderFormPost(providers, "/api/auth/signin/apple", "https://appleid.apple.com")).toBe(false);
    expect(isProviderFormPost(providers, "/api/auth/callback/github", "https://github.com")).toBe(false);
    expect(isProviderFormPost(providers, "/api/auth/callback/oidc", "https://id.example.org")).toBe(false);
  });
});

describe("GitHub email", () => {
  it("is the primary address, and only when GitHub verified it", () => {
    expect(verifiedPrimaryEmail([
      { email: "other@example.com", primary: false, verified: true },
      { email: "me@example.com", primary: true, verified: true },
    ])).toEqual({ email: "me@example.com", email_verified: true });
    // Auth.js's default would take this one; linking by it would be a takeover.
    expect(verifiedPrimaryEmail([{ email: "me@example.com", primary: true, verified: false }, { email: "x@example.com", primary: false, verified: true }])).toEqual({ email: null, email_verified: false });
    expect(verifiedPrimaryEmail([])).toEqual({ email: null, email_verified: false });
    expect(verifiedPrimaryEmail({ message: "Bad credentials" })).toEqual({ email: null, email_verified: false });
  });
});

describe("GitHub userinfo", () => {
  afterEach(() => vi.unstubAllGlobals());

  async function profileWith(emails: unknown, publicEmail: string | null) {
    const calls: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init: { headers: Record<string, string> }) => {
      calls.push(`${url} ${init.headers.Authorization}`);
      const body = url.endsWith("/user/emails") ? emails : { id: 7, login: "octo", email: publicEmail };
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    });
    const provider = configuredProviders(github)[0]!.authjs() as unknown as {
      options: { userinfo: { request(ctx: { tokens: { access_token: string } }): Promise<Record<string, unknown>> } };
    };
    const profile = await provider.options.userinfo.request({ tokens: { access_token: "gho_test" } });
    return { profile, calls };
  }

  it("asks GitHub for the emails even when the profile shows a public one, and keeps only the verified primary", async () => {
    const { profile, calls } = await profileWith([{ email: "me@example.com", primary: true, verified: true }], "public@example.com");
    expect(profile).toMatchObject({ id: 7, email: "me@example.com", email_verified: true });
    expect(calls).toEqual(["https://api.github.com/user Bearer gho_test", "https://api.github.com/user/emails Bearer gho_test"]);
  });

  it("drops an unverified primary email, public or not", async () => {
    const { profile } = await profileWith([{ email: "me@example.com", primary: true, verified: false }], "me@example.com");
    expect(profile).toMatchObject({ email: null, email_verified: false });
  });
});
