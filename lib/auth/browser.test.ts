import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { hashToken } from "@/lib/auth/secrets";

/**
 * The browser cookie's writer (the email form's action) and its two readers
 * (server components/actions, and authorize() with Auth.js's raw request)
 * must agree on its name and value, whatever the proxy in front sends.
 */
const incoming = { headers: new Headers() };
const written = new Map<string, { value: string; options: { secure?: boolean; maxAge?: number } }>();
vi.mock("next/headers", () => ({
  headers: async () => incoming.headers,
  // Next's own request cookie parser, as cookies() uses it.
  cookies: async () => {
    const jar = new NextRequest("http://localhost/", { headers: incoming.headers }).cookies;
    return {
      get: (name: string) => (written.has(name) ? { name, value: written.get(name)!.value } : jar.get(name)),
      set: (name: string, value: string, options: { secure?: boolean; maxAge?: number }) => void written.set(name, { value, options }),
    };
  },
}));

const { browserHashFromRequest, ensureBrowserHash, readBrowserHash, refreshBrowserCookie } = await import("@/lib/auth/browser");

const savedAuthUrl = process.env.AUTH_URL;
beforeEach(() => written.clear());
afterEach(() => {
  if (savedAuthUrl === undefined) delete process.env.AUTH_URL;
  else process.env.AUTH_URL = savedAuthUrl;
});

/** A request as Next hands it to the app behind a TLS-terminating proxy that sends no X-Forwarded-Proto. */
function behindProxy(cookie?: string): Headers {
  // Next's own server sets x-forwarded-proto from the hop it accepted: plain http.
  return new Headers({ host: "app.example", "x-forwarded-host": "app.example", "x-forwarded-proto": "http", ...(cookie ? { cookie } : {}) });
}

describe("https from AUTH_URL (issue 10.6)", () => {
  it("https AUTH_URL, no X-Forwarded-Proto: the cookie the form writes is the one authorize() reads", async () => {
    process.env.AUTH_URL = "https://app.example";
    incoming.headers = behindProxy();
    const minted = await ensureBrowserHash();
    const [name, cookie] = [...written][0]!;
    expect(name).toBe("__Host-mc.browser");
    expect(cookie!.options.secure).toBe(true);

    // The next request carries it; Auth.js hands authorize() a request on AUTH_URL's origin.
    incoming.headers = behindProxy(`${name}=${cookie!.value}`);
    written.clear();
    const authjsRequest = new Request("https://app.example/api/auth/callback/magic-code", { headers: incoming.headers });
    expect(browserHashFromRequest(authjsRequest)).toBe(minted);
    expect(await readBrowserHash()).toBe(minted);
    // Even if the request URL says http (a proxy rewriting it), AUTH_URL decides.
    expect(browserHashFromRequest(new Request("http://app.example/api/auth/callback/magic-code", { headers: incoming.headers }))).toBe(minted);
  });

  it("a forged X-Forwarded-Proto: https does not switch an http deployment to the __Host- name", async () => {
    process.env.AUTH_URL = "http://localhost:3000";
    incoming.headers = new Headers({ host: "localhost:3000", "x-forwarded-proto": "https" });
    await ensureBrowserHash();
    expect([...written.keys()]).toEqual(["mc.browser"]);
    expect(written.get("mc.browser")!.options.secure).toBe(false);
  });

  it("without AUTH_URL (development): the request's own scheme", async () => {
    delete process.env.AUTH_URL;
    incoming.headers = new Headers({ host: "localhost:3000", "x-forwarded-proto": "https" });
    await ensureBrowserHash();
    expect([...written.keys()]).toEqual(["__Host-mc.browser"]);
  });
});

describe("a duplicate browser cookie (issue 10.12)", () => {
  it("reads the same in a server action as in authorize()", async () => {
    process.env.AUTH_URL = "http://localhost:3000";
    const a = "A".repeat(43);
    const b = "B".repeat(43);
    for (const cookie of [`mc.browser=${a}; mc.browser=${b}`, `mc.browser=${b}; other=1; mc.browser=${a}`, `mc.browser=${a}; mc.browser=junk`, `mc.browser=junk; mc.browser=${a}`]) {
      incoming.headers = new Headers({ host: "localhost:3000", cookie });
      const fromAction = await readBrowserHash();
      const fromAuthorize = browserHashFromRequest(new Request("http://localhost:3000/api/auth/callback/magic-code", { headers: incoming.headers }));
      expect(fromAuthorize, cookie).toBe(fromAction);
    }
    incoming.headers = new Headers({ cookie: `mc.browser=${a}; mc.browser=${b}` });
    expect(await readBrowserHash()).toBe(hashToken(b));
  });
});

describe("the cookie's life follows use (S12)", () => {
  it("a request with the cookie writes it again, same secret, full life; a sign-in does too; nothing is minted for a sign-in without one", async () => {
    const { config } = await import("@/lib/config");
    process.env.AUTH_URL = "http://localhost:3000";
    const secret = "S".repeat(43);
    incoming.headers = new Headers({ host: "localhost:3000", cookie: `mc.browser=${secret}` });
    expect(await ensureBrowserHash()).toBe(hashToken(secret));
    expect(written.get("mc.browser")).toMatchObject({ value: secret, options: { maxAge: config.browserCookie.maxAgeSeconds, secure: false } });

    written.clear();
    await refreshBrowserCookie();
    expect(written.get("mc.browser")).toMatchObject({ value: secret, options: { maxAge: config.browserCookie.maxAgeSeconds } });

    written.clear();
    incoming.headers = new Headers({ host: "localhost:3000", cookie: "mc.browser=junk" });
    await refreshBrowserCookie();
    expect(written.size).toBe(0);
  });
});
