import { test, expect, requestCode, enterCode, signIn, createUser, formMessage } from "./fixtures";
import { servers } from "./servers";

test.describe("account lifecycle (F4)", () => {
  test("revoking a device from another signs it out at its next navigation", async ({ page, mailbox, email, browser }) => {
    await signIn(page, mailbox, email);
    const laptop = await browser.newContext();
    const laptopPage = await laptop.newPage();
    await requestCode(laptopPage, email);
    await enterCode(laptopPage, await mailbox.waitForCode(email, 2));
    await expect(laptopPage).toHaveURL(/\/account$/);

    await page.reload();
    await expect(page.getByTestId("session-current")).toContainText("This device");
    await expect(page.getByTestId("session-other")).toHaveCount(1);
    await page.getByTestId("session-other").getByRole("button", { name: /Sign out/ }).click();
    await expect(page.getByTestId("account-notice")).toContainText("That device is signed out");
    await expect(page.getByTestId("session-other")).toHaveCount(0);

    await laptopPage.goto("/account");
    await expect(laptopPage).toHaveURL(/\/sign-in/);
    // The revoking device is still signed in.
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await laptop.close();
  });

  test("sign out everywhere else", async ({ page, mailbox, email, browser }) => {
    await signIn(page, mailbox, email);
    const others = [await browser.newContext(), await browser.newContext()];
    let n = 1;
    for (const context of others) {
      const p = await context.newPage();
      await requestCode(p, email);
      await enterCode(p, await mailbox.waitForCode(email, ++n));
      await expect(p).toHaveURL(/\/account$/);
    }
    await page.reload();
    await expect(page.getByTestId("session-other")).toHaveCount(2);
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(page.getByTestId("account-notice")).toContainText("Every other device is signed out");
    for (const context of others) {
      const p = await context.newPage();
      await p.goto("/account");
      await expect(p).toHaveURL(/\/sign-in/);
      await context.close();
    }
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("change email: code to the new address, notice to the old, other devices signed out", async ({ page, mailbox, email, browser }) => {
    await signIn(page, mailbox, email);
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await requestCode(otherPage, email);
    await enterCode(otherPage, await mailbox.waitForCode(email, 2));
    await expect(otherPage).toHaveURL(/\/account$/);

    const newEmail = email.replace("@", "+new@");
    await page.reload();
    await page.getByLabel("New email address").fill(newEmail);
    await page.getByRole("button", { name: "Send confirmation code" }).click();
    await expect(page).toHaveURL(/\/account\/confirm\?purpose=change-email/);
    const code = await mailbox.waitForCode(newEmail);
    await page.getByLabel("Confirmation code").fill(code);
    await page.getByRole("button", { name: "Change email" }).click();
    await expect(page.getByTestId("account-notice")).toContainText("Your email address is changed");
    await expect(page.getByTestId("account-email")).toHaveText(newEmail);

    const notice = await mailbox.waitForMessage(email, 3);
    expect(notice.subject).toMatch(/email address was changed/);
    expect(notice.code).toBeNull();

    await otherPage.goto("/account");
    await expect(otherPage).toHaveURL(/\/sign-in/);
    await other.close();
    await expect(page.getByTestId("activity-list")).toContainText("Email address changed");
  });

  test("a sign-in code does not confirm an account deletion", async ({ page, mailbox, email, browser }) => {
    await signIn(page, mailbox, email);
    // Another browser asks for a sign-in code: a real, live code for this address.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await requestCode(otherPage, email);
    const signInCode = await mailbox.waitForCode(email, 2);

    await page.getByRole("button", { name: "Delete account…" }).click();
    await expect(page).toHaveURL(/\/account\/confirm\?purpose=delete-account/);
    const deletionMessage = await mailbox.waitForMessage(email, 3);
    expect(deletionMessage.subject).toMatch(/delete your account/);
    await page.getByLabel("Confirmation code").fill(signInCode);
    await page.getByRole("button", { name: "Delete account" }).click();
    await expect(formMessage(page)).toContainText("isn't right");
    // And the deletion code does not sign the other browser in.
    await enterCode(otherPage, deletionMessage.code!);
    await expect(formMessage(otherPage)).toContainText("isn't right");
    await other.close();
  });

  test("delete account behind a fresh code", async ({ page, mailbox, email }) => {
    await signIn(page, mailbox, email);
    await page.getByRole("button", { name: "Delete account…" }).click();
    const code = await mailbox.waitForCode(email, 2);
    await page.getByLabel("Confirmation code").fill(code);
    await page.getByRole("button", { name: "Delete account" }).click();
    await expect(page.getByTestId("home-notice")).toContainText("deleted");
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in/);
    // Signing in again makes a brand-new account with no history.
    await requestCode(page, email);
    await enterCode(page, await mailbox.waitForCode(email));
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("activity-list")).not.toContainText("Account deletion requested");
  });
});

test.describe("sign-up off (MAGIC_CODE_ALLOW_SIGN_UP=0)", () => {
  test.use({ baseURL: servers.noSignUp });

  test("an unknown email sees the same pages, gets no code, and no account is made", async ({ page, mailbox, email, request }) => {
    const known = email.replace("@", "+known@");
    await createUser(request, known);

    await requestCode(page, known);
    const knownHeading = await page.getByRole("heading").first().textContent();
    const knownLead = (await page.locator(".lead").textContent())!.replace(/\S+@example\.com/, "<email>");
    const knownCode = await mailbox.waitForCode(known);
    expect(knownCode).toBeTruthy();

    const fresh = await page.context().browser()!.newContext({ baseURL: servers.noSignUp });
    const unknownPage = await fresh.newPage();
    await requestCode(unknownPage, email);
    expect(await unknownPage.getByRole("heading").first().textContent()).toBe(knownHeading);
    expect((await unknownPage.locator(".lead").textContent())!.replace(/\S+@example\.com/, "<email>")).toBe(knownLead);
    const message = await mailbox.waitForMessage(email);
    expect(message.code).toBeNull();
    expect(message.subject).toMatch(/Sign-in attempt/);
    expect(message.text).toMatch(/no account/i);
    await enterCode(unknownPage, "ABC-234");
    await expect(formMessage(unknownPage)).toContainText("isn't right");
    await fresh.close();

    // The known account still signs in.
    await enterCode(page, knownCode);
    await expect(page).toHaveURL(/\/account$/);
  });
});
