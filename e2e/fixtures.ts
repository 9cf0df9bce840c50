import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

/**
 * Fixtures QA can import (how-to: e2e/README.md, docs/qa.md): a unique address
 * per test, the dev mailbox (the email the server really wrote), the sign-in
 * steps by their accessible names, and test hooks for what the UI cannot do
 * fast (a signed-in state, a seeded user, cleanup). Works against any Magic
 * Code build with the mailbox (`npm run dev`, a QA build with
 * MAGIC_CODE_DEV_MAILBOX=1) or a deployment in test mode.
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

/**
 * The address a test signs in with: unique per test. E2E_EMAIL_DOMAIN moves
 * it (`test.invalid` for a deployment in test mode, where those addresses get
 * no real email). What the test made for it is deleted afterwards when the
 * test hooks are on (MAGIC_CODE_TEST_HOOKS=1); without them nothing is.
 */
export const test = base.extend<{ email: string; mailbox: Mailbox }>({
  email: async ({ request }, use, testInfo) => {
    const domain = process.env.E2E_EMAIL_DOMAIN ?? "example.com";
    const email = `qa-${testInfo.workerIndex}-${randomUUID().slice(0, 8)}@${domain}`;
    await use(email);
    await cleanup(request, email).catch(() => {});
  },
  mailbox: async ({ request }, use) => {
    await use(new Mailbox(request));
  },
});

export { expect };

/** An error message the page shows (role=alert), e.g. "Too many codes were sent…". */
function pageError(page: Page) {
  return page.getByTestId("form-message").and(page.getByRole("alert"));
}

/** Waits for `expected`, or fails at once with the page's own error message if one shows up first. */
async function expectOrPageError(page: Page, step: string, expected: () => Promise<boolean>, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await expected()) return;
    const error = pageError(page);
    if (await error.isVisible()) {
      throw new Error(`${step}: the page says "${(await error.innerText()).trim()}" (at ${page.url()})`);
    }
    if (Date.now() > deadline) throw new Error(`${step}: nothing happened within ${timeout} ms (at ${page.url()})`);
    await page.waitForTimeout(100);
  }
}

/** Email form → code page. Fails with the page's message if the code is refused (limits, outage). */
export async function requestCode(page: Page, email: string, path = "/sign-in"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Continue with email" }).click();
  const codeField = page.getByLabel("Sign-in code");
  await expectOrPageError(page, `requesting a code for ${email}`, () => codeField.isVisible());
}

export async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Sign-in code").fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export type SignInOptions = {
  /** Where the sign-in starts (a path or URL), e.g. "/sign-in?callbackUrl=/account%3Ftab%3Ddevices". */
  from?: string;
  /** Where the browser must land afterwards (default: the account page). */
  landing?: string | RegExp;
  /** Reads the code; default: the dev mailbox of the page's server. */
  mailbox?: Mailbox;
  /** How long to wait for the landing page (ms, default 15 000). */
  timeout?: number;
};

/**
 * The whole flow in one line: email, the code from the mailbox, signed in on
 * the landing page. `signIn(page, email)`; the older `signIn(page, mailbox,
 * email)` still works. A refusal fails at once with the page's own message.
 */
export async function signIn(page: Page, email: string, options?: SignInOptions): Promise<void>;
export async function signIn(page: Page, mailbox: Mailbox, email: string, options?: SignInOptions): Promise<void>;
export async function signIn(page: Page, a: string | Mailbox, b?: string | SignInOptions, c?: SignInOptions): Promise<void> {
  const email = typeof a === "string" ? a : (b as string);
  const options = (typeof a === "string" ? (b as SignInOptions | undefined) : c) ?? {};
  const mailbox = options.mailbox ?? (typeof a === "string" ? new Mailbox(page.request) : a);
  const landing = options.landing ?? /\/account(\?.*)?$/;
  await requestCode(page, email, options.from);
  await enterCode(page, await mailbox.waitForCode(email));
  const matches = (url: string) => (typeof landing === "string" ? url === new URL(landing, url).toString() : landing.test(url));
  await expectOrPageError(page, `signing in ${email} (expecting ${landing})`, async () => matches(page.url()), options.timeout);
}

async function testHook<T>(request: APIRequestContext, data: Record<string, string>): Promise<T> {
  const response = await request.post("/dev/test-hooks", { data });
  expect(response.status(), "test hooks (is MAGIC_CODE_TEST_HOOKS=1, with the mailbox?)").toBe(200);
  return (await response.json()) as T;
}

/** QA hook: makes every open code for this address expire now. */
export async function expireCodes(request: APIRequestContext, email: string): Promise<void> {
  await testHook(request, { action: "expire-challenges", email });
}

export function formMessage(page: Page) {
  return page.getByTestId("form-message");
}

/** QA hook: an account that exists before any sign-in (seeded user). */
export async function createUser(request: APIRequestContext, email: string): Promise<string> {
  return (await testHook<{ userId: string }>(request, { action: "create-user", email })).userId;
}

/** QA hook: deletes the user, sessions, codes, limits, events and mail of an address (the `email` fixture does it for you). */
export async function cleanup(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/dev/test-hooks", { data: { action: "cleanup", email } });
  if (response.status() !== 200 && response.status() !== 404) throw new Error(`cleanup of ${email}: HTTP ${response.status()}`);
}

/** What `browser.newContext({ storageState })` and `test.use({ storageState })` accept. */
export type StorageState = {
  cookies: { name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: "Lax" | "Strict" | "None" }[];
  origins: [];
};

/**
 * QA hook: a signed-in state without the UI (the user is created if missing).
 * Returns a storageState for `browser.newContext({ storageState })` or
 * `test.use({ storageState })`; the session is a real one (listed on the
 * account page, revocable).
 */
export async function signedInState(request: APIRequestContext, email: string, baseURL: string): Promise<StorageState> {
  const opened = await testHook<{ cookie: Omit<StorageState["cookies"][number], "domain"> }>(request, { action: "open-session", email });
  return { cookies: [{ ...opened.cookie, domain: new URL(baseURL).hostname }], origins: [] };
}

/** QA hook: signs this page's browser in as `email` without the UI (fast authenticated tests). */
export async function signInWithoutUi(page: Page, email: string, baseURL?: string): Promise<void> {
  const origin = baseURL ?? test.info().project.use.baseURL;
  if (!origin) throw new Error("signInWithoutUi: no baseURL");
  const state = await signedInState(page.request, email, origin);
  await page.context().addCookies(state.cookies);
}
