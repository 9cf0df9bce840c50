import type { Browser, BrowserContextOptions, Page } from "@playwright/test";
import { test, expect, type Mailbox } from "./fixtures";

/**
 * Issue 14: the email goes out in the language of the browser that asked
 * (its choice in the language switcher, else its Accept-Language), stored on
 * the challenge. Arabic is right to left, with the code left to right. The
 * pages themselves may be in that language too, so the form is found by its
 * field's name, not by an English label.
 */
async function askForCode(browser: Browser, options: BrowserContextOptions, email: string, cookie?: { name: string; value: string }): Promise<Page> {
  const context = await browser.newContext(options);
  if (cookie) await context.addCookies([{ ...cookie, url: test.info().project.use.baseURL! }]);
  const page = await context.newPage();
  await page.goto("/sign-in");
  const form = page.locator("form").filter({ has: page.locator('input[name="email"]') });
  await form.locator('input[name="email"]').fill(email);
  await form.locator('button[type="submit"]').click();
  await page.waitForURL(/\/sign-in\/verify/);
  return page;
}

async function latest(mailbox: Mailbox, email: string) {
  return mailbox.waitForMessage(email);
}

test.describe("emails in the reader's language", () => {
  test("a German browser (Accept-Language de-DE) gets its email in German", async ({ browser, mailbox, email }) => {
    const page = await askForCode(browser, { locale: "de-DE" }, email);
    const sent = await latest(mailbox, email);
    expect(sent.subject).toBe(`${sent.code} ist Ihr Anmeldecode für Magic Code`);
    expect(sent.html).toContain('lang="de"');
    expect(sent.html).toContain("Geben Sie diesen Code in dem Browser ein");
    expect(sent.text).toContain("Geben Sie diesen Code in dem Browser ein");
    expect(sent.text).toMatch(/laufen in 10 Minuten ab/);
    // The link's words: it approves from another device too (issue 14 item 7).
    expect(sent.text).toContain("auf einem anderen Gerät bittet sie Sie, die Anmeldung zu bestätigen");
    expect(sent.text).not.toMatch(/Enter this code|Didn.t ask/);
    await page.context().close();
  });

  test("a browser that chose Arabic (locale=ar cookie) gets its email in Arabic, right to left, the code left to right", async ({ browser, mailbox, email, page }) => {
    const asker = await askForCode(browser, { locale: "en-US" }, email, { name: "locale", value: "ar" });
    const sent = await latest(mailbox, email);
    // The code in the subject is isolated left to right (U+2066…U+2069).
    expect(sent.subject).toBe(`\u2066${sent.code}\u2069 هو رمز تسجيل الدخول إلى Magic Code`);
    expect(sent.html).toMatch(/<html dir="rtl" lang="ar">/);
    expect(sent.html).toMatch(/<table[^>]*dir="rtl"/);
    expect(sent.html).toContain(`dir="ltr"`);
    expect(sent.text).toContain("أدخِل هذا الرمز في المتصفح الذي طلبتَ منه تسجيل الدخول");
    expect(sent.text).not.toMatch(/Enter this code/);
    // The plain text has no dir: the code is isolated left to right on its own line, the link's URL alone on the next.
    expect(sent.text.split("\n")).toEqual(expect.arrayContaining([`\u2066${sent.code}\u2069`, sent.link]));

    // As a mail client shows it (the dev mailbox's frame): right to left, the code left to right, the logo loaded.
    await page.goto("/dev/mailbox");
    const article = page.getByTestId("mailbox-message").filter({ hasText: email });
    await article.scrollIntoViewIfNeeded();
    const frame = article.frameLocator("iframe");
    const code = frame.getByText(sent.code!, { exact: true });
    await expect(code).toBeVisible();
    await expect(code).toHaveCSS("direction", "ltr");
    await expect(frame.getByRole("heading", { name: "رمز تسجيل الدخول" })).toHaveCSS("direction", "rtl");
    const logo = frame.getByRole("img", { name: "Magic Code" });
    await expect(logo).toBeVisible();
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(80);
    await asker.context().close();
  });

  test("the JSON code flow: the body's locale, else Accept-Language", async ({ request, mailbox, email }) => {
    const de = await request.post("/api/auth/code", { data: { email, locale: "de" }, headers: { "Accept-Language": "ar" } });
    expect(de.status()).toBe(200);
    expect((await mailbox.waitForMessage(email)).subject).toMatch(/ist Ihr Code für Magic Code, um sich in einer App anzumelden$/);
    const other = email.replace("@", "+ar@");
    const ar = await request.post("/api/auth/code", { data: { email: other }, headers: { "Accept-Language": "ar-EG,en;q=0.5" } });
    expect(ar.status()).toBe(200);
    const arabic = await mailbox.waitForMessage(other);
    expect(arabic.subject).toMatch(/هو رمز Magic Code لتسجيل الدخول إلى تطبيق$/);
    expect(arabic.html).toContain('dir="rtl"');
  });

  test("the email logo is a PNG served by the app", async ({ request }) => {
    const response = await request.get("/email-logo.png");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
  });
});
