import { readFileSync } from "node:fs";
import { test, expect, signIn, signedInState, signInWithoutUi, requestCode, enterCode, cleanup, createUser } from "./fixtures";
import { servers } from "./servers";
import { config } from "../lib/config";

/** The test-mode default code: 424242 stretched to the configured length (lib/test-mode.ts). */
const TEST_CODE = "42".repeat(Math.ceil(config.code.length / 2)).slice(0, config.code.length);
const plain = (code: string | undefined) => code?.replace(/[-\s]/g, "");

/**
 * The QA kit itself: the fixtures in e2e/fixtures.ts and test mode
 * (lib/test-mode.ts), against the main e2e server, which runs in test mode
 * with the QA opt-in (playwright.config.ts).
 */

test("docs/qa.md shows e2e/qa-sample.spec.ts as it is", () => {
  const doc = readFileSync("docs/qa.md", "utf8");
  const sample = readFileSync("e2e/qa-sample.spec.ts", "utf8").trim();
  expect(sample.split("\n").length).toBeLessThanOrEqual(10);
  expect(doc).toContain(sample);
});

test("a signed-in state without the UI opens the account page, as a real session", async ({ browser, request, email, baseURL }) => {
  const context = await browser.newContext({ storageState: await signedInState(request, email, baseURL!) });
  const page = await context.newPage();
  await page.goto("/account?tab=devices");
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await context.close();
});

test("signInWithoutUi signs the page in; a revoked session is refused like any other", async ({ page, email }) => {
  await signInWithoutUi(page, email);
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await cleanup(page.request, email);
  await expect(async () => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in/, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
});

test("signIn fails at once with the page's own message, not a timeout", async ({ page, email }) => {
  // Use up the sends unknown browsers get without waiting (config.limits.email.freeSends: 3), from fresh browsers.
  for (let i = 0; i < 3; i++) {
    await page.context().clearCookies();
    await requestCode(page, email);
  }
  await page.context().clearCookies();
  const started = Date.now();
  const error = await signIn(page, email).catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(/the page says "Too many codes/);
  expect(Date.now() - started).toBeLessThan(10_000);
});

test("signIn accepts the landing URL", async ({ page, email }) => {
  await signIn(page, email, { from: "/sign-in?callbackUrl=%2Faccount%3Ftab%3Ddevices", landing: /\/account\?tab=devices$/ });
  const error = await signIn(page, `other-${email}`, { landing: "/nowhere", timeout: 3000 }).catch((e: Error) => e);
  expect((error as Error).message).toMatch(/signing in .* \(expecting \/nowhere\): nothing happened within 3000 ms/);
  await cleanup(page.request, `other-${email}`);
});

test.describe("test mode (MAGIC_CODE_TEST_MODE=1)", () => {
  test("a reserved address gets the fixed code and relaxed limits; the mailbox still records it", async ({ page, request }) => {
    const email = `qa-${Date.now()}@test.invalid`;
    for (let i = 0; i < 7; i++) {
      await page.context().clearCookies();
      await requestCode(page, email); // a real address is refused after 5
    }
    await enterCode(page, TEST_CODE);
    await expect(page).toHaveURL(/\/account$/);
    const messages = (await (await request.get(`/dev/mailbox/messages?to=${encodeURIComponent(email)}`)).json()) as { messages: { code: string }[] };
    expect(plain(messages.messages[0]?.code)).toBe(TEST_CODE);
    await cleanup(request, email);
  });

  test("an ordinary address gets a random code, and the fixed one fails", async ({ page, email, mailbox }) => {
    await requestCode(page, email);
    expect(plain(await mailbox.waitForCode(email))).not.toBe(TEST_CODE);
    await enterCode(page, TEST_CODE);
    await expect(page.getByTestId("form-message")).toContainText("isn't right");
  });

  test("a server without test mode gives a reserved address a random code", async ({ page }) => {
    const email = `qa-${Date.now()}@test.invalid`;
    await requestCode(page, email, `${servers.userSwitch}/sign-in`);
    const list = (await (await page.request.get(`${servers.userSwitch}/dev/mailbox/messages?to=${encodeURIComponent(email)}`)).json()) as { messages: { code: string }[] };
    expect(plain(list.messages[0]?.code)).not.toBe(TEST_CODE);
  });
});
