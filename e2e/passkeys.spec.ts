import { changeEmailTo } from "./support/account";
import type { Page } from "@playwright/test";
import { addAuthenticator } from "./support/webauthn";
import { test, expect, signIn, requestCode, enterCode, cleanup, type Mailbox } from "./fixtures";

/**
 * Passkeys (issue 12) against Chromium's virtual authenticator
 * (e2e/support/webauthn.ts).
 */

async function createPasskeyFromOffer(page: Page, mailbox: Mailbox, email: string): Promise<void> {
  await expect(page.getByTestId("passkey-offer")).toBeVisible();
  await page.getByRole("button", { name: "Create a passkey" }).click();
  await expect(page.getByTestId("account-notice")).toContainText("Your passkey is ready");
  await expect(page.getByTestId("passkey-item")).toHaveCount(1);
  await expect(page.getByTestId("passkey-offer")).toHaveCount(0);
  // The new way in is announced to the account's address.
  const notice = await mailbox.waitForMessage(email, 2);
  expect(notice.subject).toContain("A passkey was added");
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

async function passkeyButton(page: Page) {
  await page.goto("/sign-in");
  const button = page.getByRole("button", { name: "Sign in with a passkey" });
  await expect(button).toBeVisible();
  return button;
}

test.describe("passkeys", () => {
  test("code sign-in → create a passkey → sign out → sign in with the passkey, no email sent", async ({ page, mailbox, email }) => {
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    await expect(page.getByTestId("passkey-item")).toContainText("Created");
    await signOut(page);

    const sent = (await mailbox.messages(email)).length;
    await (await passkeyButton(page)).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await expect(page.getByTestId("passkey-item")).toContainText("last used");
    expect((await mailbox.messages(email)).length).toBe(sent);
  });

  test("conditional UI: the passkey in the email field's autofill signs in", async ({ page, mailbox, email }) => {
    await addAuthenticator(page, { autofill: true });
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await page.goto("/sign-in");
    // Picking the passkey from the autofill list (the virtual authenticator picks it) is the whole sign-in.
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await expect(page.getByTestId("passkey-item")).toContainText("last used");
  });

  test("“Not now” hides the offer in this browser", async ({ page, mailbox, email }) => {
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await page.getByRole("button", { name: "Not now" }).click();
    await expect(page.getByTestId("passkey-offer")).toHaveCount(0);
    await signOut(page);
    await requestCode(page, email);
    await enterCode(page, await mailbox.waitForCode(email, 2));
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await expect(page.getByTestId("passkey-offer")).toHaveCount(0);
  });

  test("another browser without the credential falls back to the code", async ({ page, mailbox, email, browser }) => {
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await addAuthenticator(otherPage); // an authenticator, but without this site's credential
    await (await passkeyButton(otherPage)).click();
    await expect(otherPage.getByLabel("Email address")).toHaveAttribute("autocomplete", "username webauthn");
    await expect(otherPage.getByTestId("passkey-message")).toContainText("Try again, or sign in with an email code");
    await expect(otherPage).toHaveURL(/\/sign-in/);
    await requestCode(otherPage, email);
    await enterCode(otherPage, await mailbox.waitForCode(email, 3));
    await expect(otherPage).toHaveURL(/\/account$/);
    await other.close();
  });

  test("a deleted passkey is refused", async ({ page, mailbox, email }) => {
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    await page.getByLabel(/^New name for/).fill("Work laptop");
    await page.getByRole("button", { name: "Rename" }).click();
    await expect(page.getByTestId("account-notice")).toContainText("renamed");
    await expect(page.getByTestId("passkey-name")).toHaveText("Work laptop");
    await page.getByRole("button", { name: "Delete passkey Work laptop" }).click();
    await expect(page.getByTestId("account-notice")).toContainText("The passkey is removed");
    await expect(page.getByTestId("passkey-item")).toHaveCount(0);
    await signOut(page);
    await (await passkeyButton(page)).click();
    await expect(page.getByTestId("passkey-message")).toContainText("isn't registered here");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a passkey of account A never signs in or steps up B", async ({ page, mailbox, email }) => {
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    await signOut(page);

    const b = email.replace("@", "+b@");
    await signIn(page, mailbox, b);
    // B's delete-account step-up offered A's passkey (B has none): refused, B stays.
    await page.getByRole("button", { name: "Delete account with a passkey" }).click();
    await expect(page.getByTestId("passkey-message")).toContainText("belongs to another account");
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(b);

    // Signing in with it (B signed in here) gives A's session, never B's.
    await (await passkeyButton(page)).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("a replayed assertion (same challenge) is refused", async ({ page, mailbox, email }) => {
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    await signOut(page);

    // Keep the body of the passkey sign-in post (the server action carrying the assertion).
    let captured: string | null = null;
    page.on("request", (request) => {
      const body = request.method() === "POST" ? request.postData() : null;
      if (!captured && body?.includes("clientDataJSON") && body.includes("authenticatorData")) captured = body;
    });
    await (await passkeyButton(page)).click();
    await expect(page).toHaveURL(/\/account$/);
    expect(captured).toBeTruthy();
    await signOut(page);

    // The next attempt makes a fresh assertion, but the old one is sent instead.
    await page.route("**/sign-in*", async (route) => {
      const body = route.request().postData();
      if (route.request().method() === "POST" && body?.includes("clientDataJSON")) return route.continue({ postData: captured! });
      return route.continue();
    });
    await (await passkeyButton(page)).click();
    await expect(page.getByTestId("passkey-message")).toContainText("didn't work");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a signature counter going backwards is refused", async ({ page, mailbox, email }) => {
    const { cdp, authenticatorId } = await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    await signOut(page);
    await (await passkeyButton(page)).click();
    await expect(page).toHaveURL(/\/account$/);
    await signOut(page);

    // A clone of the authenticator: the same key, its counter back at zero.
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    const credential = credentials[0]!;
    expect(credential.signCount).toBeGreaterThan(0);
    await cdp.send("WebAuthn.removeCredential", { authenticatorId, credentialId: credential.credentialId });
    await cdp.send("WebAuthn.addCredential", { authenticatorId, credential: { ...credential, signCount: 0 } });

    await (await passkeyButton(page)).click();
    await expect(page.getByTestId("passkey-message")).toContainText("didn't work");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("step-up with a passkey deletes the account without an email", async ({ page, mailbox, email }) => {
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.getByRole("button", { name: "Delete account with a passkey" }).click();
    await expect(page).toHaveURL(/notice=account-deleted/);
    // No code was asked for: the confirm page never showed.
    expect(requests.some((u) => u.includes("/account/confirm"))).toBe(false);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in/);
    // The passkey outlives its account only on the device; here it is refused with a clear message.
    await (await passkeyButton(page)).click();
    await expect(page.getByTestId("passkey-message")).toContainText("was deleted");
  });

  test("step-up with a passkey stands in for the code to the current address before an email change", async ({ page, mailbox, email, request }) => {
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    // The sign-in is long past: changing the email needs a fresh proof first.
    const aged = await request.post("/dev/test-hooks", { data: { action: "age-session-proof", email } });
    expect(aged.status()).toBe(200);
    await page.getByRole("button", { name: "Confirm it's you with a passkey" }).click();
    await expect(page.getByTestId("account-notice")).toContainText("confirmed");
    const newEmail = email.replace("@", "+new@");
    await changeEmailTo(page, mailbox, newEmail);
    await cleanup(request, newEmail).catch(() => {});
    // No code went to the current address: the sign-in code and the passkey notice, then the change notice.
    const toOld = await mailbox.messages(email);
    expect(toOld.filter((m) => m.code).length).toBe(1);
  });

  test("clicks and time from /sign-in to /account: passkey vs code (median of 10)", async ({ page, mailbox, email, browser, request }) => {
    test.setTimeout(240_000);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    await addAuthenticator(page);
    await signIn(page, mailbox, email);
    await createPasskeyFromOffer(page, mailbox, email);
    await signOut(page);

    const passkeyMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const button = await passkeyButton(page);
      const start = Date.now();
      await button.click(); // click 1
      await expect(page.getByTestId("account-email")).toHaveText(email);
      passkeyMs.push(Date.now() - start);
      await signOut(page);
    }

    const codeMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const context = await browser.newContext();
      const p = await context.newPage();
      // Distinct mailboxes (plus-addresses share one mailbox's send limit).
      const address = `c${i}-${email}`;
      await p.goto("/sign-in");
      const start = Date.now();
      await p.getByLabel("Email address").fill(address);
      await p.getByRole("button", { name: "Continue with email" }).click(); // click 1
      const code = await mailbox.waitForCode(address);
      await p.getByLabel("Sign-in code").fill(code);
      await p.getByRole("button", { name: "Sign in", exact: true }).click(); // click 2
      await expect(p.getByTestId("account-email")).toHaveText(address);
      codeMs.push(Date.now() - start);
      await context.close();
      await cleanup(request, address).catch(() => {});
    }
    console.log(
      `[passkeys bench] /sign-in → /account: passkey 1 click, median ${median(passkeyMs)} ms; ` +
        `code 2 clicks (+ typing the address and the code), median ${median(codeMs)} ms (reading the mailbox instantly)`,
    );
    expect(median(passkeyMs)).toBeGreaterThan(0);
  });
});
