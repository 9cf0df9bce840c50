import { test, expect, requestCode } from "./fixtures";

/**
 * The dev mailbox page (docs/decisions/0034-one-email-seam.md): each email's
 * own HTML in a sandboxed frame, the code and link from the stored fields,
 * and a page that picks up new mail by itself.
 */
test.describe("dev mailbox", () => {
  test("shows the rendered email, its code and link, and refreshes itself", async ({ page, browser, mailbox, email }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/dev/mailbox");
    await expect(page.getByRole("link", { name: "Reload" })).toBeVisible();

    // Another browser asks for a code; the open mailbox shows it without a reload.
    const asker = await (await browser.newContext()).newPage();
    await requestCode(asker, email);
    const sent = await mailbox.waitForMessage(email);
    const article = page.getByTestId("mailbox-message").filter({ hasText: email });
    await expect(article).toBeVisible({ timeout: 15_000 });
    await expect(article.getByTestId("mailbox-code")).toHaveText(sent.code!);
    await expect(article.getByTestId("mailbox-link")).toHaveAttribute("href", sent.link!);

    await article.scrollIntoViewIfNeeded(); // the frames load lazily
    // The frame holds the email's HTML: heading, code and button as a mail client shows them.
    const frame = article.frameLocator("iframe");
    await expect(frame.getByRole("heading", { name: "Your sign-in code" })).toBeVisible();
    await expect(frame.getByText(sent.code!, { exact: true })).toBeVisible();
    await expect(frame.getByRole("link", { name: "Sign in to Magic Code" })).toHaveAttribute("href", sent.link!);
    expect(violations).toEqual([]);
  });

  test("an email's HTML is served sandboxed, without script, framable by this origin only", async ({ page, request, mailbox, email }) => {
    await requestCode(page, email);
    const sent = await mailbox.waitForMessage(email);
    const response = await request.get(`/dev/mailbox/messages/${sent.id}/html`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/html/);
    const csp = response.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toMatch(/(^|; )sandbox /);
    expect(csp).not.toMatch(/script-src/);
    expect(response.headers()["x-frame-options"]).toBe("SAMEORIGIN");
    expect(await response.text()).toBe(sent.html);

    // Only the mailbox page may frame; every other page still frames nothing and is framed by nothing.
    const mailboxPage = await request.get("/dev/mailbox");
    expect(mailboxPage.headers()["content-security-policy"]).toContain("frame-src 'self'");
    expect(mailboxPage.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    const signIn = await request.get("/sign-in");
    expect(signIn.headers()["content-security-policy"]).toContain("frame-src 'none'");

    expect((await request.get("/dev/mailbox/messages/00000000-0000-0000-0000-000000000000/html")).status()).toBe(404);
    expect((await request.get("/dev/mailbox/messages/not-an-id/html")).status()).toBe(404);
  });
});
