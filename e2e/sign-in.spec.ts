import { formatCode, generateCode, normalizeCode } from "../lib/auth/code";
import { config } from "../lib/config";
import { test, expect, requestCode, enterCode, signIn, expireCodes, formMessage } from "./fixtures";

test.describe("sign in with a code (F1)", () => {
  test("happy path: email → code from the mailbox → account", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    await expect(page.getByTestId("masked-email")).toContainText("@example.com");
    const code = await mailbox.waitForCode(email);
    expect(normalizeCode(code)).toHaveLength(config.code.length); // a code in the configured format
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("the code is typed forgivingly: lower case, no dash, spaces", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    await enterCode(page, ` ${code.replace("-", " ").toLowerCase()} `);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("wrong code shows attempts left, then the right code signs in", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    const wrong = wrongCodeFor(code);
    await enterCode(page, wrong);
    await expect(formMessage(page)).toContainText("4 attempts left");
    await expect(page.getByLabel("Sign-in code")).toHaveValue(wrong); // nothing lost
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("a malformed code costs no attempt", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    await enterCode(page, "12");
    await expect(formMessage(page)).toContainText(`${config.code.length} characters`);
    await enterCode(page, wrongCodeFor(code));
    await expect(formMessage(page)).toContainText("4 attempts left");
  });

  test("attempts exhausted: the challenge is dead even for the right code", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    const wrong = wrongCodeFor(code);
    for (let left = 4; left >= 1; left--) {
      await enterCode(page, wrong);
      await expect(formMessage(page)).toContainText(`${left} attempt${left === 1 ? "" : "s"} left`);
    }
    await enterCode(page, wrong);
    await expect(formMessage(page)).toContainText("Too many wrong codes");
    await expect(page.getByRole("button", { name: "Send a new code" })).toBeVisible();
    // The form is disabled now; post the right code anyway after a reload.
    await page.reload();
    await expect(formMessage(page)).toContainText("Too many wrong codes");
    await expect(page.getByLabel("Sign-in code")).toBeDisabled();
    // A new code works.
    await page.getByRole("button", { name: "Send a new code" }).click();
    await expect(page.getByTestId("form-message")).toContainText("We sent you a new code");
    const fresh = await mailbox.waitForCode(email, 2);
    expect(fresh).not.toBe(code);
    await enterCode(page, fresh);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("an expired code is refused and a new one can be sent", async ({ page, mailbox, email, request }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    await expireCodes(request, email);
    await enterCode(page, code);
    await expect(formMessage(page)).toContainText("expired");
    await page.getByRole("button", { name: "Send a new code" }).click();
    const fresh = await mailbox.waitForCode(email, 2);
    await enterCode(page, fresh);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("a code typed in another browser is refused (S2)", async ({ page, mailbox, email, browser }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    // The other browser has no pending sign-in at all…
    await otherPage.goto("/sign-in/verify");
    await expect(otherPage).toHaveURL(/\/sign-in$/);
    // …and when it starts its own, the first browser's code does not open it.
    await requestCode(otherPage, email);
    await mailbox.waitForMessage(email, 2);
    await enterCode(otherPage, code);
    await expect(formMessage(otherPage)).toContainText("isn't right");
    await expect(otherPage).not.toHaveURL(/\/account/);
    await other.close();

    // The first browser's code still works where it was asked for.
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("resend supersedes the old code (S4)", async ({ page, mailbox, email, request }) => {
    await requestCode(page, email);
    const first = await mailbox.waitForCode(email);
    await expect(page.getByTestId("resend-cooldown")).toBeVisible();
    await expireCodes(request, email); // also ends the resend cooldown
    await page.reload();
    await page.getByRole("button", { name: "Send a new code" }).click();
    const second = await mailbox.waitForCode(email, 2);
    expect(second).not.toBe(first);
    await enterCode(page, first);
    await expect(formMessage(page)).not.toContainText("expired");
    await expect(formMessage(page)).toContainText("isn't right");
    await enterCode(page, second);
    await expect(page).toHaveURL(/\/account$/);
  });

  test("resend within the cooldown is refused with the time left", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    await mailbox.waitForCode(email);
    // Without JS the button stays enabled; the server enforces the cooldown.
    await page.getByRole("button", { name: "Resend code" }).evaluate((b) => b.removeAttribute("disabled"));
    await page.getByRole("button", { name: "Resend code" }).click();
    await expect(page.getByTestId("resend-message")).toContainText(/new code in \d+ seconds/);
    expect((await mailbox.messages(email)).length).toBe(1);
  });

  test("signed-in page views never re-issue the session cookie (a stale response could put an ended session back)", async ({ page, mailbox, email }) => {
    await signIn(page, mailbox, email);
    for (const path of ["/account", "/account?_rsc=1", "/sign-in", "/"]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBeLessThan(400);
      const cookies = response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
      expect(cookies.filter((c) => c.includes("authjs.session-token")), path).toEqual([]);
    }
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });

  test("sign-out ends the session", async ({ page, mailbox, email }) => {
    await signIn(page, mailbox, email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?.*callbackUrl=/);
  });

  test("a protected page sends you to sign in and back after it", async ({ page, mailbox, email }) => {
    await page.goto("/account?tab=profile");
    await expect(page).toHaveURL(/\/sign-in\?.*callbackUrl=/);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Continue with email" }).click();
    await enterCode(page, await mailbox.waitForCode(email));
    await expect(page).toHaveURL(/\/account\?tab=profile$/);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the whole sign-in works with plain form posts", async ({ page, mailbox, email }) => {
    await requestCode(page, email);
    const code = await mailbox.waitForCode(email);
    await enterCode(page, wrongCodeFor(code));
    await expect(formMessage(page)).toContainText("4 attempts left");
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-email")).toHaveText(email);
  });
});

/** A code in the configured format (lib/config.ts) that is not `right`, as the email shows codes. */
function wrongCodeFor(right: string): string {
  let code = formatCode(generateCode());
  while (normalizeCode(code) === normalizeCode(right)) code = formatCode(generateCode());
  return code;
}
