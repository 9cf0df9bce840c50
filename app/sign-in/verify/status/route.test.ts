import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { enableSeam, roundTripsSoFar } from "@/lib/bench/seam";
import { getDb } from "@/lib/db";
import { config } from "@/lib/config";
import { createChallenge } from "@/lib/auth/challenge";
import { approveLinkChallenge, denyLinkChallenge, requestLinkApproval } from "@/lib/auth/link";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { signInByCode, signInByLink } from "@/lib/test/auth";
import { clearSessionCache } from "@/lib/auth/session";
import { GET } from "@/app/sign-in/verify/status/route";
import { verifyCodeAction } from "@/app/sign-in/verify/actions";

/**
 * The code page's one poll, GET /sign-in/verify/status, as a browser meets
 * it: each state of its own challenge, the session its link opened in
 * another tab, malformed ids, and other browsers (which learn nothing).
 * next/headers stands in for the request: the cookie jar of the browser
 * that is polling.
 */

// Counted per poll: one primary-key read (lib/bench/seam.ts, before the database opens).
enableSeam();

type Jar = Map<string, string>;
let jar: Jar = new Map();
vi.mock("next/headers", () => ({
  headers: async () => {
    const h = new Headers({ host: "localhost:3000", origin: "http://localhost:3000", "x-forwarded-host": "localhost:3000", "x-forwarded-proto": "http", "user-agent": "vitest" });
    if (jar.size) h.set("cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    return h;
  },
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
}));

const SESSION_COOKIE = "authjs.session-token";

function newBrowser(): { jar: Jar; hash: string } {
  const secret = generateToken();
  return { jar: new Map([[config.browserCookie.name, secret]]), hash: hashToken(secret) };
}

const address = () => `poll-${randomUUID().slice(0, 8)}@example.com`;

async function start(browser = newBrowser(), email = address()) {
  const created = await createChallenge({ email, purpose: "sign-in", browserHash: browser.hash, ip: null, userAgent: "vitest" });
  if (!created.ok) throw new Error("expected a challenge");
  return { ...created, email, browser };
}

async function poll(from: Jar, challengeId: string) {
  jar = from;
  const response = await GET(new NextRequest(`http://localhost:3000/sign-in/verify/status?challengeId=${encodeURIComponent(challengeId)}`));
  const text = await response.text();
  return { code: response.status, cacheControl: response.headers.get("cache-control"), text, body: JSON.parse(text) as Record<string, unknown> };
}

/** The code form's post in this browser: Auth.js signs it in and sets its session cookie in `browser.jar`. */
async function signInHere(c: Awaited<ReturnType<typeof start>>) {
  jar = c.browser.jar;
  const form = new FormData();
  form.set("challengeId", c.challengeId);
  form.set("code", c.code);
  form.set("callbackUrl", "/account");
  const outcome = await verifyCodeAction({}, form).catch((error: unknown) => error);
  expect(String((outcome as { digest?: unknown }).digest)).toMatch(/^NEXT_REDIRECT/);
  expect(c.browser.jar.has(SESSION_COOKIE)).toBe(true);
}

/** Waits until no query has run for 100 ms (work a step left running is not the next one's cost). */
async function settle(): Promise<void> {
  for (let last = -1; last !== roundTripsSoFar(); ) {
    last = roundTripsSoFar();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("GET /sign-in/verify/status: the code page's one poll", () => {
  it("waiting, then requested, then approved; one shape, no-store, no secret, one read a poll", async () => {
    const c = await start();
    await poll(c.browser.jar, c.challengeId); // warm: opening the database is not a poll's cost
    await settle();
    const before = roundTripsSoFar();
    const waiting = await poll(c.browser.jar, c.challengeId);
    await settle();
    expect(roundTripsSoFar() - before, "database round trips per poll").toBe(1);
    expect(waiting).toMatchObject({ code: 200, cacheControl: "no-store", body: { status: "waiting", requested: false, signedIn: false } });
    expect(Object.keys(waiting.body).sort()).toEqual(["requested", "signedIn", "status"]);

    expect(await requestLinkApproval(c.linkToken, { ip: null })).toEqual({ ok: true });
    expect((await poll(c.browser.jar, c.challengeId)).body).toEqual({ status: "waiting", requested: true, signedIn: false });

    expect(await approveLinkChallenge(c.linkToken)).toMatchObject({ ok: true });
    const approved = await poll(c.browser.jar, c.challengeId);
    expect(approved.body).toEqual({ status: "approved", requested: true, signedIn: false });
    for (const secret of [c.email, c.code, c.linkToken, c.browser.jar.get(config.browserCookie.name)!]) expect(approved.text).not.toContain(secret);
  });

  it("used by this browser, with the session here for that address: signedIn; the session is read only then", async () => {
    const c = await start();
    await signInHere(c);
    clearSessionCache();
    await settle();
    let before = roundTripsSoFar();
    const polled = await poll(c.browser.jar, c.challengeId);
    await settle();
    expect(polled).toMatchObject({ code: 200, cacheControl: "no-store", body: { status: "used", requested: false, signedIn: true } });
    expect(polled.text).not.toContain(c.email);
    expect(roundTripsSoFar() - before, "the challenge, then the session it may have opened").toBe(2);

    // Signed in here and waiting on a code for another address (a user switch to come): one read, the session is not looked at.
    const next = await start(c.browser);
    clearSessionCache();
    await settle();
    before = roundTripsSoFar();
    expect((await poll(c.browser.jar, next.challengeId)).body).toEqual({ status: "waiting", requested: false, signedIn: false });
    await settle();
    expect(roundTripsSoFar() - before, "database round trips per poll, signed in").toBe(1);
  });

  it("used, but no session here for that address: not signedIn", async () => {
    // Spent elsewhere in the flow (the link's tab has not answered yet): no session cookie at all.
    const a = await start();
    expect((await signInByLink(a.challengeId, a.browser.hash, a.linkToken)).ok).toBe(true);
    expect((await poll(a.browser.jar, a.challengeId)).body).toEqual({ status: "used", requested: false, signedIn: false });

    // A session here, but for another account.
    const b = await start();
    await signInHere(b);
    const mixed: Jar = new Map([...a.browser.jar, [SESSION_COOKIE, b.browser.jar.get(SESSION_COOKIE)!]]);
    expect((await poll(mixed, a.challengeId)).body).toEqual({ status: "used", requested: false, signedIn: false });
  });

  it("superseded, denied, expired, locked: each said as such", async () => {
    const db = await getDb();

    const old = await start();
    await db.challenge.update({ where: { id: old.challengeId }, data: { createdAt: new Date(Date.now() - 60_000) } });
    await start(old.browser, old.email);
    expect((await poll(old.browser.jar, old.challengeId)).body).toEqual({ status: "superseded", requested: false, signedIn: false });

    const denied = await start();
    await requestLinkApproval(denied.linkToken, { ip: null });
    expect(await denyLinkChallenge(denied.linkToken)).toMatchObject({ ok: true });
    expect((await poll(denied.browser.jar, denied.challengeId)).body).toEqual({ status: "denied", requested: true, signedIn: false });

    const expired = await start();
    await db.challenge.update({ where: { id: expired.challengeId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await poll(expired.browser.jar, expired.challengeId)).body).toEqual({ status: "expired", requested: false, signedIn: false });

    const locked = await start();
    const wrong = locked.code === "AAAAAA" ? "BBBBBB" : "AAAAAA";
    for (let i = 0; i < config.challenge.maxAttempts; i++) await signInByCode(locked.challengeId, locked.browser.hash, wrong);
    const polled = await poll(locked.browser.jar, locked.challengeId);
    expect(polled).toMatchObject({ code: 200, cacheControl: "no-store", body: { status: "locked", requested: false, signedIn: false } });
  });

  it("another browser's cookie, or none, learns nothing: missing in every state, even signed in as that address", async () => {
    const c = await start();
    const stranger = newBrowser();
    const nobody: Jar = new Map();
    const missing = { status: "missing", requested: false, signedIn: false };
    const check = async () => {
      for (const from of [stranger.jar, nobody]) {
        const polled = await poll(from, c.challengeId);
        expect(polled).toMatchObject({ code: 200, cacheControl: "no-store", body: missing });
        expect(polled.text).not.toContain(c.email);
      }
    };
    await check();
    await requestLinkApproval(c.linkToken, { ip: null });
    await check();
    await approveLinkChallenge(c.linkToken);
    await check();
    await signInHere(c);
    await check();
    // The session cookie of the account, carried by another browser: still nothing.
    expect((await poll(new Map([...stranger.jar, [SESSION_COOKIE, c.browser.jar.get(SESSION_COOKIE)!]]), c.challengeId)).body).toEqual(missing);
    // An id nobody asked for.
    expect((await poll(c.browser.jar, randomUUID())).body).toEqual(missing);
  });

  it("a malformed challengeId is a 400 before any query", async () => {
    const c = await start();
    await settle();
    const before = roundTripsSoFar();
    for (const bad of ["", `${c.challengeId}\u0000`, "\u0000", c.challengeId.toUpperCase(), "x".repeat(64), `${c.challengeId}'--`, "../status"]) {
      const polled = await poll(c.browser.jar, bad);
      expect(polled.code, JSON.stringify(bad)).toBe(400);
      expect(polled.cacheControl).toBe("no-store");
      expect(polled.body).toEqual({ error: "challengeId is required" });
    }
    await settle();
    expect(roundTripsSoFar() - before).toBe(0);
  });
});
