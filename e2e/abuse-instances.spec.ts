import { formatCode, generateCode, normalizeCode } from "../lib/auth/code";
import { randomInt, randomUUID } from "node:crypto";
import fc from "fast-check";
import { test, expect, enterCode, requestCode, type MailboxMessage } from "./fixtures";
import { CookieJar, chunkedBody, findForm, formsIn, hiddenFields, postAction, type ParsedForm, mailboxCode } from "./support/http";
import { freshDatabase, query, startInstance, type Instance } from "./support/instances";
import { extraPort } from "./servers";
import { startFakeResend, type FakeResend } from "../lib/test/fake-resend";
import { canConnect, startTcpProxy, type TcpProxy } from "../lib/test/tcp-proxy";

/**
 * Adversarial specs that need app instances of their own (ports E2E_PORT+41 to +44, see e2e/servers.ts),
 * each started here from the production build and stopped again:
 * - fuzzing (S10): 10,000 generated inputs over every form, field and cookie;
 * - faults (S11): Resend failing, Redis down, PostgreSQL cut mid-flow;
 * - the race (S1) across two instances sharing PostgreSQL and Redis.
 * Serial, so at most two extra servers run at a time.
 */
test.describe.configure({ mode: "serial" });

const redisUrl = new URL(process.env.REDIS_URL || "redis://127.0.0.1:6379");
const redisTarget = { host: redisUrl.hostname, port: Number(redisUrl.port || 6379) };
const IP_HEADER = "x-client-ip";
const randomIp = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;


/** A browser without JS, over plain HTTP: asks for a code and lands on the code page. */
async function startSignIn(base: string, email: string, headers: Record<string, string> = {}) {
  const jar = new CookieJar();
  const page = await fetch(`${base}/sign-in`, { headers });
  jar.take(page);
  const form = findForm(await page.text(), { input: "email" });
  const posted = await postAction(`${base}/sign-in`, form, [["callbackUrl", "/account"], ["email", email]], { cookie: jar.header(), headers });
  jar.take(posted);
  const verify = await fetch(`${base}/sign-in/verify`, { headers: { ...headers, cookie: jar.header() } });
  const html = await verify.text();
  return { jar, posted, html, status: verify.status };
}

/** A form's own fields (challengeId, callbackUrl…) without the code input, which the caller fills. */
const withoutCode = (form: ParsedForm) => hiddenFields(form).filter(([n]) => n !== "code");

// ---------------------------------------------------------------------------
// S10: fuzzing
// ---------------------------------------------------------------------------

const TRICKY = [
  "",
  " ",
  "\u0000",
  "a@b.co\r\nBcc: victim@example.com",
  "a@b.co%0d%0aBcc:%20victim@example.com",
  "a@b.co\nSubject: hi",
  "\u202Eevil@example.com",
  "ann\u200B@example.com",
  "ＡＢＣ-１２３",
  "ABC\u2011123",
  "ı@example.com",
  "ß@EXAMPLE.COM",
  "<script>alert(1)</script>",
  "' OR '1'='1",
  "\"; DROP TABLE \"User\"; --",
  "../../etc/passwd",
  "\uD800",
  "😀@😀.com",
  `${"a".repeat(330)}@example.com`,
  "javascript:alert(1)",
  "//evil.example",
  "https://evil.example",
  "/\\evil.example",
  "null",
  "undefined",
  "[object Object]",
  "$ACTION_0:0",
  "$K1",
  "$Q9",
  "$@1",
  "{}",
  "[]",
  "-1",
  "1e309",
  "00000000-0000-0000-0000-000000000000",
];

type FuzzTarget = "email" | "code" | "resend" | "approval" | "link" | "authjs" | "get" | "hooks";
type FuzzCase = {
  target: FuzzTarget;
  mode: "mpa" | "fetch";
  /** Content-Length, or chunked (no length: the server must count). */
  framing: "length" | "chunked";
  /** Fetch mode: a generated arguments part instead of the form's own list (undefined: the form's). */
  args: string | undefined;
  fields: [string, string | { file: string }][];
  cookie: "none" | "valid" | "victim-forged" | "forged" | "garbage" | "duplicate" | "huge";
  session: "none" | "forged" | "valid";
  ip: string;
  path: string;
  query: [string, string][];
};

/** React reply values: what a hand-made client can put in an action's arguments. */
function actionArgs(challengeIds: string[]) {
  const special = fc.constantFrom("$@1", "$@2", "$K1", "$Q1", "$W1", "$i1", "$1", "$h1", "$B1", "$R1", "$X1", "$T", "$D2026-01-01", "$Dgarbage", "$n1", `$n${"9".repeat(301)}`, "$undefined", "$NaN", "$-0", "$Infinity", "$", "$$", "$Z", "\u0000", ...challengeIds.map((id) => `${id}\u0000`));
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), special);
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie("node"), { maxKeys: 3 })),
  })).node;
  return fc.oneof(
    // Not a list at all (issue 10.5c).
    value.map((v) => JSON.stringify(v) ?? "null"),
    // A list of anything.
    fc.array(value, { maxLength: 5 }).map((v) => JSON.stringify(v)),
    // Not even JSON.
    fc.string({ maxLength: 20 }),
  );
}

function fuzzArbitrary(pools: { challengeIds: string[] }) {
  const code = fc
    .tuple(fc.stringMatching(/^[A-HJ-NP-Z2-9]{3}$/), fc.constantFrom("", "-", " ", "\u2011"), fc.stringMatching(/^[a-hj-np-z2-9]{3}$/))
    .map(([a, sep, b]) => `${a}${sep}${b}`);
  const huge = fc.constantFrom("x".repeat(10_000), "é".repeat(60_000), "\u{1F600}".repeat(20_000), "A".repeat(1_100_000));
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 48 }) },
    { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 48 }) },
    { weight: 4, arbitrary: fc.constantFrom(...TRICKY) },
    { weight: 2, arbitrary: fc.emailAddress() },
    { weight: 3, arbitrary: code },
    // The approval number typed on the link page: three digits (a wrong one cancels), or near misses.
    { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, "0")), fc.constantFrom("", "12", "1234", " 0 0 7 ", "١٢٣", "-01")) },
    { weight: 2, arbitrary: fc.oneof(fc.uuid(), fc.constantFrom(...pools.challengeIds)) },
    // Every id with a NUL (or other junk) in it (issue 10.5b).
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...pools.challengeIds), fc.constantFrom("\u0000", "%00", "\u0000\u0000", " ", "\n")).map(([id, junk]) => (id.length % 2 ? `${id}${junk}` : `${junk}${id}`)) },
    { weight: 1, arbitrary: huge },
  );
  const value = fc.oneof({ weight: 12, arbitrary: text }, { weight: 1, arbitrary: fc.string({ maxLength: 32 }).map((file) => ({ file })) });
  const names = fc.constantFrom("email", "code", "challengeId", "callbackUrl", "token", "approved", "linkToken", "csrfToken", "redirect", "purpose", "number", "x");
  const field = fc.tuple(names, value);
  return fc.record<FuzzCase>({
    target: fc.constantFrom<FuzzTarget>("email", "email", "email", "code", "code", "code", "code", "resend", "approval", "link", "authjs", "authjs", "get", "hooks"),
    // A no-JS post re-renders the whole page; a hydrated one gets only the action's result.
    mode: fc.constantFrom("mpa", "fetch", "fetch"),
    framing: fc.constantFrom("length", "length", "length", "chunked"),
    args: fc.option(actionArgs(pools.challengeIds), { freq: 3, nil: undefined }),
    fields: fc.array(field, { minLength: 0, maxLength: 6 }),
    cookie: fc.constantFrom("none", "valid", "valid", "victim-forged", "forged", "garbage", "duplicate", "huge"),
    session: fc.constantFrom("none", "none", "forged", "valid"),
    ip: fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom("", "not-an-ip", "1.2.3.4, 5.6.7.8", "::ffff:10.0.0.1")),
    path: fc.constantFrom("/sign-in", "/sign-in/verify", "/sign-in/link", "/sign-in/verify/status", "/sign-in/switch", "/sign-in/error", "/api/auth/error", "/api/auth/signin", "/account", "/dev/mailbox/messages", "/"),
    query: fc.array(fc.tuple(fc.constantFrom("callbackUrl", "notice", "token", "challengeId", "error", "to", "limit"), text), { maxLength: 3 }),
  });
}

/** Header-safe (ByteString, no CR/LF/NUL/;): what a client can put in a cookie or header. */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e\x80-\xff]/g, "").replace(/;/g, "").slice(0, 4000);
const urlSafe = (s: string) => encodeURIComponent(s.toWellFormed().slice(0, 3000));

test.describe("S10: 10,000 fuzzed inputs over forms, fields and cookies", () => {
  let app: Instance;
  let db: Awaited<ReturnType<typeof freshDatabase>>;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    db = await freshDatabase();
    const redis = (await canConnect(redisTarget.host, redisTarget.port)) ? { REDIS_URL: redisUrl.toString(), TRUSTED_IP_HEADER: IP_HEADER } : {};
    app = await startInstance(extraPort(4), { ...db.env, ...redis });
  });
  test.afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  test("0 responses in the 5xx range; refusals say why; no other user's data changes", async () => {
    // ~10 ms of server CPU per input: about 1 minute alone, up to 3 beside the other specs on 2 cores.
    test.setTimeout(330_000);
    const base = app.url;

    // The victim: a code waiting in their browser, and a signed-in session.
    const victimEmail = `victim-${randomUUID().slice(0, 8)}@example.com`;
    const victim = await startSignIn(base, victimEmail);
    const victimForm = findForm(victim.html, { input: "code" });
    const victimChallenge = hiddenFields(victimForm).find(([n]) => n === "challengeId")![1];
    const victimCode = await mailboxCode(base, victimEmail);

    // The fuzzer's own browser: valid cookie, a pending challenge, the forms' framing.
    const fuzzEmail = `fuzz-${randomUUID().slice(0, 8)}@example.com`;
    const own = await startSignIn(base, fuzzEmail);
    const ownChallenge = hiddenFields(findForm(own.html, { input: "code" })).find(([n]) => n === "challengeId")![1];
    const emailForm = findForm(await (await fetch(`${base}/sign-in`)).text(), { input: "email" });
    const codeForm = findForm(own.html, { input: "code" });
    const resendForm = findForm(own.html, { text: "Resend code" });
    const approvalForm = formsIn(own.html).find((f) => f.inputs.some(([n]) => n === "challengeId") && !f.inputs.some(([n]) => n === "code"));
    const linkToken = /token=([A-Za-z0-9_-]{43})/.exec(
      ((await (await fetch(`${base}/dev/mailbox/messages?to=${encodeURIComponent(fuzzEmail)}`)).json()) as { messages: MailboxMessage[] }).messages[0]!.link ?? "",
    )?.[1];
    const linkPage = linkToken ? await (await fetch(`${base}/sign-in/link?token=${linkToken}`)).text() : "";
    // The link page's own action forms (useActionState: `$ACTION_n:0`), not the
    // header's language switcher, which every page carries as a plain action form.
    const linkForms = formsIn(linkPage).filter((f) => f.inputs.some(([n]) => /^\$ACTION_\d+:0$/.test(n)));
    const ownCookie = own.jar.header();
    const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: ownCookie } });
    const csrfJar = new CookieJar();
    csrfJar.take(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };

    // A signed-in session whose cookie the fuzzer may replay (its own account).
    const signerEmail = `signed-${randomUUID().slice(0, 8)}@example.com`;
    const signer = await startSignIn(base, signerEmail);
    const signerForm = findForm(signer.html, { input: "code" });
    const signerCode = await mailboxCode(base, signerEmail);
    signer.jar.take(await postAction(`${base}/sign-in/verify`, signerForm, [...withoutCode(signerForm), ["code", signerCode]], { cookie: signer.jar.header() }));
    const sessionCookie = `authjs.session-token=${signer.jar.cookies.get("authjs.session-token")}`;
    expect(signer.jar.cookies.has("authjs.session-token")).toBe(true);

    const runs = Number(process.env.FUZZ_RUNS ?? 10_000); // fewer only when debugging locally
    const cases = fc.sample(fuzzArbitrary({ challengeIds: [victimChallenge, ownChallenge] }), { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 4242) });
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const silent: string[] = [];
    const deadline = Date.now() + 280_000;
    let done = 0;

    const cost = new Map<string, { n: number; ms: number }>();
    const run = async (c: FuzzCase): Promise<void> => {
      const t0 = performance.now();
      const cookies: string[] = [];
      const mc = "mc.browser";
      switch (c.cookie) {
        case "valid":
          cookies.push(ownCookie);
          break;
        case "victim-forged":
          cookies.push(`${mc}=${"A".repeat(43)}`);
          break;
        case "forged":
          cookies.push(`${mc}=${randomUUID().replace(/-/g, "").padEnd(43, "x")}`);
          break;
        case "garbage":
          cookies.push(`${mc}=${headerSafe(String(c.fields[0]?.[1] ?? "%%%"))}`);
          break;
        case "duplicate":
          cookies.push(ownCookie, `${mc}=${"B".repeat(43)}`);
          break;
        case "huge":
          cookies.push(`${mc}=${"h".repeat(6000)}`);
          break;
      }
      if (c.session === "valid") cookies.push(sessionCookie);
      if (c.session === "forged") cookies.push(`authjs.session-token=${headerSafe(String(c.fields[1]?.[1] ?? "eyJ0eXAi.forged"))}`);
      const headers: Record<string, string> = { [IP_HEADER]: headerSafe(c.ip), "x-forwarded-for": headerSafe(c.ip) };
      if (cookies.length) headers.cookie = cookies.join("; ");
      const fields = c.fields.map(([n, v]) => [n, typeof v === "string" ? v : new Blob([v.file], { type: "application/octet-stream" })] as [string, string | Blob]);

      let response: Response;
      let form: ParsedForm | undefined;
      const qs = c.query.map(([k, v]) => `${k}=${urlSafe(v)}`).join("&");
      switch (c.target) {
        case "email":
          form = emailForm;
          response = await postAction(`${base}/sign-in`, emailForm, fields, { headers, mode: c.mode, framing: c.framing, args: c.args });
          break;
        case "code":
          form = codeForm;
          response = await postAction(`${base}/sign-in/verify`, codeForm, fields, { headers, mode: c.mode, framing: c.framing, args: c.args });
          break;
        case "resend":
          response = await postAction(`${base}/sign-in/verify`, resendForm, fields, { headers, mode: c.mode, framing: c.framing, args: c.args });
          break;
        case "approval":
          response = await postAction(`${base}/sign-in/verify`, approvalForm ?? codeForm, fields, { headers, mode: c.mode, framing: c.framing, args: c.args });
          break;
        case "link": {
          const target = linkForms[randomInt(Math.max(linkForms.length, 1))] ?? emailForm;
          response = await postAction(`${base}/sign-in/link?token=${linkToken ?? "x"}`, target, fields, { headers, mode: c.mode, framing: c.framing, args: c.args });
          break;
        }
        case "authjs": {
          const body = new URLSearchParams();
          if (c.mode === "mpa") body.set("csrfToken", csrfToken);
          for (const [n, v] of fields) if (typeof v === "string") body.append(n, v.toWellFormed().slice(0, 20_000));
          headers.cookie = [headers.cookie, csrfJar.header()].filter(Boolean).join("; ");
          response =
            c.framing === "chunked"
              ? await fetch(`${base}/api/auth/callback/magic-code`, { method: "POST", redirect: "manual", duplex: "half", ...(await chunkedBody(body, headers)) } as RequestInit)
              : await fetch(`${base}/api/auth/callback/magic-code`, { method: "POST", body, headers, redirect: "manual" });
          break;
        }
        case "hooks":
          response = await fetch(`${base}/dev/test-hooks`, {
            method: "POST",
            headers: { ...headers, "content-type": "application/json" },
            body: c.mode === "mpa" ? JSON.stringify({ action: "expire-challenges", email: String(c.fields[0]?.[1] ?? "") }) : String(c.fields[0]?.[1] ?? "{"),
            redirect: "manual",
          });
          break;
        default:
          response = await fetch(`${base}${c.path}${qs ? `?${qs}` : ""}`, { headers, redirect: "manual" });
      }
      const text = await response.text();
      const kind = `${c.target}/${c.mode}`;
      const k = cost.get(kind) ?? { n: 0, ms: 0 };
      cost.set(kind, { n: k.n + 1, ms: k.ms + performance.now() - t0 });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const brief = `${c.target}/${c.mode}/${c.framing}${c.args === undefined ? "" : ` args=${c.args.slice(0, 80)}`} ${JSON.stringify(c.fields).slice(0, 200)} cookie=${c.cookie} → ${response.status}`;
      if (response.status >= 500) failures.push(`${brief}: ${text.slice(0, 200)}`);
      // A no-JS post of the email form that is refused re-renders it with a message. (The
      // code form's message is keyed to the challenge it was rendered for, which the
      // fuzzer keeps replacing; its messages are covered by e2e/sign-in.spec.ts.)
      if (form === emailForm && c.mode === "mpa" && response.status === 200 && !text.includes('data-testid="form-message"')) {
        silent.push(`${brief}: ${(/<main>([\s\S]*?)<\/main>/.exec(text)?.[1] ?? text).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 300)}`);
      }
    };

    const queue = [...cases];
    const worker = async () => {
      for (let c = queue.shift(); c && Date.now() < deadline; c = queue.shift()) {
        try {
          await run(c);
        } catch (error) {
          failures.push(`${c.target}/${c.mode}: request failed: ${String(error)}`);
        }
        done++;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, worker));
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(" ");
    const fiveXX = [...statuses].filter(([s]) => s >= 500).reduce((n, [, k]) => n + k, 0);
    if (process.env.FUZZ_COST) console.log([...cost].map(([kind, { n, ms }]) => `${kind}: ${n} × ${(ms / n).toFixed(1)} ms`).join("\n"));
    console.log(`[fuzz] ${done} generated inputs in ${((Date.now() - started) / 1000).toFixed(1)} s: ${fiveXX} responses 5xx; statuses ${summary}`);

    expect(failures.slice(0, 20)).toEqual([]);
    expect(silent.slice(0, 20)).toEqual([]);
    expect(done).toBe(runs);
    expect(app.alive()).toBe(true);

    // Nothing the fuzzer did touched the victim: all attempts left, and the code works.
    let wrong = formatCode(generateCode()); // a wrong code in the configured format
    while (normalizeCode(wrong) === normalizeCode(victimCode)) wrong = formatCode(generateCode());
    const tried = await postAction(`${base}/sign-in/verify`, victimForm, [...withoutCode(victimForm), ["code", wrong]], { cookie: victim.jar.header() });
    expect(await tried.text()).toContain("4 attempts left");
    const signedIn = await postAction(`${base}/sign-in/verify`, victimForm, [...withoutCode(victimForm), ["code", victimCode]], { cookie: victim.jar.header() });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toMatch(/\/account$/);
    expect(signedIn.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// S11: faults
// ---------------------------------------------------------------------------

test.describe("S11: dependencies fail, the person is told, the app recovers", () => {
  let app: Instance;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let resend: FakeResend;
  let redisProxy: TcpProxy | null = null;
  let pgProxy: TcpProxy | null = null;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    resend = await startFakeResend();
    db = await freshDatabase();
    const env: Record<string, string> = { ...db.env, RESEND_API_KEY: "re_fake_key", RESEND_BASE_URL: resend.url, TRUSTED_IP_HEADER: IP_HEADER };
    if (await canConnect(redisTarget.host, redisTarget.port)) {
      redisProxy = await startTcpProxy(redisTarget);
      env.REDIS_URL = `redis://127.0.0.1:${redisProxy.port}`;
    } else if (process.env.CI) {
      // In CI a missing Redis is a broken machine, not a reason to prove less.
      throw new Error(`[faults] no Redis at ${redisTarget.host}:${redisTarget.port}; CI must provide one`);
    } else {
      console.log(`[faults] no Redis at ${redisTarget.host}:${redisTarget.port}: the Redis-down steps are skipped`);
    }
    if (db.url) {
      const target = new URL(db.url);
      pgProxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      target.hostname = "127.0.0.1";
      target.port = String(pgProxy.port);
      env.DATABASE_URL = target.toString();
    } else {
      console.log("[faults] embedded database: the PostgreSQL-down steps are skipped (set DATABASE_URL)");
    }
    app = await startInstance(extraPort(3), env);
  });
  test.afterAll(async () => {
    await app?.stop();
    await Promise.all([resend?.close(), redisProxy?.close(), pgProxy?.close()]);
    await db?.drop();
  });

  test("Resend failing: a clear message on the email form, no usable code; back to normal without a restart", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: app.url, extraHTTPHeaders: { [IP_HEADER]: randomIp() } });
    const page = await context.newPage();
    const email = `resend-${randomUUID().slice(0, 8)}@example.com`;
    for (const mode of ["error", "reject"] as const) {
      resend.mode = mode;
      await page.goto("/sign-in");
      await page.getByLabel("Email address").fill(email);
      const response = page.waitForResponse((r) => r.request().method() === "POST");
      await page.getByRole("button", { name: "Continue with email" }).click();
      expect((await response).status()).toBeLessThan(500);
      await expect(page.getByTestId("form-message")).toContainText("couldn't send the email");
      await expect(page.getByLabel("Email address")).toHaveValue(email); // nothing lost
    }
    expect(resend.sent).toHaveLength(0);
    resend.mode = "ok";
    await page.getByRole("button", { name: "Continue with email" }).click();
    await expect(page.getByLabel("Sign-in code")).toBeVisible();
    await enterCode(page, resend.latestCode(email)!);
    await expect(page).toHaveURL(/\/account$/);
    await context.close();
  });

  test("per-IP send limit through the app: the 21st request from one IP is refused with the time left", async () => {
    test.skip(!redisProxy, "needs Redis");
    resend.mode = "ok";
    const ip = randomIp();
    const results: string[] = [];
    for (let i = 0; i < 21; i++) {
      const { posted } = await startSignIn(app.url, `ip-${i}-${randomUUID().slice(0, 6)}@example.com`, { [IP_HEADER]: ip });
      results.push(posted.status === 303 ? "sent" : (/Too many[^<]*/.exec(await posted.text())?.[0] ?? `status ${posted.status}`));
    }
    expect(results.slice(0, 20)).toEqual(Array(20).fill("sent"));
    expect(results[20]).toMatch(/Too many sign-in emails were requested from your network. Try again in \d+ minutes?\./);
  });

  test("Redis down: asking for a code fails closed with a clear message, typing one fails open; recovery without restart", async ({ browser }) => {
    test.skip(!redisProxy, "needs Redis");
    resend.mode = "ok";
    const context = await browser.newContext({ baseURL: app.url, extraHTTPHeaders: { [IP_HEADER]: randomIp() } });
    const page = await context.newPage();
    const email = `redis-${randomUUID().slice(0, 8)}@example.com`;
    await requestCode(page, email);
    const code = resend.latestCode(email)!;

    redisProxy!.cut();
    // Typing the code: the per-IP check is skipped, the database limits still apply.
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/account$/);
    // Asking for a code: refused, with a message (config.limits.ip.whenRedisDown.send = "closed").
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(`redis2-${email}`);
    await page.getByRole("button", { name: "Continue with email" }).click();
    await expect(page.getByTestId("form-message")).toContainText("Sign-in is unavailable right now");

    redisProxy!.restore();
    await expect(async () => {
      await page.getByRole("button", { name: "Continue with email" }).click();
      await expect(page.getByLabel("Sign-in code")).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    expect(app.alive()).toBe(true);
    await context.close();
  });

  test("PostgreSQL cut mid-flow: every step says so, nothing half-written, the same process recovers", async ({ browser }) => {
    test.skip(!pgProxy, "needs DATABASE_URL (PostgreSQL)");
    resend.mode = "ok";
    const context = await browser.newContext({ baseURL: app.url, extraHTTPHeaders: { [IP_HEADER]: randomIp() } });
    const page = await context.newPage();
    const email = `pg-${randomUUID().slice(0, 8)}@example.com`;
    await requestCode(page, email);
    const code = resend.latestCode(email)!;
    const usersBefore = await query<{ n: number }>(db.url!, `SELECT count(*)::int AS n FROM "User"`);

    pgProxy!.cut();
    // The code form: a clear message, not an error page.
    const verifyPost = page.waitForResponse((r) => r.request().method() === "POST");
    await enterCode(page, code);
    expect((await verifyPost).status()).toBeLessThan(500);
    await expect(page.getByTestId("form-message")).toContainText("unavailable");
    // The code page itself, reloaded.
    const reload = await page.reload();
    expect(reload!.status()).toBeLessThan(500);
    await expect(page.getByTestId("form-message")).toContainText("unavailable");
    // The email form.
    const other = await context.newPage();
    await other.goto("/sign-in");
    await other.getByLabel("Email address").fill(`pg2-${email}`);
    await other.getByRole("button", { name: "Continue with email" }).click();
    await expect(other.getByTestId("form-message")).toContainText("unavailable");
    expect(resend.sent.filter((m) => m.to === `pg2-${email}`)).toHaveLength(0);

    pgProxy!.restore();
    // Nothing half-written: no user yet, and the code from before the outage still works, once.
    expect(await query<{ n: number }>(db.url!, `SELECT count(*)::int AS n FROM "User"`)).toEqual(usersBefore);
    await expect(async () => {
      await page.goto("/sign-in/verify");
      await expect(page.getByLabel("Sign-in code")).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/account$/);
    expect(app.alive()).toBe(true);
    await context.close();
  });

  test("through every fault above, no code, link token or cookie value reached the log", async () => {
    const log = app.output();
    expect(log).toContain("[magic-code]"); // the log was captured
    const secrets = resend.sent.flatMap((m) => [/^(.+?) is your /.exec(m.subject)?.[1], /token=([A-Za-z0-9_-]{43})/.exec(m.text)?.[1]]);
    expect(secrets.filter(Boolean).length).toBeGreaterThan(0);
    for (const secret of secrets) if (secret) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/mc\.browser=|authjs\.session-token=/);
  });
});

// ---------------------------------------------------------------------------
// S1: the race, across two instances
// ---------------------------------------------------------------------------

test.describe("S1: 100 concurrent verifications across two instances", () => {
  test("exactly one session; a replay is refused", async () => {
    test.skip(!process.env.DATABASE_URL, "two instances need a shared PostgreSQL (set DATABASE_URL)");
    if (!process.env.DATABASE_URL) console.log("[race] skipped: two instances need a shared PostgreSQL (set DATABASE_URL)");
    test.setTimeout(180_000);
    const db = await freshDatabase();
    const redis = (await canConnect(redisTarget.host, redisTarget.port)) ? { REDIS_URL: redisUrl.toString(), TRUSTED_IP_HEADER: IP_HEADER } : {};
    const instances: Instance[] = [];
    try {
      instances.push(...(await Promise.all([startInstance(extraPort(1), { ...db.env, ...redis }), startInstance(extraPort(2), { ...db.env, ...redis })])));
      const [a, b] = instances as [Instance, Instance];
      const email = `race-${randomUUID().slice(0, 8)}@example.com`;
      const started = await startSignIn(a.url, email);
      const code = await mailboxCode(b.url, email); // one database: B sees A's email
      const form = findForm(started.html, { input: "code" });
      const fields: [string, string][] = [...withoutCode(form), ["code", code]];

      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          postAction(`${(i % 2 ? a : b).url}/sign-in/verify`, form, fields, { cookie: started.jar.header(), headers: { [IP_HEADER]: randomIp() } }),
        ),
      );
      const winners = responses.filter((r) => r.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token=")));
      const fiveXX = responses.filter((r) => r.status >= 500).length;
      const sessions = await query<{ n: number }>(
        db.url!,
        `SELECT count(*)::int AS n FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE u."email" = $1`,
        [email],
      );
      console.log(`[race] 100 concurrent right codes over 2 instances: ${winners.length} winner(s), ${sessions[0]!.n} session row(s), ${fiveXX} 5xx`);
      expect(fiveXX).toBe(0);
      expect(winners).toHaveLength(1);
      expect(sessions[0]!.n).toBe(1);

      // Replay of the consumed code, on either instance: refused, no session.
      for (const instance of [a, b]) {
        const replay = await postAction(`${instance.url}/sign-in/verify`, form, fields, { cookie: started.jar.header() });
        expect(replay.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(false);
        const landed = await fetch(new URL(replay.headers.get("location") ?? "/sign-in/verify", instance.url), { headers: { cookie: started.jar.header() } });
        expect(await landed.text()).toContain("already been used");
      }
      expect((await query<{ n: number }>(db.url!, `SELECT count(*)::int AS n FROM "Session"`))[0]!.n).toBe(1);
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
      await db.drop();
    }
  });
});
