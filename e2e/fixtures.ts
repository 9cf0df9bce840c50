import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

/**
 * Fixtures QA can import: a unique address per test, the dev mailbox (the
 * email the server really wrote) and the sign-in steps by their accessible
 * names. Works against any Magic Code build with MAGIC_CODE_DEV_MAILBOX=1.
 */
export type MailboxMessage = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
  code: string | null;
  link: string | null;
};

export class Mailbox {
  constructor(private readonly request: APIRequestContext) {}

  async messages(to: string): Promise<MailboxMessage[]> {
    const response = await this.request.get(`/dev/mailbox/messages?to=${encodeURIComponent(to)}`);
    expect(response.status(), "dev mailbox route (is MAGIC_CODE_DEV_MAILBOX=1?)").toBe(200);
    return ((await response.json()) as { messages: MailboxMessage[] }).messages;
  }

  /** Waits for the n-th message to an address (1 = the first ever sent). */
  async waitForMessage(to: string, nth = 1): Promise<MailboxMessage> {
    let found: MailboxMessage | undefined;
    await expect
      .poll(async () => {
        const list = await this.messages(to);
        found = list.length >= nth ? list[list.length - nth] : undefined;
        return list.length;
      }, { message: `message #${nth} to ${to}`, timeout: 15_000 })
      .toBeGreaterThanOrEqual(nth);
    return found!;
  }

  /** The code of the latest message to an address, once `count` have arrived. */
  async waitForCode(to: string, count = 1): Promise<string> {
    await this.waitForMessage(to, count);
    const [latest] = await this.messages(to);
    expect(latest?.code, "sign-in code in the email").toBeTruthy();
    return latest!.code!;
  }
}

export const test = base.extend<{ email: string; mailbox: Mailbox }>({
  email: async ({}, use, testInfo) => {
    await use(`qa-${testInfo.workerIndex}-${randomUUID().slice(0, 8)}@example.com`);
  },
  mailbox: async ({ request }, use) => {
    await use(new Mailbox(request));
  },
});

export { expect };

/** Email form → code page. */
export async function requestCode(page: Page, email: string, path = "/sign-in"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue with email" }).click();
  await expect(page.getByLabel("Sign-in code")).toBeVisible();
}

export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Sign-in code").fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** The whole flow: email, code from the mailbox, signed in on /account. */
export async function signIn(page: Page, mailbox: Mailbox, email: string): Promise<void> {
  await requestCode(page, email);
  await enterCode(page, await mailbox.waitForCode(email));
  await expect(page).toHaveURL(/\/account$/);
}

/** QA hook: makes every open code for this address expire now. */
export async function expireCodes(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/dev/test-hooks", { data: { action: "expire-challenges", email } });
  expect(response.status(), "test hooks (is MAGIC_CODE_TEST_HOOKS=1?)").toBe(200);
}

export function formMessage(page: Page) {
  return page.getByTestId("form-message");
}

/** QA hook: an account that exists before any sign-in (seeded user). */
export async function createUser(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/dev/test-hooks", { data: { action: "create-user", email } });
  expect(response.status(), "test hooks (is MAGIC_CODE_TEST_HOOKS=1?)").toBe(200);
}
