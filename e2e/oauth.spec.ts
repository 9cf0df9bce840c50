import { randomUUID } from "node:crypto";
import { OAuth2Server } from "oauth2-mock-server";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { test, expect, signIn, createUser, requestCode, enterCode } from "./fixtures";
import { freshDatabase, query, startInstance, type Instance } from "./support/instances";
import { extraPort } from "./servers";

/**
 * Sign-in through another provider (issue 9 item 4), against a real local
 * OpenID Connect server (oauth2-mock-server: discovery, PKCE, signed id
 * tokens) and an app instance configured for it (AUTH_OIDC_*). The provider
 * signs in whoever the test says next: `nextClaims` go into its id token.
 * Serial: one provider and one app instance for the file.
 */
test.describe.configure({ mode: "serial" });

const APP_PORT = extraPort(1);
const IDP_PORT = extraPort(2);
const appUrl = `http://localhost:${APP_PORT}`;
const PROVIDER = "Test ID";

let idp: OAuth2Server;
let app: Instance;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let nextClaims: Record<string, unknown> = {};
/** Make the next authorization end with an error at the provider (the person said no). */
let denyNext = false;

test.use({ baseURL: appUrl });

test.beforeAll(async () => {
  idp = new OAuth2Server();
  await idp.issuer.keys.generate("RS256");
  await idp.start(IDP_PORT, "localhost");
  idp.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => Object.assign(token.payload, nextClaims));
  idp.service.on("beforeAuthorizeRedirect", (redirect: { url: URL }) => {
    if (!denyNext) return;
    denyNext = false;
    redirect.url.searchParams.delete("code");
    redirect.url.searchParams.set("error", "access_denied");
  });
  database = await freshDatabase();
  app = await startInstance(APP_PORT, {
    ...database.env,
    AUTH_OIDC_ISSUER: idp.issuer.url!,
    AUTH_OIDC_ID: "magic-code-e2e",
    AUTH_OIDC_SECRET: "e2e-client-secret-not-a-secret",
    AUTH_OIDC_NAME: PROVIDER,
  });
});

test.afterAll(async () => {
  await app?.stop();
  await idp?.stop();
  await database?.drop();
});

const address = () => `oidc-${randomUUID().slice(0, 8)}@example.com`;

/** A 5xx anywhere in the flow fails the test (S10: refusals are 4xx or a page). */
function noServerErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

/** "Continue with Test ID" on /sign-in, the provider vouching for `claims`. */
async function continueWithProvider(page: Page, claims: Record<string, unknown>): Promise<void> {
  nextClaims = claims;
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Continue with ${PROVIDER}` }).click();
}

async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: appUrl, ...options });
  return { context, page: await context.newPage() };
}

/** Rows behind the pages, when the instance runs on PostgreSQL (PGlite lives inside the app process). */
async function accountRows(email: string): Promise<number | null> {
  if (!database.url) return null;
  const rows = await query<{ n: string }>(database.url, `SELECT count(*) AS n FROM "Account" a JOIN "User" u ON u."id" = a."userId" WHERE u."email" = $1`, [email]);
  return Number(rows[0]!.n);
}

test.describe("sign-in through an OIDC provider", () => {
  test("with JavaScript: signed in, stays signed in, listed, revocable; the same provider account is the same user", async ({ page, browser }) => {
    const errors = noServerErrors(page);
    const email = address();
    const me = { sub: randomUUID(), email, email_verified: true };
    await continueWithProvider(page, me);
    await expect(page).toHaveURL(`${appUrl}/account`);
    await expect(page.getByTestId("account-email")).toHaveText(email);

    // The session is a server row behind the JWT: it holds across requests.
    for (let i = 0; i < 2; i++) {
      await page.goto("/account");
      await expect(page.getByTestId("account-email")).toHaveText(email);
    }
    await expect(page.getByTestId("session-current")).toContainText("This device");

    // A second sign-in with the same provider account: the same user (its
    // sessions list now shows both devices), not a new one.
    const laptop = await newPage(browser);
    await continueWithProvider(laptop.page, me);
    await expect(laptop.page.getByTestId("account-email")).toHaveText(email);
    await expect(laptop.page.getByTestId("session-other")).toHaveCount(1);
    expect(await accountRows(email)).toBe(database.url ? 1 : null);

    // Revoked from the laptop: out at the next request.
    await laptop.page.getByTestId("session-other").getByRole("button", { name: /Sign out/ }).click();
    await expect(laptop.page.getByTestId("account-notice")).toContainText("That device is signed out");
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in/);
    await laptop.page.goto("/account");
    await expect(laptop.page.getByTestId("account-email")).toHaveText(email);
    await laptop.context.close();
    expect(errors).toEqual([]);
  });

  test("without JavaScript: the form post is redirected to the provider (CSP form-action allows exactly it) and back", async ({ browser, request }) => {
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    const errors = noServerErrors(page);
    const email = address();
    await continueWithProvider(page, { sub: randomUUID(), email, email_verified: true });
    await expect(page).toHaveURL(`${appUrl}/account`);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await context.close();
    expect(errors).toEqual([]);

    const csp = (await request.get("/sign-in")).headers()["content-security-policy"]!;
    expect(csp.split("; ").find((d) => d.startsWith("form-action"))).toBe(`form-action 'self' ${new URL(idp.issuer.url!).origin}`);
  });

  test("an existing code user with the same verified email is linked, not duplicated", async ({ page, browser, mailbox }) => {
    const email = address();
    await signIn(page, mailbox, email); // by code, as before

    const other = await newPage(browser);
    const sub = randomUUID();
    await continueWithProvider(other.page, { sub, email: email.toUpperCase(), email_verified: true });
    await expect(other.page.getByTestId("account-email")).toHaveText(email);
    // One user: the code session is this user's other device.
    await expect(other.page.getByTestId("session-other")).toHaveCount(1);
    expect(await accountRows(email)).toBe(database.url ? 1 : null);

    // From now on the provider account itself names the user, whatever email it reports.
    const third = await newPage(browser);
    await continueWithProvider(third.page, { sub, email: address(), email_verified: false });
    await expect(third.page.getByTestId("account-email")).toHaveText(email);
    await expect(third.page.getByTestId("session-other")).toHaveCount(2);
    expect(await accountRows(email)).toBe(database.url ? 1 : null);
    await other.context.close();
    await third.context.close();
  });

  test("an unverified email is refused with a clear page and links nothing", async ({ page, browser, request }) => {
    const email = address();
    await createUser(request, email);
    const errors = noServerErrors(page);
    const sub = randomUUID();
    await continueWithProvider(page, { sub, email, email_verified: false });
    await expect(page).toHaveURL(/\/sign-in\/error\?error=unverified-email/);
    await expect(page.getByTestId("form-message")).toContainText("no verified email address");
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await accountRows(email)).toBe(database.url ? 0 : null);

    // "email_verified": "true" is not a verification either.
    await continueWithProvider(page, { sub, email, email_verified: "true" });
    await expect(page).toHaveURL(/\/sign-in\/error\?error=unverified-email/);

    // Had the refusal linked the account, this sign-in would land in it.
    const other = await newPage(browser);
    const elsewhere = address();
    await continueWithProvider(other.page, { sub, email: elsewhere, email_verified: true });
    await expect(other.page.getByTestId("account-email")).toHaveText(elsewhere);
    await other.context.close();
    expect(errors).toEqual([]);
  });

  test("access denied at the provider lands on a clear message, not a 500", async ({ page }) => {
    const errors = noServerErrors(page);
    denyNext = true;
    await continueWithProvider(page, { sub: randomUUID(), email: address(), email_verified: true });
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByTestId("provider-error")).toContainText("did not complete the sign-in");
    await expect(page.getByLabel("Email address")).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("signing in with the provider while signed in as someone else ends that session (no row left behind)", async ({ page, browser, mailbox }) => {
    const a = address();
    await signIn(page, mailbox, a);
    const phone = await newPage(browser);
    await requestCode(phone.page, a);
    await enterCode(phone.page, await mailbox.waitForCode(a, 2));
    await expect(phone.page.getByTestId("session-other")).toHaveCount(1);

    const b = address();
    await continueWithProvider(page, { sub: randomUUID(), email: b, email_verified: true });
    await expect(page.getByTestId("account-email")).toHaveText(b);
    await phone.page.reload();
    await expect(phone.page.getByTestId("account-email")).toHaveText(a);
    await expect(phone.page.getByTestId("session-other")).toHaveCount(0);
    await phone.context.close();
  });

  test("the browser that signed in with the provider is a known browser (S12): a stranger spending the address's shared sends cannot keep a code from it", async ({ browser }) => {
    // Without JavaScript nothing on /sign-in (such as passkey autofill) gives
    // the browser its cookie before the provider button does.
    const { context, page } = await newPage(browser, { javaScriptEnabled: false });
    const email = address();
    await continueWithProvider(page, { sub: randomUUID(), email, email_verified: true });
    await expect(page.getByTestId("account-email")).toHaveText(email);

    // A stranger who knows the address asks for codes from new browsers until the shared sends are spent…
    let refused = "";
    for (let i = 0; i < 6 && !refused; i++) {
      const stranger = await newPage(browser);
      refused = await requestCode(stranger.page, email).then(
        () => "",
        (error: Error) => error.message,
      );
      await stranger.context.close();
    }
    expect(refused).toContain("Too many codes were sent to this email address");
    // …and the browser that signed in with the provider still gets its code, from its own budget.
    await requestCode(page, email);
    await context.close();
  });

  test("cross-origin posts stay refused, the provider's included (its callbacks are GETs)", async ({ request }) => {
    const origin = new URL(idp.issuer.url!).origin;
    for (const path of ["/api/auth/callback/oidc", "/sign-in", "/api/auth/signin/oidc"]) {
      const response = await request.post(path, { headers: { origin }, form: { code: "x", state: "y" }, maxRedirects: 0 });
      expect(response.status(), path).toBe(403);
    }
  });

  test("the code sign-in is unchanged next to the provider button", async ({ page, mailbox }) => {
    const email = address();
    await page.goto("/sign-in");
    await expect(page.getByRole("button", { name: `Continue with ${PROVIDER}` })).toBeVisible();
    await signIn(page, mailbox, email);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });
});
