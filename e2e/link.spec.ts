import type { Browser, Page } from "@playwright/test";
import { test, expect, requestCode, enterCode, signIn, expireCodes, formMessage, type Mailbox } from "./fixtures";
import { servers } from "./servers";

/**
 * The link in the sign-in email (F2), scanner safety (S8) and the user
 * switch (F3). The link comes from the email the server really sent.
 */

async function linkFor(mailbox: Mailbox, email: string, nth = 1): Promise<string> {
  const message = await mailbox.waitForMessage(email, nth);
  expect(message.link, "sign-in link in the email").toBeTruthy();
  return message.link!;
}

function linkStatus(page: Page) {
  return page.getByTestId("link-status");
}

/** A second browser (another device): its own cookies, no session. */
async function otherDevice(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** On the other device: "Continue" asks to approve, so the asking page shows its number. */
async function askToApprove(phone: Page): Promise<void> {
  await phone.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(phone.getByLabel("Number on the other device")).toBeVisible();
}

test.describe("magic link (F2)", () => {
  test("opened in the same browser, the link signs in", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    await page.goto(await linkFor(mailbox, email));
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByTestId("masked-email")).toContainText("@example.com");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("the link returns to the page that asked for sign-in", async ({ page, mailbox, email }) => {
    await page.goto("/account?tab=devices");
    await expect(page).toHaveURL(/callbackUrl=/);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Continue with email" }).click();
    // The browser cookie arrives with the action's response, after the email left: wait for it.
    await expect(page.getByLabel("Sign-in code")).toBeVisible();
    const link = await linkFor(mailbox, email);
    expect(link).toContain("callbackUrl=%2Faccount%3Ftab%3Ddevices");
    await page.goto(link);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account\?tab=devices$/);
  });

  test("a link whose callback points elsewhere still lands on this site", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const link = new URL(await linkFor(mailbox, email));
    link.searchParams.set("callbackUrl", "https://evil.example/steal");
    await page.goto(link.toString());
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/account$/);
  });

  test("scanners: five plain GETs without cookies leave the link working (S8)", async ({ page, mailbox, email, playwright, baseURL }) => {
    await requestCode(page, email);
    const link = await linkFor(mailbox, email);
    const scanner = await playwright.request.newContext({ baseURL });
    for (let i = 0; i < 5; i++) {
      const response = await scanner.get(link);
      expect(response.status()).toBe(200);
      // Only the origin, never the token, in any Referer (see next.config.ts for why not no-referrer).
      expect(response.headers()["referrer-policy"]).toBe("strict-origin");
      expect(response.headers()["cache-control"]).toContain("no-store");
      expect(await response.text()).toContain("Approve sign-in");
    }
    await scanner.dispose();
    await page.goto(link);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
  });

  test("typing a number the asking page does not show cancels the sign-in", async ({ page, mailbox, email, browser }) => {
    await requestCode(page, email);
    const phone = await otherDevice(browser);
    await phone.goto(await linkFor(mailbox, email));
    await askToApprove(phone);
    await expect(page.getByTestId("matching-number")).toBeVisible();
    const asked = (await page.getByTestId("matching-number").textContent())!.trim();
    expect(asked).toMatch(/^\d{3}$/);
    // The approving page never shows the number (nor choices to pick from): it must come from the asking screen.
    await expect(phone.getByTestId("matching-number")).toHaveCount(0);
    await expect(phone.getByRole("radio")).toHaveCount(0);
    const wrong = String((Number(asked) + 1) % 1000).padStart(3, "0");
    await phone.getByLabel("Number on the other device").fill(wrong);
    await phone.getByRole("button", { name: "Approve sign-in" }).click();
    await expect(phone.getByTestId("link-message")).toContainText("isn't the number");
    await expect(formMessage(page)).toContainText("denied");
    await expect(page).not.toHaveURL(/\/account/);
    await phone.context().close();
  });

  test("another device approves: the asking page signs in by itself; the approver gets no session", async ({ page, mailbox, email, browser }) => {
    await requestCode(page, email);
    // Issue 14: nobody opened the link yet, so the code page shows no approval panel (the poll keeps it hidden).
    await expect(page.getByTestId("approval-panel")).toBeHidden();
    await expect(page.getByText("Waiting for approval")).toBeHidden();
    const phone = await otherDevice(browser);
    await phone.goto(await linkFor(mailbox, email));
    await expect(phone.getByRole("heading", { name: /Approve sign-in/ })).toBeVisible();
    await expect(phone.getByTestId("requesting-device")).toContainText("Chrome");
    await expect(phone.getByTestId("requesting-device")).toContainText(/just now|minute/);
    // Only reading the link (as a scanner would) still shows nothing on the asking page.
    await page.waitForTimeout(2_500);
    await expect(page.getByTestId("approval-panel")).toBeHidden();

    // "Continue" on the phone: the asking page shows the number by itself, no reload.
    await askToApprove(phone);
    await expect(page.getByTestId("approval-panel")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Your link was opened on another device" })).toBeVisible();
    await expect(page.getByTestId("approval-status")).toHaveText(/Waiting for approval/);

    // The approver types the number the asking screen shows (NIST SP 800-63B-4 §3.1.3.1: transferred, not compared).
    const asked = (await page.getByTestId("matching-number").textContent())?.trim();
    expect(asked).toMatch(/^\d{3}$/);
    await phone.getByLabel("Number on the other device").fill(asked!);

    await phone.getByRole("button", { name: "Approve sign-in" }).click();
    await expect(phone.getByTestId("link-message")).toContainText("Approved");
    await expect(page).toHaveURL(/\/account$/); // no reload, no click
    await expect(page.getByTestId("account-email")).toHaveText(email);

    await phone.goto("/account");
    await expect(phone).toHaveURL(/\/sign-in\?.*callbackUrl=/);
    // The link is spent now.
    await phone.goto(await linkFor(mailbox, email));
    await expect(linkStatus(phone)).toContainText("already been used");
    await phone.context().close();
  });

  test("another device denies: the asking page says so and the code is dead", async ({ page, mailbox, email, browser }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    const phone = await otherDevice(browser);
    await phone.goto(await linkFor(mailbox, email));
    await phone.getByRole("button", { name: "Deny" }).click();
    await expect(phone.getByTestId("link-message")).toContainText("Denied");
    await expect(formMessage(page)).toContainText("denied");
    await expect(page.getByLabel("Sign-in code")).toBeDisabled();
    await expect(page.getByRole("button", { name: "Send a new code" })).toBeVisible();
    await page.reload();
    await expect(formMessage(page)).toContainText("denied");
    expect(code).toBeTruthy();
    await phone.goto(await linkFor(mailbox, email));
    await expect(linkStatus(phone)).toContainText("denied");
    await phone.context().close();
  });

  test("the approving device may sign in there instead: a new flow of its own", async ({ page, mailbox, email, browser }) => {
    await requestCode(page, email);
    const phone = await otherDevice(browser);
    await phone.goto(await linkFor(mailbox, email));
    await phone.getByRole("button", { name: "Sign in on this device instead" }).click();
    await expect(phone.getByLabel("Sign-in code")).toBeVisible();
    // No "sent" banner in the URL: the code page's heading says it (issue 14.2).
    await expect(phone).toHaveURL(/\/sign-in\/verify$/);
    await enterCode(phone, await mailbox.waitForCode(email, 2));
    await expect(phone).toHaveURL(/\/account$/);
    // The first device's sign-in is untouched (supersede is per browser).
    await enterCode(page, (await mailbox.messages(email))[1]!.code!);
    await expect(page).toHaveURL(/\/account$/);
    await phone.context().close();
  });

  test("a new flow started from the link page keeps where the person was going", async ({ page, mailbox, email, browser }) => {
    await requestCode(page, email, "/sign-in?callbackUrl=%2Faccount%3Ftab%3Ddevices");
    const phone = await otherDevice(browser);
    const link = await linkFor(mailbox, email);
    expect(new URL(link).searchParams.get("callbackUrl")).toBe("/account?tab=devices");
    await phone.goto(link);
    await phone.getByRole("button", { name: "Sign in on this device instead" }).click();
    await expect(phone).toHaveURL(/\/sign-in\/verify\?callbackUrl=%2Faccount%3Ftab%3Ddevices$/);
    await enterCode(phone, await mailbox.waitForCode(email, 2));
    await expect(phone).toHaveURL(/\/account\?tab=devices$/);
    await phone.context().close();
  });

  test("used, expired, superseded and invalid links land on clear pages", async ({ page, mailbox, email, request }) => {
    // Used.
    await signIn(page, mailbox, email);
    const used = await linkFor(mailbox, email);
    await page.goto(used);
    await expect(page.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
    await expect(linkStatus(page)).toContainText("already been used");
    await expect(page.getByRole("button", { name: "Send me a new code" })).toBeVisible();

    // Expired (and, once a newer code is sent, superseded).
    await requestCode(page, email);
    const expired = await linkFor(mailbox, email, 2);
    await expireCodes(request, email);
    await page.goto(expired);
    await expect(linkStatus(page)).toContainText("expired");
    await page.getByRole("button", { name: "Send me a new code" }).click();
    await expect(page.getByLabel("Sign-in code")).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in\/verify$/);
    await linkFor(mailbox, email, 3);
    await page.goto(expired);
    await expect(linkStatus(page)).toContainText("newer sign-in email");

    // Not a link we ever sent.
    await page.goto("/sign-in/link?token=not-a-token");
    await expect(linkStatus(page)).toContainText("isn't valid");
    await page.goto(`/sign-in/link?token=${"A".repeat(43)}`);
    await expect(linkStatus(page)).toContainText("isn't valid");
    await page.getByRole("link", { name: "Get a new code" }).click();
    await expect(page.getByLabel("Email address")).toBeVisible();
  });
});

test.describe("one use between code and link (S1)", () => {
  // No JS: the code page must not refresh itself between the steps.
  test.use({ javaScriptEnabled: false });

  test("the code after the link fails", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    const tab = await page.context().newPage();
    await tab.goto(await linkFor(mailbox, email));
    await tab.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(tab).toHaveURL(/\/account$/);
    await page.context().clearCookies({ name: /authjs/ });
    await enterCode(page, code);
    await expect(formMessage(page)).toContainText("already been used");
  });

  test("the link after the code fails", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const tab = await page.context().newPage();
    await tab.goto(await linkFor(mailbox, email));
    await enterCode(page, await mailbox.waitForCode(email));
    await expect(page).toHaveURL(/\/account$/);
    await tab.getByRole("button", { name: "Sign in", exact: true }).click();
    // Without JS the page is rendered again after the post and explains the state itself.
    await expect(tab.getByTestId(/^link-(message|status)$/)).toContainText("already been used");
  });

  test("without JS, the asking page continues after approval with a button", async ({ page, mailbox, email, browser }) => {
    await requestCode(page, email);
    // Issue 14: no panel until the link's holder asks to approve; then the reloaded page shows it.
    await expect(page.getByTestId("approval-panel")).toBeHidden();
    await expect(page.getByRole("button", { name: "I approved it, continue" })).toBeHidden();
    // The phone without JS too: "Continue" posts, then the page is read again (post/redirect/get).
    const phone = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await phone.goto(await linkFor(mailbox, email));
    await page.reload();
    await expect(page.getByTestId("approval-panel")).toBeHidden();
    await askToApprove(phone);
    await expect(phone.getByText("No number there? Reload that page.")).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("approval-panel")).toBeVisible();
    await expect(page.getByTestId("matching-number")).toHaveText(/^\d{3}$/);
    await page.getByRole("button", { name: "I approved it, continue" }).click();
    await expect(page.getByTestId("approval-message")).toContainText("Not approved yet");
    await phone.getByLabel("Number on the other device").fill((await page.getByTestId("matching-number").textContent())!.trim());
    await phone.getByRole("button", { name: "Approve sign-in" }).click();
    await expect(phone.getByTestId(/^link-(message|status)$/)).toContainText(/approved/i);
    await page.getByRole("button", { name: "I approved it, continue" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await phone.context().close();
  });
});

/** A second address for the user-switch tests. */
function otherAddress(email: string): string {
  return email.replace("@", "-b@");
}

test.describe("user switch, confirm (F3, the default)", () => {
  test("code while signed in as someone else: both named; sign out and continue", async ({ page, mailbox, email }) => {
    const b = otherAddress(email);
    await signIn(page, mailbox, email);
    await requestCode(page, b);
    await enterCode(page, await mailbox.waitForCode(b));
    await expect(page).toHaveURL(/\/sign-in\/switch\?/);
    await expect(page.getByTestId("current-account")).toHaveText(email);
    await expect(page.getByTestId("next-account")).toHaveText(b);
    await page.getByRole("button", { name: "Sign out and continue" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(b);
  });

  test("cancel keeps the first account and the challenge unconsumed", async ({ page, mailbox, email }) => {
    const b = otherAddress(email);
    await signIn(page, mailbox, email);
    await requestCode(page, b);
    await enterCode(page, await mailbox.waitForCode(b));
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
    // Still there until it expires: the link now asks the same question.
    await page.goto(await linkFor(mailbox, b));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("next-account")).toHaveText(b);
  });

  test("the link while signed in as someone else asks too", async ({ page, mailbox, email }) => {
    const b = otherAddress(email);
    await signIn(page, mailbox, email);
    await requestCode(page, b);
    await page.goto(await linkFor(mailbox, b));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("current-account")).toHaveText(email);
    await page.getByRole("button", { name: "Sign out and continue" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(b);
  });

  test("signing in again as the same account asks nothing", async ({ page, mailbox, email }) => {
    await signIn(page, mailbox, email);
    await requestCode(page, email);
    await enterCode(page, await mailbox.waitForCode(email, 2));
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });
});

test.describe("user switch, silent (MAGIC_CODE_USER_SWITCH=switch)", () => {
  // Its own server (playwright.config.ts): the mode is read at start-up.
  test.use({ baseURL: servers.userSwitch });

  test("the code signs the other account in without asking", async ({ page, mailbox, email }) => {
    const b = otherAddress(email);
    await signIn(page, mailbox, email);
    await requestCode(page, b);
    await enterCode(page, await mailbox.waitForCode(b));
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(b);
  });

  test("so does the link", async ({ page, mailbox, email }) => {
    const b = otherAddress(email);
    await signIn(page, mailbox, email);
    await requestCode(page, b);
    await page.goto(await linkFor(mailbox, b));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(b);
  });
});
