import type { Page } from "@playwright/test";
import { test, expect, requestCode, enterCode, signIn, formMessage, type Mailbox } from "./fixtures";

/**
 * Issue 14, the sign-in and code pages as a person meets them: the link in
 * another tab, the code page's words and order, old codes after a resend,
 * focus and messages after an error, cleared cookies, /sign-in while signed in.
 */

async function linkFor(mailbox: Mailbox, email: string): Promise<string> {
  const message = await mailbox.waitForMessage(email);
  expect(message.link, "sign-in link in the email").toBeTruthy();
  return message.link!;
}

/** The emailed link, opened in a second tab of the same browser, signs in there. */
async function signInWithLinkInNewTab(page: Page, link: string): Promise<Page> {
  const tab = await page.context().newPage();
  await tab.goto(link);
  await tab.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(tab).toHaveURL(/\/account$/);
  return tab;
}

test.describe("the emailed link in another tab (14.1)", () => {
  test("the code tab goes to the account by itself", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    await signInWithLinkInNewTab(page, await linkFor(mailbox, email));
    await page.bringToFront();
    await expect(page).toHaveURL(/\/account$/, { timeout: 10_000 });
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("typing the code afterwards goes to the account instead of 'already used'", async ({ page, mailbox, email }) => {
      await requestCode(page, email);
      const code = await mailbox.waitForCode(email);
      await signInWithLinkInNewTab(page, await linkFor(mailbox, email));
      await enterCode(page, code);
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByTestId("account-email")).toHaveText(email);
    });
  });
});

test.describe("the code page's one poll", () => {
  test("only GET /sign-in/verify/status, for this challenge, about every 2 s; nothing else polls", async ({ page, email }) => {
    // Registered before the page loads: every script-made request the code page sends.
    const seen: string[] = [];
    page.on("request", (request) => {
      if (!["fetch", "xhr", "eventsource", "websocket"].includes(request.resourceType())) return;
      // The router's prefetches of the page's links (React Server Component
      // payloads) are not polls, nor the hops they are redirected through
      // (the header's /account link goes on to /sign-in while signed out).
      let first = request;
      while (first.redirectedFrom()) first = first.redirectedFrom()!;
      if (new URL(first.url()).searchParams.has("_rsc") || first.headers()["rsc"] === "1") return;
      const url = new URL(request.url());
      seen.push(`${request.method()} ${url.pathname}${url.search}`);
    });
    await requestCode(page, email);
    const challengeId = await page.locator('form:has(input[name="code"]) input[name="challengeId"]').inputValue();
    seen.length = 0; // the email form's own post is not the code page's
    await page.waitForTimeout(7_000);
    const kinds = [...new Set(seen)];
    expect(kinds, `requests made over 7 s: ${JSON.stringify(seen)}`).toEqual([`GET /sign-in/verify/status?challengeId=${challengeId}`]);
    // Every 2 s while visible: 3 in 7 s (a slow machine may fit one fewer; never two polls at once).
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeLessThanOrEqual(4);
  });
});

test.describe("the code page (14.2)", () => {
  test("one heading, no banner, the whole address left-to-right, 'Use another email' first and pre-filled", async ({ page, email }) => {
    await requestCode(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your email");
    await expect(page.getByText("Check your inbox")).toHaveCount(0);
    await expect(formMessage(page)).toHaveCount(0);
    const address = page.getByTestId("masked-email");
    await expect(address).toHaveText(email);
    await expect(address).toHaveAttribute("dir", "ltr");
    await expect(page.getByLabel("Sign-in code")).toHaveAttribute("dir", "ltr");

    const another = page.getByRole("link", { name: "Use another email" });
    const resend = page.getByRole("button", { name: "Resend code" });
    const anotherFirst = await another.evaluate(
      (a, b) => Boolean(a.compareDocumentPosition(b!) & Node.DOCUMENT_POSITION_FOLLOWING),
      await resend.elementHandle(),
    );
    expect(anotherFirst, "'Use another email' comes before 'Resend code'").toBe(true);

    await another.click();
    await expect(page).toHaveURL(/\/sign-in\?/);
    await expect(page.getByLabel("Email address")).toHaveValue(email);
    expect(page.url()).not.toContain(encodeURIComponent(email)); // the address never travels in a URL
  });
});

test.describe("an older email's code after a resend (14.3)", () => {
  test("says a newer code replaced it, and costs no attempt", async ({ page, mailbox, email }) => {
    test.setTimeout(90_000); // waits out the real resend cooldown: the older code must still be live
    await requestCode(page, email);
    const first = await mailbox.waitForCode(email);
    await expect(page.getByTestId("resend-cooldown")).toBeHidden({ timeout: 45_000 });
    await page.getByRole("button", { name: "Resend code" }).click();
    await expect(formMessage(page)).toContainText("We sent you a new code");
    const second = await mailbox.waitForCode(email, 2);
    test.skip(second === first, "the two emails carry the same code (~1e-9)");

    await enterCode(page, first);
    await expect(formMessage(page)).toContainText("a newer code replaced it");
    await expect(formMessage(page)).not.toContainText("attempts left");
    // Nothing was spent: the next wrong code still leaves 4 attempts.
    await enterCode(page, wrongCodeLike(second, first));
    await expect(formMessage(page)).toContainText("4 attempts left");
    await enterCode(page, second);
    await expect(page).toHaveURL(/\/account$/);
  });
});

/** A code in the configured format that is neither of `codes` (the same shape as `like`). */
function wrongCodeLike(like: string, ...codes: string[]): string {
  const chars = like.split("");
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!/[A-Z0-9]/.test(chars[i]!)) continue;
    const original = chars[i]!;
    for (const c of /\d/.test(original) ? "23456789" : "ABCDEFGHJKLMNPQRSTUVWXYZ") {
      chars[i] = c;
      const candidate = chars.join("");
      if (candidate !== like && !codes.includes(candidate)) return candidate;
    }
    chars[i] = original;
  }
  throw new Error("no wrong code");
}

test.describe("after an error (14.4)", () => {
  test("focus stays in the code field, which is described by the message; the old message goes while checking", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    const field = page.getByLabel("Sign-in code");
    await enterCode(page, wrongCodeLike(code));
    await expect(formMessage(page)).toContainText("4 attempts left");
    await expect(field).toBeFocused();
    const describedBy = await field.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    await expect(page.locator(`[id="${describedBy}"]`)).toContainText("4 attempts left");
    // Tab goes on from the field (to the button), not from <body>.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeFocused();

    // While the next code is checked, the previous error is gone.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/sign-in/verify**", async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    });
    await field.fill(wrongCodeLike(code));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(formMessage(page)).toHaveCount(0);
    release();
    await expect(formMessage(page)).toContainText("3 attempts left");
    await expect(field).toBeFocused();
  });

  test("an email error is shown once, under the field, and focus stays in the field", async ({ page }) => {
    await page.goto("/sign-in");
    const field = page.getByLabel("Email address");
    await field.fill("not-an-address");
    await page.getByRole("button", { name: "Continue with email" }).click();
    // The form's one message (the QA kit's formMessage) is the line under the field, not a banner too.
    await expect(formMessage(page)).toHaveCount(1);
    await expect(formMessage(page)).toContainText("valid email address");
    await expect(page.getByText("Enter a valid email address")).toHaveCount(1);
    await expect(field).toBeFocused();
    await expect(field).toHaveAttribute("aria-describedby", "email-error");
    await expect(field).toHaveValue("not-an-address");
  });
});

test.describe("cookies and sessions (14.8)", () => {
  test("with cookies cleared, a code gets a clear message instead of a silent bounce", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    await page.context().clearCookies();
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/sign-in\?.*notice=missing-browser/);
    await expect(page.getByTestId("sign-in-notice")).toContainText("cookies were cleared");
    await expect(page.getByLabel("Email address")).toBeVisible();
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });
    test("with cookies cleared, a code gets a clear message", async ({ page, mailbox, email }) => {
      await requestCode(page, email);
      const code = await mailbox.waitForCode(email);
      await page.context().clearCookies();
      await enterCode(page, code);
      await expect(page.getByTestId("sign-in-notice")).toContainText("cookies were cleared");
    });
  });

  test("/sign-in while signed in says as whom, with the way to the account and to another account", async ({ page, mailbox, email }) => {
    await signIn(page, mailbox, email);
    await page.goto("/sign-in");
    const status = page.getByTestId("signed-in-as");
    await expect(status).toContainText(`You're signed in as ${email}`);
    await expect(page.getByLabel("Email address")).toBeVisible(); // to sign in as someone else
    await status.getByRole("link", { name: "Go to your account" }).click();
    await expect(page).toHaveURL(/\/account$/);
  });
});

test.describe("pasting the code", () => {
  test("a code pasted with the marks a right-to-left email puts around it submits by itself", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    // As copied from an Arabic email: isolates around it, a space inside (lib/email/templates/text.ts).
    const pasted = `\u2066${code.replace(/-/g, " ")}\u2069`;
    await page.getByLabel("Sign-in code").evaluate((input, text) => {
      const data = new DataTransfer();
      data.setData("text", text);
      input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await expect(page).toHaveURL(/\/account$/);
  });
});
