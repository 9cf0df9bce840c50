import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, enterCode, requestCode, type Mailbox } from "../fixtures";

/** A second device signs in to the same account with the nth code sent to the address. */
export async function signInOnAnotherDevice(browser: Browser, mailbox: Mailbox, email: string, nth: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await requestCode(page, email);
  await enterCode(page, await mailbox.waitForCode(email, nth));
  await expect(page).toHaveURL(/\/account$/);
  return { context, page };
}

/** From a freshly proven session on /account: the change-email form, its code from the new mailbox, done. */
export async function changeEmailTo(page: Page, mailbox: Mailbox, newEmail: string): Promise<void> {
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByRole("button", { name: "Send confirmation code" }).click();
  await expect(page).toHaveURL(/purpose=change-email/);
  await page.getByLabel("Confirmation code").fill(await mailbox.waitForCode(newEmail));
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByTestId("account-email")).toHaveText(newEmail);
}
