import { test, expect } from "./fixtures";

/**
 * Issue 14 item 7, the page side (the email's logo and link words:
 * e2e/email-locale.spec.ts): the header names the app from `config.appName`
 * with its logo, every page has a favicon, and the emailed link says it
 * approves from another device too.
 */
test("the header shows the logo and the configured app name, and the favicon is served", async ({ page, request }) => {
  await page.goto("/sign-in");
  const brand = page.locator("header .brand");
  // config.appName (lib/config.ts): "Magic Code", not a hard-coded "MagicCode".
  await expect(brand).toHaveText("Magic Code");
  const logo = brand.locator("img");
  await expect(logo).toBeVisible();
  await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  const served = await request.get(icon!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg+xml");
});

test("the sign-in email says its button also approves from another device", async ({ page, mailbox, email }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue with email" }).click();
  const sent = await mailbox.waitForMessage(email);
  expect(sent.text).toContain("on another device it asks you to approve the sign-in");
  expect(sent.text).not.toContain("on the same device");
});
