import { test, expect, signIn, expireCodes, formMessage } from "./fixtures";
import type { Page } from "@playwright/test";

/**
 * Issue 14, item 5: the account page speaks the reader's time (locale, zone,
 * "5 minutes ago"), deleting looks dangerous, and the confirm pages resend.
 */

/** The absolute form the account page uses (app/account/times.ts), computed here as the server would. */
function absolute(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(timeZone === "UTC" ? { timeZoneName: "short" as const } : {}),
    timeZone,
  }).format(new Date(iso));
}

async function sessionTime(page: Page) {
  const time = page.getByTestId("session-current").locator("time").first();
  await expect(time).toBeVisible();
  return { text: (await time.textContent())!, title: (await time.getAttribute("title"))!, iso: (await time.getAttribute("datetime"))! };
}

test.describe("times in the reader's time zone", () => {
  test.use({ timezoneId: "Asia/Tokyo" });

  test("the browser tells its zone once; times are relative when recent, its local date and time otherwise", async ({ page, mailbox, email }) => {
    await signIn(page, mailbox, email);
    // The page first renders in UTC, the tz cookie is set, and one refresh shows local times.
    await expect(page.getByTestId("times-in-utc")).toHaveCount(0);
    expect((await page.context().cookies()).find((c) => c.name === "tz")?.value).toBe("Asia/Tokyo");
    const signedIn = await sessionTime(page);
    expect(signedIn.text).toMatch(/ago|now/);
    expect(signedIn.title).toBe(absolute(signedIn.iso, "Asia/Tokyo"));
    expect(signedIn.title).not.toContain("UTC");
    await expect(page.getByTestId("activity-item").first().locator("time")).toHaveText(/ago|now/);
    // No refresh loop: once the cookie matches, a load is one request (prefetches aside).
    const loads: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/account" && !r.headers()["next-router-prefetch"]) loads.push(r.resourceType());
    });
    await page.reload();
    await page.waitForTimeout(1500);
    expect(loads).toEqual(["document"]);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, timezoneId: "Asia/Tokyo" });

  test("times are in UTC and the page says so", async ({ page, mailbox, email }) => {
    await signIn(page, mailbox, email);
    await expect(page.getByTestId("times-in-utc")).toHaveText("Times are shown in UTC.");
    const signedIn = await sessionTime(page);
    expect(signedIn.title).toBe(absolute(signedIn.iso, "UTC"));
    expect(signedIn.title).toMatch(/UTC$/);
  });
});

test("the account page in German and Arabic: headings, activity labels and relative times", async ({ page, mailbox, email, baseURL }) => {
  await signIn(page, mailbox, email);
  await page.context().addCookies([{ name: "locale", value: "de", url: baseURL! }]);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ihr Konto");
  await expect(page.getByTestId("activity-item").first().locator("strong")).toHaveText("Angemeldet");
  await expect(page.getByTestId("session-current")).toContainText(/Angemeldet (vor|jetzt)/);
  await expect(page.getByRole("button", { name: "Konto löschen…" })).toBeVisible();

  await page.context().addCookies([{ name: "locale", value: "ar", url: baseURL! }]);
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("حسابك");
  await expect(page.getByTestId("activity-item").first().locator("strong")).toHaveText("تم تسجيل الدخول");
  await expect(page.getByTestId("session-current")).toContainText(/قبل|الآن/);
  // The address stays left-to-right inside the right-to-left page.
  await expect(page.getByTestId("account-email")).toHaveAttribute("dir", "ltr");
});

test("deleting looks dangerous from the first button to the last; other buttons do not", async ({ page, mailbox, email }) => {
  await signIn(page, mailbox, email);
  await expect(page.getByRole("button", { name: "Delete account…" })).toHaveClass(/\bdanger\b/);
  await expect(page.getByRole("button", { name: "Send confirmation code" })).not.toHaveClass(/\bdanger\b/);
  await page.getByRole("button", { name: "Delete account…" }).click();
  await expect(page).toHaveURL(/\/account\/confirm\?purpose=delete-account/);
  await expect(page.getByRole("button", { name: "Delete account", exact: true })).toHaveClass(/\bdanger\b/);
  await expect(page.getByRole("button", { name: "Resend code" })).not.toHaveClass(/\bdanger\b/);
});

test("a confirm page resends: within the cooldown it says how long, after it a new code replaces the old one", async ({ page, mailbox, email, request }) => {
  await signIn(page, mailbox, email);
  await page.getByRole("button", { name: "Delete account…" }).click();
  await expect(page).toHaveURL(/\/account\/confirm\?purpose=delete-account/);
  const first = await mailbox.waitForCode(email, 2);
  await expect(page.getByTestId("resend-cooldown")).toContainText(/You can resend in \d+ s/);
  await expect(page.getByRole("button", { name: "Resend code" })).toBeDisabled();
  // Without JS the button stays enabled; the pipeline enforces the cooldown, in the failure catalogue's words.
  await page.getByRole("button", { name: "Resend code" }).evaluate((b) => b.removeAttribute("disabled"));
  await page.getByRole("button", { name: "Resend code" }).click();
  await expect(page.getByTestId("resend-message")).toContainText(/new code in \d+ seconds/);
  expect(await mailbox.messages(email)).toHaveLength(2);

  // Expired: the page says so and offers a new code instead of the form.
  await expireCodes(request, email);
  await page.reload();
  await expect(formMessage(page)).toContainText("expired");
  await expect(page.getByLabel("Confirmation code")).toHaveCount(0);
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByTestId("confirm-notice")).toContainText("We sent you a new code");
  const second = await mailbox.waitForCode(email, 3);
  expect(second).not.toBe(first);
  await page.getByLabel("Confirmation code").fill(first);
  await page.getByRole("button", { name: "Delete account", exact: true }).click();
  await expect(formMessage(page)).toContainText(/isn't right|newer code/);
  await page.getByLabel("Confirmation code").fill(second);
  await page.getByRole("button", { name: "Delete account", exact: true }).click();
  await expect(page.getByTestId("home-notice")).toContainText("deleted");
});
