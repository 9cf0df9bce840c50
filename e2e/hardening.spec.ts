import { randomUUID } from "node:crypto";
import { test, expect, type MailboxMessage } from "./fixtures";
import { CookieJar, findForm, formsIn, hiddenFields, postAction } from "./support/http";
import { servers } from "./servers";

/**
 * HTTP hardening (issues 9 and 10), over plain HTTP against the production
 * build: what a browser without JS, or a hand-made client, can send.
 */

async function mailboxCode(base: string, to: string, count = 1): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(`${base}/dev/mailbox/messages?to=${encodeURIComponent(to)}`);
    const { messages } = (await response.json()) as { messages: MailboxMessage[] };
    if (messages.length >= count && messages[0]!.code) return messages[0]!.code;
    if (Date.now() > deadline) throw new Error(`no email #${count} to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Asks for a code and types it, without JS; returns the signed-in cookie jar. */
export async function signInOverHttp(base: string, email: string, headers: Record<string, string> = {}) {
  const jar = new CookieJar();
  const first = await fetch(`${base}/sign-in`, { headers });
  jar.take(first);
  const form = findForm(await first.text(), { input: "email" });
  jar.take(await postAction(`${base}/sign-in`, form, [["callbackUrl", "/account"], ["email", email]], { cookie: jar.header(), headers }));
  const verify = await fetch(`${base}/sign-in/verify`, { headers: { ...headers, cookie: jar.header() } });
  const codeForm = findForm(await verify.text(), { input: "code" });
  const code = await mailboxCode(base, email);
  const fields: [string, string][] = [...hiddenFields(codeForm).filter(([n]) => n !== "code"), ["code", code]];
  const posted = await postAction(`${base}/sign-in/verify`, codeForm, fields, { cookie: jar.header(), headers });
  jar.take(posted);
  return { jar, posted, codeForm, challengeId: hiddenFields(codeForm).find(([n]) => n === "challengeId")?.[1] ?? "" };
}

async function sessionUser(base: string, cookie: string): Promise<string | null> {
  const response = await fetch(`${base}/api/auth/session`, { headers: { cookie } });
  const body = (await response.json()) as { user?: { email?: string } } | null;
  return body?.user?.email ?? null;
}

test.describe("sign-out is immediate on the instance that signed out (issue 10.9)", () => {
  test("right after sign-out, /api/auth/session no longer accepts the token", async () => {
    const base = servers.main;
    const email = `signout-${randomUUID().slice(0, 8)}@example.com`;
    const { jar } = await signInOverHttp(base, email);
    expect(jar.cookies.has("authjs.session-token")).toBe(true);
    const stolen = jar.header();
    // Warms the session cache of the /api/auth route's bundle.
    expect(await sessionUser(base, stolen)).toBe(email);

    const account = await (await fetch(`${base}/account`, { headers: { cookie: stolen } })).text();
    const signOutForm = formsIn(account).find((f) => f.text === "Sign out" && !f.inputs.some(([n]) => n === "sessionId"));
    expect(signOutForm).toBeTruthy();
    const out = await postAction(`${base}/account`, signOutForm!, [], { cookie: stolen });
    expect(out.status).toBeLessThan(400);

    // At once, with the old cookie: no user (the cache entry went with the row).
    expect(await sessionUser(base, stolen)).toBeNull();
  });
});
