import type { Browser, Page } from "@playwright/test";
import { formatCode, generateCode, normalizeCode } from "../lib/auth/code";
import { test, expect, expireCodes, formMessage, signedInState, cleanup, type Mailbox } from "./fixtures";
import { expectNoA11yViolations } from "./support/axe";
import { addAuthenticator } from "./support/webauthn";

/**
 * Accessibility in CI (issue 14): axe (WCAG 2.1 A/AA) on every page state a
 * person meets, in light and dark, left-to-right (English) and right-to-left
 * (Arabic, chosen by the switcher's `locale` cookie). The steps find fields
 * by name and submit with Enter, never by their English labels, so the same
 * walk runs in every language.
 */
const VARIANTS = [
  { locale: "en", colorScheme: "light" },
  { locale: "en", colorScheme: "dark" },
  { locale: "ar", colorScheme: "light" },
  { locale: "ar", colorScheme: "dark" },
] as const;

type Variant = (typeof VARIANTS)[number];

const emailField = (page: Page) => page.locator('input[name="email"]');
const codeField = (page: Page) => page.locator('input[name="code"]');
const errorMessage = (page: Page) => formMessage(page).and(page.getByRole("alert"));

/** A code in the configured format that is not the right one. */
function wrongCodeFor(right: string): string {
  let code = formatCode(generateCode());
  while (normalizeCode(code) === normalizeCode(right)) code = formatCode(generateCode());
  return code;
}

/** Email form → code page, in any language. */
async function askForCode(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await emailField(page).fill(email);
  await emailField(page).press("Enter");
  await expect(codeField(page)).toBeVisible();
}

/** Another device (its own cookies) with the same language and colour scheme. */
async function otherDevice(browser: Browser, variant: Variant, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ colorScheme: variant.colorScheme });
  await context.addCookies([{ name: "locale", value: variant.locale, url: baseURL }]);
  return context.newPage();
}

async function linkFor(mailbox: Mailbox, email: string, nth = 1): Promise<string> {
  const message = await mailbox.waitForMessage(email, nth);
  expect(message.link, "sign-in link in the email").toBeTruthy();
  return message.link!;
}

function undoLinkIn(text: string): string | undefined {
  return /https?:\/\/[^\s\]]+\/email-change\/undo\?token=[A-Za-z0-9_-]{43}/.exec(text)?.[0];
}

for (const variant of VARIANTS) {
  const name = `${variant.locale}, ${variant.colorScheme}`;

  test.describe(`axe: 0 violations (${name})`, () => {
    // A browser that has told the server its time zone already: no first-visit
    // refresh (app/components/time-zone.tsx) re-renders the page, its <title>
    // included, while axe reads it (a flaky document-title finding in CI).
    test.use({ colorScheme: variant.colorScheme, timezoneId: "UTC" });

    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([
        { name: "locale", value: variant.locale, url: baseURL! },
        { name: "tz", value: "UTC", url: baseURL! },
      ]);
    });

    /** Soft: one run lists every page state with violations, not just the first. */
    const scan = async (page: Page, label: string) => {
      await expect(page.locator("html")).toHaveAttribute("dir", variant.locale === "ar" ? "rtl" : "ltr");
      await expectNoA11yViolations(page, `${label} [${name}]`);
    };

    test("sign-in and code page: empty, error, fresh, wrong code, dead code", async ({ page, mailbox, email, request }) => {
      await page.goto("/sign-in");
      await scan(page, "sign-in");

      await emailField(page).fill("not-an-email");
      await emailField(page).press("Enter");
      await expect(page.locator('[aria-invalid="true"], [data-testid="form-message"]').first()).toBeVisible();
      await scan(page, "sign-in with an error");

      await emailField(page).fill(email);
      await emailField(page).press("Enter");
      await expect(codeField(page)).toBeVisible();
      await scan(page, "code page");

      const code = await mailbox.waitForCode(email);
      await codeField(page).fill(wrongCodeFor(code));
      await codeField(page).press("Enter");
      await expect(errorMessage(page)).toBeVisible();
      await scan(page, "code page, wrong code");

      await expireCodes(request, email);
      await page.reload();
      await expect(codeField(page)).toBeDisabled();
      await scan(page, "code page, dead code");
    });

    test("link pages: another device approves, used, invalid, same browser", async ({ page, mailbox, email, browser, baseURL }) => {
      await askForCode(page, email);
      const phone = await otherDevice(browser, variant, baseURL!);
      const link = await linkFor(mailbox, email);
      await phone.goto(link);
      await expect(phone.getByTestId("continue-approval")).toBeVisible();
      await scan(phone, "link page, another device, first step");
      // Continue asks to approve (decision 0042): only then the number is asked for here and shown there.
      await phone.getByTestId("continue-approval").click();
      await expect(phone.locator('input[name="number"]')).toBeVisible();
      await scan(phone, "link page, approve on another device");

      const asked = (await page.getByTestId("matching-number").textContent())!.trim();
      await phone.locator('input[name="number"]').fill(asked);
      await phone.locator('input[name="number"]').press("Enter");
      await expect(phone.getByTestId(/^link-(message|status)$/)).toBeVisible();
      await scan(phone, "link page, approved");
      await expect(page).toHaveURL(/\/account$/);

      await phone.goto(link);
      await expect(phone.getByTestId("link-status")).toBeVisible();
      await scan(phone, "link page, used");

      await phone.goto("/sign-in/link?token=not-a-token");
      await expect(phone.getByTestId("link-status")).toBeVisible();
      await scan(phone, "link page, invalid");

      // Denied from the link page: both pages say so (the code page read afresh, not by its poll).
      await askForCode(page, email);
      await phone.goto(await linkFor(mailbox, email, 2));
      await phone.getByTestId("deny-sign-in").click();
      await expect(phone.getByTestId("link-message")).toBeVisible();
      await scan(phone, "link page, denied");
      await page.reload();
      await expect(codeField(page)).toBeDisabled();
      await expect(errorMessage(page)).toBeVisible();
      await scan(page, "code page, denied from the link page");
      await phone.context().close();

      // Same browser: the plain "Sign in" step.
      await askForCode(page, email);
      await page.goto(await linkFor(mailbox, email, 3));
      await expect(page.getByTestId("masked-email")).toBeVisible();
      await scan(page, "link page, this browser");
    });

    test("account with sessions, passkeys and tokens; device activation; confirm; email-change undo; deletion", async ({ page, context, mailbox, email, request, baseURL }) => {
      test.slow(); // fourteen page states and five emails
      await addAuthenticator(page);
      await context.addCookies((await signedInState(request, email, baseURL!)).cookies);
      await signedInState(request, email, baseURL!); // a second device, listed with its own "Sign out"

      // Device flow (RFC 8628): a device asks, this browser approves on /activate.
      const started = await request.post("/api/oauth/device_authorization", { form: { client_id: "magic-code-cli" } });
      expect(started.status()).toBe(200);
      const { user_code: userCode, device_code: deviceCode } = (await started.json()) as { user_code: string; device_code: string };
      await page.goto("/activate");
      await expect(codeField(page)).toBeVisible();
      await scan(page, "activate");
      await codeField(page).fill(userCode);
      await codeField(page).press("Enter");
      await expect(page.getByTestId("activate-request")).toBeVisible();
      await scan(page, "activate, approve or deny");
      await page.locator('button[name="intent"][value="approve"]').click();
      await expect(page.getByTestId("activate-result")).toBeVisible();
      await scan(page, "activate, approved");
      // The device's next poll receives its token: now "Devices and apps" lists it.
      const token = await request.post("/api/oauth/token", {
        form: { grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: deviceCode, client_id: "magic-code-cli" },
      });
      expect(token.status()).toBe(200);

      // A second device, denied.
      const denied = await request.post("/api/oauth/device_authorization", { form: { client_id: "magic-code-cli" } });
      expect(denied.status()).toBe(200);
      await page.goto("/activate");
      await codeField(page).fill(((await denied.json()) as { user_code: string }).user_code);
      await codeField(page).press("Enter");
      await expect(page.getByTestId("activate-request")).toBeVisible();
      await page.locator('button[name="intent"][value="deny"]').click();
      await expect(page.getByTestId("activate-result")).toBeVisible();
      await scan(page, "activate, denied");

      await page.goto("/account");
      await expect(page.getByTestId("token-item")).toHaveCount(1);
      await expect(page.getByTestId("session-other")).toHaveCount(1);
      await expect(page.getByTestId("passkey-item")).toHaveCount(0);
      await scan(page, "account");

      // A real passkey list (Chromium's virtual authenticator): its name, rename field and delete button.
      await page.locator('[data-testid="passkey-list"] + button').click();
      await expect(page.getByTestId("passkey-item")).toHaveCount(1);
      await expect(page.getByTestId("account-notice")).toBeVisible();
      await scan(page, "account, with a passkey");
      await mailbox.waitForMessage(email); // the new passkey is announced by email: the codes below come after it

      // Change email: a confirm page (first for the current address if the proof is old), then the undo link.
      const newEmail = `moved-${email}`;
      await page.locator("#new-email").fill(newEmail);
      await page.locator("#new-email").press("Enter");
      await expect(page).toHaveURL(/\/account\/confirm\?purpose=/);
      await scan(page, "confirm page");
      if (/purpose=reauthenticate/.test(page.url())) {
        await codeField(page).fill(await mailbox.waitForCode(email, 2));
        await codeField(page).press("Enter");
        await expect(page.getByTestId("account-notice")).toBeVisible();
        await page.locator("#new-email").fill(newEmail);
        await page.locator("#new-email").press("Enter");
      }
      await expect(page).toHaveURL(/\/account\/confirm\?purpose=change-email/);
      await codeField(page).fill(await mailbox.waitForCode(newEmail));
      await codeField(page).press("Enter");
      await expect(page.getByTestId("account-notice")).toBeVisible();
      await scan(page, "account, after a change");

      let undo: string | undefined;
      await expect.poll(async () => (undo = (await mailbox.messages(email)).map((m) => undoLinkIn(m.text)).find(Boolean))).toBeTruthy();
      await page.goto(undo!);
      await expect(page.locator("form button[type=submit]").last()).toBeVisible();
      await scan(page, "email-change undo page");
      await page.goto("/email-change/undo?token=not-a-token");
      await expect(page.getByTestId("undo-status")).toBeVisible();
      await scan(page, "email-change undo page, invalid link");

      // Deleting: the confirmation step (a code to the account's address; not entered here).
      await page.goto("/account");
      await page.locator('form button[type="submit"].danger').click();
      await expect(page).toHaveURL(/\/account\/confirm\?purpose=delete-account/);
      await expect(codeField(page)).toBeVisible();
      await scan(page, "confirm page, delete account");
      await cleanup(request, newEmail).catch(() => {});
    });

    test("signed in: sign-in page, switch account, nothing to switch, not found, home", async ({ page, context, mailbox, email, request, baseURL }) => {
      const other = email.replace("@", "-b@");
      await context.addCookies((await signedInState(request, email, baseURL!)).cookies);
      await page.goto("/sign-in");
      await expect(page.getByTestId("signed-in-as")).toBeVisible();
      await scan(page, "sign-in, already signed in");
      await emailField(page).fill(other);
      await emailField(page).press("Enter");
      await expect(codeField(page)).toBeVisible();
      await codeField(page).fill(await mailbox.waitForCode(other));
      await codeField(page).press("Enter");
      await expect(page).toHaveURL(/\/sign-in\/switch\?/);
      await expect(page.getByTestId("next-account")).toBeVisible();
      await scan(page, "switch account");

      await page.goto("/sign-in/switch");
      await expect(page.getByTestId("switch-message")).toBeVisible();
      await scan(page, "switch, nothing to switch to");

      const missing = await page.goto("/no-such-page");
      expect(missing?.status()).toBe(404);
      await scan(page, "not found");

      await page.goto("/");
      await scan(page, "home");
      await cleanup(request, other).catch(() => {});
    });
  });
}
