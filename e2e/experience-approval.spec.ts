import type { Browser, Locator, Page } from "@playwright/test";
import { test, expect, requestCode, signInWithoutUi } from "./fixtures";

/**
 * Issue 14, item 6: on a phone (390×844) the link's approval page keeps its
 * number field and buttons inside the card, Approve (primary) before Deny,
 * left to right and right to left. Item 2's panel and the catalogues are
 * checked in link.spec.ts; here the layout, and the words in German and Arabic.
 */

const PHONE = { width: 390, height: 844 };

async function phoneIn(browser: Browser, baseURL: string, locale?: "de" | "ar"): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  // The language switcher's cookie: the reader's remembered choice.
  if (locale) await context.addCookies([{ name: "locale", value: locale, url: baseURL }]);
  return context.newPage();
}

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  await expect(locator).toBeVisible();
  const b = await locator.boundingBox();
  expect(b, "bounding box").not.toBeNull();
  return b!;
}

/** Inside the card's padding box, to the pixel (rounding aside). */
function expectInside(inner: Box, card: Box, what: string) {
  expect(inner.x, `${what}: left edge inside the card`).toBeGreaterThanOrEqual(card.x - 0.5);
  expect(inner.x + inner.width, `${what}: right edge inside the card`).toBeLessThanOrEqual(card.x + card.width + 0.5);
}

async function expectFitsThePhone(phone: Page) {
  // Nothing wider than the screen: no sideways scrolling.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

/** Primary first: above (stacked) or, side by side, first in reading order. */
async function expectPrimaryFirst(phone: Page, primary: Box, secondary: Box) {
  const rtl = (await phone.locator("html").getAttribute("dir")) === "rtl";
  if (primary.y + primary.height <= secondary.y + 0.5) return;
  expect(Math.abs(primary.y - secondary.y), "side by side when not stacked").toBeLessThan(2);
  if (rtl) expect(primary.x).toBeGreaterThan(secondary.x);
  else expect(primary.x).toBeLessThan(secondary.x);
}

for (const locale of [undefined, "de", "ar"] as const) {
  test(`phone 390×844${locale ? ` (${locale})` : ""}: the approval steps fit the card, primary first`, async ({ page, mailbox, email, browser, baseURL }) => {
    await requestCode(page, email);
    const link = (await mailbox.waitForMessage(email)).link!;
    const phone = await phoneIn(browser, baseURL!, locale);
    await phone.goto(link);
    await expect(phone.locator("html")).toHaveAttribute("dir", locale === "ar" ? "rtl" : "ltr");
    await expect(phone.locator("html")).toHaveAttribute("lang", locale ?? "en");
    const card = await box(phone.locator("section.card"));
    expect(card.x).toBeGreaterThanOrEqual(0);
    expect(card.x + card.width).toBeLessThanOrEqual(PHONE.width);

    // Step 1: Continue / Deny.
    const proceed = await box(phone.getByTestId("continue-approval"));
    const deny = await box(phone.getByTestId("deny-sign-in"));
    expectInside(proceed, card, "Continue");
    expectInside(deny, card, "Deny");
    await expectPrimaryFirst(phone, proceed, deny);
    await expectFitsThePhone(phone);
    if (locale === "de") await expect(phone.getByTestId("continue-approval")).toHaveText("Weiter");
    if (locale === "ar") await expect(phone.getByTestId("continue-approval")).toHaveText("متابعة");

    // Step 2: the number box, its field, Approve / Deny.
    await phone.getByTestId("continue-approval").click();
    const entry = await box(phone.getByTestId("matching-entry"));
    const field = await box(phone.locator("#matching-number-input"));
    const approve = await box(phone.getByTestId("approve-sign-in"));
    const deny2 = await box(phone.getByTestId("deny-sign-in"));
    const card2 = await box(phone.locator("section.card"));
    expectInside(entry, card2, "number box");
    expectInside(field, entry, "number field in its box");
    expectInside(approve, card2, "Approve");
    expectInside(deny2, card2, "Deny");
    await expectPrimaryFirst(phone, approve, deny2);
    await expectFitsThePhone(phone);
    // The number stays left to right in every language.
    await expect(phone.locator("#matching-number-input")).toHaveAttribute("dir", "ltr");
    if (locale === "ar") await expect(phone.getByTestId("approve-sign-in")).toHaveText("الموافقة على تسجيل الدخول");

    // The asking page (English here) shows the number; typing it approves.
    await expect(page.getByTestId("approval-panel")).toBeVisible();
    await phone.locator("#matching-number-input").fill((await page.getByTestId("matching-number").textContent())!.trim());
    await phone.getByTestId("approve-sign-in").click();
    await expect(phone.getByTestId("link-message")).toBeVisible();
    await expect(page).toHaveURL(/\/account$/);
    await phone.context().close();
  });
}

test("/activate speaks the reader's language (de), the device code stays left to right", async ({ page, email, baseURL }) => {
  await page.context().addCookies([{ name: "locale", value: "de", url: baseURL! }]);
  await signInWithoutUi(page, email, baseURL);
  await page.goto("/activate");
  await expect(page.getByRole("heading", { name: "Ein Gerät anmelden" })).toBeVisible();
  await expect(page.getByLabel("Gerätecode")).toHaveAttribute("dir", "ltr");
  await page.getByLabel("Gerätecode").fill("BCDF-GHJK");
  await page.getByRole("button", { name: "Weiter" }).click();
  await expect(page.getByTestId("form-message")).toContainText("Dieser Code stimmt nicht");
});
