import type { Locator, Page } from "@playwright/test";
import { formatCode, generateCode, normalizeCode } from "../lib/auth/code";
import { test, expect, formMessage } from "./fixtures";

/**
 * Keyboard only (issue 14): a person who cannot use a mouse signs in with Tab
 * and Enter, and after an error the focus stays where they can go on typing
 * (the field) or on the message that explains it — never on <body>, where the
 * next Tab would skip the field.
 */

/** Presses Tab until `target` has the focus (at most `max` times); fails if it never does. */
async function tabTo(page: Page, target: Locator, max = 25): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, `reachable with Tab within ${max} presses`).toBeFocused();
}

/** What has the focus, described for an assertion message. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("data-testid") ? `[data-testid=${el.getAttribute("data-testid")}]` : ""}`;
  });
}

/** The focus is in `field`, or on the error message with `field` the next Tab stop. */
async function expectFocusAfterError(page: Page, field: Locator): Promise<void> {
  await expect.poll(() => focused(page), { message: "focus after the error is not lost to <body>" }).not.toBe("body");
  if (await field.evaluate((el) => el === document.activeElement)) return;
  const onMessage = await page.evaluate(() => {
    const el = document.activeElement;
    return Boolean(el?.closest('[data-testid="form-message"], [role="alert"], .field-error'));
  });
  expect(onMessage, `focus is on ${await focused(page)}: neither the field nor its message`).toBe(true);
  await page.keyboard.press("Tab");
  await expect(field, "the next Tab from the message goes to the field").toBeFocused();
}

function wrongCodeFor(right: string): string {
  let code = formatCode(generateCode());
  while (normalizeCode(code) === normalizeCode(right)) code = formatCode(generateCode());
  return code;
}

test.describe("keyboard only", () => {
  test("sign in with Tab and Enter, the code read from the mailbox", async ({ page, mailbox, email }) => {
    // From the home page: Tab to "Sign in", Enter, then the form.
    await page.goto("/");
    await tabTo(page, page.getByRole("main").getByRole("link", { name: "Sign in" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/sign-in/);
    const emailInput = page.getByLabel("Email address");
    await tabTo(page, emailInput);
    await page.keyboard.type(email);
    await tabTo(page, page.getByRole("button", { name: "Continue with email" }));
    await page.keyboard.press("Enter");

    const codeInput = page.getByLabel("Sign-in code");
    await expect(codeInput).toBeVisible();
    await tabTo(page, codeInput);
    await page.keyboard.type(await mailbox.waitForCode(email));
    await tabTo(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("the skip link is the first Tab stop and moves past the header", async ({ page }) => {
    await page.goto("/"); // no field takes the focus on load here
    await page.keyboard.press("Tab");
    const skip = page.locator("a.skip-link");
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);
    await expect(page.locator("main")).toBeFocused();
  });

  test("after a wrong email, focus stays in the field or moves to the message", async ({ page }) => {
    await page.goto("/sign-in");
    const emailInput = page.getByLabel("Email address");
    await tabTo(page, emailInput);
    await page.keyboard.type("not-an-email");
    await page.keyboard.press("Enter");
    await expect(page.locator('#email[aria-invalid="true"], [data-testid="form-message"]').first()).toBeVisible();
    await expectFocusAfterError(page, emailInput);
  });

  // Submitting from the button is where focus got lost: the button is disabled while the code is checked.
  test("after a wrong code sent with the button, focus stays in the field or moves to the message", async ({ page, mailbox, email }) => {
    await page.goto("/sign-in");
    await tabTo(page, page.getByLabel("Email address"));
    await page.keyboard.type(email);
    await page.keyboard.press("Enter");
    const codeInput = page.getByLabel("Sign-in code");
    await expect(codeInput).toBeVisible();
    const code = await mailbox.waitForCode(email);
    await tabTo(page, codeInput);
    await page.keyboard.type(wrongCodeFor(code));
    await tabTo(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await page.keyboard.press("Enter");
    await expect(formMessage(page).and(page.getByRole("alert"))).toBeVisible();
    await expectFocusAfterError(page, codeInput);
  });

  test("after a wrong code sent with Enter, focus stays in the field or moves to the message", async ({ page, mailbox, email }) => {
    await page.goto("/sign-in");
    await tabTo(page, page.getByLabel("Email address"));
    await page.keyboard.type(email);
    await page.keyboard.press("Enter");
    const codeInput = page.getByLabel("Sign-in code");
    await expect(codeInput).toBeVisible();
    const code = await mailbox.waitForCode(email);
    await tabTo(page, codeInput);
    await page.keyboard.type(wrongCodeFor(code));
    await page.keyboard.press("Enter");
    await expect(formMessage(page).and(page.getByRole("alert"))).toBeVisible();
    await expectFocusAfterError(page, codeInput);
    // And the person goes on typing: select what is there, type the right code, Enter.
    if (!(await codeInput.evaluate((el) => el === document.activeElement))) await tabTo(page, codeInput);
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(code);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/account$/);
  });
});
