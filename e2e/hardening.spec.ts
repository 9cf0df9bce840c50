import { randomUUID } from "node:crypto";
import { test, expect, type MailboxMessage } from "./fixtures";
import { CookieJar, findForm, formsIn, hiddenFields, postAction, mailboxCode } from "./support/http";
import { extraPort, servers } from "./servers";
import { freshDatabase, startInstance, type Instance } from "./support/instances";

/**
 * HTTP hardening (issues 9 and 10), over plain HTTP against the production
 * build: what a browser without JS, or a hand-made client, can send.
 */


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

test.describe("never a 500 (issue 10.5)", () => {
  test("a body over 1 MB is refused with 413 however framed, also chunked (no Content-Length)", async () => {
    const base = servers.main;
    const emailForm = findForm(await (await fetch(`${base}/sign-in`)).text(), { input: "email" });
    const big: [string, string][] = [["email", "a@example.com"], ["x", "A".repeat(1_100_000)]];
    for (const mode of ["mpa", "fetch"] as const) {
      for (const framing of ["length", "chunked"] as const) {
        const response = await postAction(`${base}/sign-in`, emailForm, big, { mode, framing });
        expect(response.status, `${mode}/${framing}`).toBe(413);
      }
      // Under the limit, chunked, the form still works.
      const small = await postAction(`${base}/sign-in`, emailForm, [["email", `chunked-${randomUUID().slice(0, 8)}@example.com`]], { mode, framing: "chunked" });
      expect(small.status, `${mode}/small`).toBeLessThan(400);
    }
    const raw = await fetch(`${base}/api/auth/callback/magic-code`, {
      method: "POST",
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(64 * 1024).fill(97));
          c.close();
        },
      }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
      redirect: "manual",
    } as RequestInit);
    expect(raw.status).toBe(413);
  });

  test("a NUL (or any non-UUID) in challengeId: the switch page and the approval continue answer below 500, the status poll 400", async () => {
    const base = servers.main;
    const jar = new CookieJar();
    const first = await fetch(`${base}/sign-in`);
    jar.take(first);
    const email = `nul-${randomUUID().slice(0, 8)}@example.com`;
    jar.take(await postAction(`${base}/sign-in`, findForm(await first.text(), { input: "email" }), [["callbackUrl", "/account"], ["email", email]], { cookie: jar.header() }));
    const verifyHtml = await (await fetch(`${base}/sign-in/verify`, { headers: { cookie: jar.header() } })).text();
    const challengeId = hiddenFields(findForm(verifyHtml, { input: "code" })).find(([n]) => n === "challengeId")![1];
    const approvalForm = formsIn(verifyHtml).find((f) => f.inputs.some(([n]) => n === "challengeId") && !f.inputs.some(([n]) => n === "code"))!;
    expect(approvalForm).toBeTruthy();
    for (const bad of [`${challengeId}\u0000`, `\u0000`, `${challengeId.toUpperCase()}`, "x".repeat(64), `${challengeId}'--`]) {
      const page = await fetch(`${base}/sign-in/switch?challengeId=${encodeURIComponent(bad)}`, { headers: { cookie: jar.header() } });
      expect(page.status, JSON.stringify(bad)).toBeLessThan(500);
      const poll = await fetch(`${base}/sign-in/verify/status?challengeId=${encodeURIComponent(bad)}`, { headers: { cookie: jar.header() } });
      expect(poll.status, JSON.stringify(bad)).toBe(400);
      for (const mode of ["mpa", "fetch"] as const) {
        const fields = hiddenFields(approvalForm).map(([n, v]) => [n, n === "challengeId" ? bad : v] as [string, string]);
        const posted = await postAction(`${base}/sign-in/verify`, approvalForm, fields, { cookie: jar.header(), mode });
        expect(posted.status, `${mode} ${JSON.stringify(bad)}`).toBeLessThan(500);
      }
    }
  });

  test("fetch-action arguments that are not a list: 400, not 500", async () => {
    const base = servers.main;
    const emailForm = findForm(await (await fetch(`${base}/sign-in`)).text(), { input: "email" });
    for (const args of ["{}", "1", '"x"', "null", '{"0":{},"1":"$K1"}']) {
      const response = await postAction(`${base}/sign-in`, emailForm, [["email", "a@example.com"]], { mode: "fetch", args });
      expect(response.status, args).toBe(400);
    }
    // The form's own list still works.
    const ok = await postAction(`${base}/sign-in`, emailForm, [["email", `args-${randomUUID().slice(0, 8)}@example.com`]], { mode: "fetch" });
    expect(ok.status).toBeLessThan(400);
  });
});

test.describe("instances of their own (https AUTH_URL; no AUTH_URL)", () => {
  test.describe.configure({ mode: "serial" });
  let app: Instance | undefined;
  let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  test.afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  test("https AUTH_URL behind a proxy that sends no X-Forwarded-Proto: sign-in works (issue 10.6)", async () => {
    test.setTimeout(120_000);
    db = await freshDatabase();
    const port = extraPort(10);
    // Served over plain http on the port (the proxy's TLS is gone by then), public origin https.
    app = await startInstance(port, { ...db.env, AUTH_URL: `https://localhost:${port}` });
    const email = `https-${randomUUID().slice(0, 8)}@example.com`;
    const { jar, posted } = await signInOverHttp(app.url, email);
    expect([...jar.cookies.keys()]).toContain("__Host-mc.browser");
    expect(jar.cookies.has("mc.browser")).toBe(false);
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toMatch(/\/account$/);
    expect(posted.headers.getSetCookie().some((c) => c.startsWith("__Secure-authjs.session-token="))).toBe(true);
    const page = await fetch(`${app.url}/sign-in`);
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    // A forged X-Forwarded-Proto changes nothing either way.
    const forged = await fetch(`${app.url}/sign-in`, { headers: { "x-forwarded-proto": "http" } });
    expect(forged.headers.get("strict-transport-security")).toMatch(/max-age=/);
  });

  test("a garbage session cookie: no stack trace, at most one log line (issue 10.12)", async () => {
    test.skip(!app, "needs the instance above");
    const before = app!.output().length;
    for (let i = 0; i < 10; i++) {
      for (const path of ["/account", "/api/auth/session", "/sign-in"]) {
        const response = await fetch(`${app!.url}${path}`, { headers: { cookie: `__Secure-authjs.session-token=garbage${i}.x.y` }, redirect: "manual" });
        expect(response.status, path).toBeLessThan(500);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const log = app!.output().slice(before);
    expect(log).not.toMatch(/\[auth\]\[error\]|^\s+at /m);
    expect(log.match(/session cookies? could not be read/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  test("production without AUTH_URL refuses to start, with one clear line (issue 10.12)", async () => {
    test.setTimeout(90_000);
    const started = startInstance(extraPort(11), { ...(db?.env ?? {}), AUTH_URL: "" }, 45_000);
    const error = await started.then(
      async (instance) => {
        await instance.stop();
        return null;
      },
      (e: unknown) => String(e),
    );
    expect(error).toMatch(/exited/);
    expect(error).toMatch(/refusing to start: Invalid environment: AUTH_URL: required in production/);
  });
});
