import { formatCode, generateCode } from "../lib/auth/code";
import { changeEmailTo, signInOnAnotherDevice } from "./support/account";
import { test, expect, requestCode, enterCode, signIn, createUser, formMessage } from "./fixtures";
import type { APIRequestContext } from "@playwright/test";
import { servers } from "./servers";

test.describe("account lifecycle (F4)", () => {
  test("revoking a device from another signs it out at its next navigation", async ({ page, mailbox, email, browser }) => {
    await signIn(page, mailbox, email);
    const { context: laptop, page: laptopPage } = await signInOnAnotherDevice(browser, mailbox, email, 2);

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
    // The undo link in the notice is time-limited: once expired it only explains itself.
    const undo = undoLinkIn(notice.text);
    await expireEmailUndos(page.request, email);
    await page.goto(undo);
    await expect(page.getByTestId("undo-status")).toContainText("expired");
    await page.goto("/account");

    await otherPage.goto("/account");
    await expect(otherPage).toHaveURL(/\/sign-in/);
    await other.close();
    await expect(page.getByTestId("activity-list")).toContainText("Email address changed");
  });

  test("a stolen session cookie cannot move the account: the code goes to the current address, not the thief's", async ({ page, mailbox, email, browser, request }) => {
    await signIn(page, mailbox, email);
    // The thief copies the whole cookie jar (session and browser cookies); the owner signed in a while ago.
    const thief = await browser.newContext({ storageState: await page.context().storageState() });
    await ageSessionProof(request, email);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/account");
    await expect(thiefPage.getByTestId("account-email")).toHaveText(email);
    const thiefAddress = email.replace("@", "+thief@");
    await thiefPage.getByLabel("New email address").fill(thiefAddress);
    await thiefPage.getByRole("button", { name: "Send confirmation code" }).click();
    // Step-up: a code to the account's CURRENT address, to be typed in this browser.
    await expect(thiefPage).toHaveURL(/\/account\/confirm\?purpose=reauthenticate/);
    await expect(thiefPage.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
    const stepUp = await mailbox.waitForMessage(email, 2);
    expect(stepUp.subject).toMatch(/confirm it's you/);
    expect(await mailbox.messages(thiefAddress)).toHaveLength(0);
    // Guessing fails; the change form asks again for the current address's code.
    await thiefPage.getByLabel("Confirmation code").fill(wrongCodeFor(stepUp.code));
    await thiefPage.getByRole("button", { name: "Confirm" }).click();
    await expect(formMessage(thiefPage)).toContainText("isn't right");
    await thiefPage.goto("/account");
    await thiefPage.getByLabel("New email address").fill(thiefAddress);
    await thiefPage.getByRole("button", { name: "Send confirmation code" }).click();
    await expect(thiefPage).toHaveURL(/purpose=reauthenticate/);
    expect(await mailbox.messages(thiefAddress)).toHaveLength(0);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await thief.close();
  });

  test("the owner proves the current address, changes it, and the undo link restores it and signs everyone out, once", async ({ page, mailbox, email, browser, playwright, baseURL }) => {
    await signIn(page, mailbox, email);
    const { context: laptop, page: laptopPage } = await signInOnAnotherDevice(browser, mailbox, email, 2);
    await ageSessionProof(page.request, email);

    // Another mailbox (a "+tag" of the same one would share its send budget, S12).
    const newEmail = `moved-${email}`;
    await page.goto("/account");
    await page.getByLabel("New email address").fill(newEmail);
    await page.getByRole("button", { name: "Send confirmation code" }).click();
    await expect(page).toHaveURL(/purpose=reauthenticate/);
    await page.getByLabel("Confirmation code").fill(await mailbox.waitForCode(email, 3));
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(page.getByTestId("account-notice")).toContainText("confirmed");
    await changeEmailTo(page, mailbox, newEmail);

    const notice = await mailbox.waitForMessage(email, 4);
    expect(notice.subject).toMatch(/email address was changed/);
    const undo = undoLinkIn(notice.text);
    // Scanners may fetch it: a GET only shows the page.
    const scanner = await playwright.request.newContext({ baseURL });
    for (let i = 0; i < 3; i++) expect(await (await scanner.get(undo)).text()).toContain("Restore my address");
    await scanner.dispose();
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(newEmail);

    const mailReader = await browser.newContext();
    const readerPage = await mailReader.newPage();
    await readerPage.goto(undo);
    await readerPage.getByRole("button", { name: "Restore my address and sign everyone out" }).click();
    await expect(readerPage.getByTestId("undo-message")).toContainText("Your address is restored");
    // Every session ended, the changer's too.
    for (const p of [page, laptopPage]) {
      await p.goto("/account");
      await expect(p).toHaveURL(/\/sign-in/);
    }
    // Once only.
    await readerPage.goto(undo);
    await expect(readerPage.getByTestId("undo-status")).toContainText("already been used");
    // The old address signs in to the same account again.
    await signIn(readerPage, mailbox, email);
    await expect(readerPage.getByTestId("account-email")).toHaveText(email);
    await expect(readerPage.getByTestId("activity-list")).toContainText("Email change undone");
    await mailReader.close();
    await laptop.close();
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
    await enterCode(unknownPage, wrongCodeFor(null));
    await expect(formMessage(unknownPage)).toContainText("isn't right");
    await fresh.close();

    // The known account still signs in.
    await enterCode(page, knownCode);
    await expect(page).toHaveURL(/\/account$/);
  });
});

/** The "this wasn't me" link in the notice to the old address. */
function undoLinkIn(text: string): string {
  const link = /https?:\/\/[^\s\]]+\/email-change\/undo\?token=[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  expect(link, "undo link in the notice").toBeTruthy();
  return link!;
}

/** QA hook: the account's sessions proved it long ago (past the step-up window). */
async function ageSessionProof(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/dev/test-hooks", { data: { action: "age-session-proof", email } });
  expect(response.status(), "test hooks (is MAGIC_CODE_TEST_HOOKS=1?)").toBe(200);
}

async function expireEmailUndos(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/dev/test-hooks", { data: { action: "expire-email-undo", email } });
  expect(response.status(), "test hooks (is MAGIC_CODE_TEST_HOOKS=1?)").toBe(200);
}

/** A code in the configured format (lib/config.ts) that is not `right`. */
function wrongCodeFor(right: string | null): string {
  let code = formatCode(generateCode());
  while (code === right) code = formatCode(generateCode());
  return code;
}
