import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { enableSeam, roundTripsSoFar } from "@/lib/bench/seam";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { hashToken } from "@/lib/auth/secrets";
import { listMailboxMessages } from "@/lib/email/mailbox";

/**
 * The round-trip budget (issue 6, docs/benchmarks.md): at most 3 database
 * round trips to request a code and 3 to verify one, counted where Prisma
 * hands SQL to the driver (lib/bench/round-trips.ts). Each step runs the server
 * action a browser's form post runs — the email form's and the code form's,
 * the latter through Auth.js `signIn("magic-code")` — with next/headers
 * standing in for the request. Runs on PGlite and on PostgreSQL like every
 * other test.
 */
const BUDGET = { requestCode: 3, verifyCode: 3 };

// Counting is part of the instrumentation seam, off unless turned on (before the database opens).
enableSeam();

// The request a server action sees: a browser's headers and cookie jar.
const browser = { headers: new Headers(), cookies: new Map<string, string>() };
vi.mock("next/headers", () => ({
  headers: async () => {
    const h = new Headers(browser.headers);
    if (browser.cookies.size) h.set("cookie", [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    return h;
  },
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name)! } : undefined),
    getAll: () => [...browser.cookies].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void browser.cookies.set(name, value),
  }),
}));

function newBrowser() {
  // x-forwarded-*: Next's server adds them to every request it hands the app.
  browser.headers = new Headers({
    host: "localhost:3000",
    origin: "http://localhost:3000",
    "x-forwarded-host": "localhost:3000",
    "x-forwarded-proto": "http",
    "user-agent": "Mozilla/5.0 (X11; Linux x86_64) vitest",
  });
  browser.cookies = new Map();
}

/** Waits until no query has run for 100 ms. */
async function settle(): Promise<void> {
  for (let last = -1; last !== roundTripsSoFar(); ) {
    last = roundTripsSoFar();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs a server action; returns where it redirected and how many round trips it made. */
async function post(action: () => Promise<unknown>): Promise<{ redirect: string; trips: number }> {
  await settle();
  const before = roundTripsSoFar();
  const outcome = await action().catch((error: unknown) => error);
  await settle(); // work the action left running (fire-and-forget writes) counts too
  const trips = roundTripsSoFar() - before;
  // redirect() throws NEXT_REDIRECT;<type>;<url>;<status>;
  const digest = String((outcome as { digest?: unknown } | undefined)?.digest ?? "");
  return { redirect: digest.startsWith("NEXT_REDIRECT") ? digest.split(";")[2]! : `no redirect: ${JSON.stringify(outcome)}`, trips };
}

async function requestCode(email: string): Promise<number> {
  const { requestCodeAction } = await import("@/app/sign-in/actions");
  const form = new FormData();
  form.set("email", email);
  form.set("callbackUrl", "/account");
  const { redirect, trips } = await post(() => requestCodeAction({}, form));
  expect(redirect).toBe("/sign-in/verify"); // no "sent" banner: the code page's heading says it (issue 14.2)
  return trips;
}

async function verifyCode(email: string): Promise<number> {
  const { verifyCodeAction } = await import("@/app/sign-in/verify/actions");
  const { config } = await import("@/lib/config");
  // What the browser reads off the code page and the email: not counted.
  const pending = await findPendingChallenge(hashToken(browser.cookies.get(config.browserCookie.name)!), "sign-in");
  const [message] = await listMailboxMessages({ to: email });
  const form = new FormData();
  form.set("challengeId", pending!.id);
  form.set("callbackUrl", "/account");
  form.set("code", message!.code!);
  const { redirect, trips } = await post(() => verifyCodeAction({}, form));
  expect(redirect).toBe("http://localhost:3000/account");
  expect(browser.cookies.has("authjs.session-token")).toBe(true);
  return trips;
}

describe("database round trips per sign-in step (budget)", () => {
  // Generous timeout: six sign-in steps on a busy machine, each waiting for quiet.
  it(`request a code: ≤${BUDGET.requestCode}; verify it: ≤${BUDGET.verifyCode}`, { timeout: 120_000 }, async () => {
    // One uncounted sign-in first: opening the database, Prisma's first
    // queries and the hourly cleanup sweep are not the cost of a request.
    newBrowser();
    const warm = `warm-${randomUUID().slice(0, 8)}@example.com`;
    await requestCode(warm);
    await verifyCode(warm);

    for (const kind of ["new account", "existing account"]) {
      newBrowser();
      const email = kind === "new account" ? `rt-${randomUUID().slice(0, 8)}@example.com` : warm;
      const requestTrips = await requestCode(email);
      const verifyTrips = await verifyCode(email);
      console.log(`round trips (${kind}): request a code ${requestTrips}, verify it ${verifyTrips} (budget ${BUDGET.requestCode}/${BUDGET.verifyCode})`);
      expect(requestTrips, `round trips to request a code (${kind})`).toBeLessThanOrEqual(BUDGET.requestCode);
      expect(verifyTrips, `round trips to verify a code (${kind})`).toBeLessThanOrEqual(BUDGET.verifyCode);
      expect(requestTrips, "counting works").toBeGreaterThan(0);
    }
  });
});
