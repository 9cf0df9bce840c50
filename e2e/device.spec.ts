import { formatCode, generateCode } from "../lib/auth/code";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { test, expect, requestCode, enterCode, signIn, createUser } from "./fixtures";
import { servers } from "./servers";

/**
 * Sign-in for things that are not a browser (issue 13): the example CLI
 * (examples/cli/magic-code.mjs) runs the RFC 8628 device flow against the
 * main server while the browser signs in and approves on /activate; the raw
 * endpoints are checked for RFC 8628 §3.5 behaviour; the JSON code flow for
 * native apps is checked for its binding and for enumeration.
 */
const CLI = path.resolve("examples/cli/magic-code.mjs");
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

type Cli = { child: ChildProcess; output(): string; exit: Promise<number> };

function runCli(args: string[], configDir: string): Cli {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, MAGIC_CODE_URL: servers.main, MAGIC_CODE_CONFIG_DIR: configDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return { child, output: () => out, exit };
}

async function cliUserCode(cli: Cli): Promise<{ userCode: string; url: string }> {
  let match: RegExpExecArray | null = null;
  await expect.poll(() => (match = /open (\S+)\nand enter the code: ([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(cli.output())) !== null, { timeout: 15_000 }).toBe(true);
  const m = match as unknown as RegExpExecArray;
  return { url: m[1]!, userCode: m[2]! };
}

async function cliRun(args: string[], configDir: string): Promise<{ code: number; output: string }> {
  const cli = runCli(args, configDir);
  const code = await cli.exit;
  return { code, output: cli.output() };
}

async function approveOnActivate(page: Page, userCode: string, decision: "Approve" | "Deny") {
  await page.goto("/activate");
  await page.getByLabel("Device code").fill(userCode);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("activate-request")).toContainText("Magic Code CLI");
  await page.getByRole("button", { name: decision }).click();
  await expect(page.getByTestId("activate-result")).toBeVisible();
}

async function startDevice(request: APIRequestContext) {
  const response = await request.post("/api/oauth/device_authorization", { form: { client_id: "magic-code-cli" } });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  return (await response.json()) as { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number };
}

async function pollToken(request: APIRequestContext, deviceCode: string, clientId = "magic-code-cli") {
  const response = await request.post("/api/oauth/token", { form: { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: clientId } });
  expect(response.headers()["cache-control"]).toContain("no-store");
  return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
}

const tempDir = () => mkdtempSync(path.join(tmpdir(), "magic-code-cli-"));

test.describe("device flow (RFC 8628) with the example CLI", () => {
  test("login: sign in on /activate (coming back after sign-in), approve, token stored; whoami; revoke refuses at once", async ({ page, mailbox, email }) => {
    const dir = tempDir();
    const login = runCli(["login"], dir);
    const { url, userCode } = await cliUserCode(login);
    expect(url).toBe(`${servers.main}/activate`);

    // Signed out: the complete URI leads through sign-in and back, code kept.
    await requestCode(page, email, `${url}?user_code=${userCode}`);
    await enterCode(page, await mailbox.waitForCode(email));
    await expect(page).toHaveURL(/\/activate\?user_code=/);
    await expect(page.getByLabel("Device code")).toHaveValue(userCode);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("activate-request")).toContainText("Magic Code CLI");
    await expect(page.getByTestId("activate-from")).toContainText(/Node|Unknown|node/i);
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("activate-result")).toContainText("signed in as");

    expect(await login.exit, login.output()).toBe(0);
    expect(login.output()).toContain("Signed in.");
    const whoami = await cliRun(["whoami"], dir);
    expect(whoami).toEqual({ code: 0, output: `${email}\n` });

    // "Devices and apps" lists it; revoking works at the very next request.
    await page.goto("/account");
    const item = page.getByTestId("token-item");
    await expect(item).toHaveCount(1);
    await expect(item).toContainText("Magic Code CLI");
    await item.getByRole("button", { name: /Revoke/ }).click();
    await expect(page.getByTestId("account-notice")).toContainText("signed out");
    await expect(page.getByTestId("token-item")).toHaveCount(0);
    const after = await cliRun(["whoami"], dir);
    expect(after.code).toBe(1);
    expect(after.output).toContain("revoked");
  });

  test("deny: the CLI is told and stops", async ({ page, mailbox, email }) => {
    const login = runCli(["login"], tempDir());
    const { userCode } = await cliUserCode(login);
    await signIn(page, mailbox, email);
    // Typed forgivingly: lower case, no dash.
    await approveOnActivate(page, userCode.replace("-", "").toLowerCase(), "Deny");
    await expect(page.getByTestId("activate-result")).toContainText("Denied");
    expect(await login.exit).toBe(1);
    expect(login.output()).toContain("Denied");
  });

  test("a user code works once", async ({ page, mailbox, email, request }) => {
    const started = await startDevice(request);
    await signIn(page, mailbox, email);
    await approveOnActivate(page, started.user_code, "Approve");
    await page.goto("/activate");
    await page.getByLabel("Device code").fill(started.user_code);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("form-message")).toContainText("already been used");
  });

  test("a device code is exchanged once: the second exchange is invalid_grant", async ({ page, mailbox, email, request }) => {
    const started = await startDevice(request);
    await signIn(page, mailbox, email);
    await approveOnActivate(page, started.user_code, "Approve");
    const first = await pollToken(request, started.device_code);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: "Bearer", expires_in: expect.any(Number) });
    expect(String(first.body.access_token)).toMatch(/^mca_[A-Za-z0-9_-]{43}$/);
    const me = await request.get("/api/me", { headers: { authorization: `Bearer ${String(first.body.access_token)}` } });
    expect(await me.json()).toMatchObject({ email });
    const second = await pollToken(request, started.device_code);
    expect(second).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  test("slow_down when polling too fast: the interval grows by 5 s", async ({ request }) => {
    const started = await startDevice(request);
    expect(started.interval).toBe(5);
    expect(await pollToken(request, started.device_code)).toMatchObject({ status: 400, body: { error: "authorization_pending" } });
    expect(await pollToken(request, started.device_code)).toMatchObject({ status: 400, body: { error: "slow_down", interval: 10 } });
    expect(await pollToken(request, started.device_code)).toMatchObject({ status: 400, body: { error: "slow_down", interval: 15 } });
  });

  test("expiry: expired_token for the device, and the user code is refused on /activate", async ({ page, mailbox, email, request }) => {
    const started = await startDevice(request);
    const hook = await request.post("/dev/test-hooks", { data: { action: "expire-device", userCode: started.user_code } });
    expect(await hook.json()).toEqual({ expired: 1 });
    expect(await pollToken(request, started.device_code)).toMatchObject({ status: 400, body: { error: "expired_token" } });
    await signIn(page, mailbox, email);
    await page.goto("/activate");
    await page.getByLabel("Device code").fill(started.user_code);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("form-message")).toContainText("expired");
  });

  test("errors: unknown client, wrong grant type, bad device code, not form-encoded", async ({ request }) => {
    const unknown = await request.post("/api/oauth/device_authorization", { form: { client_id: "nobody" } });
    expect(unknown.status()).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: "invalid_client" });
    const grant = await request.post("/api/oauth/token", { form: { grant_type: "password", client_id: "magic-code-cli" } });
    expect(await grant.json()).toMatchObject({ error: "unsupported_grant_type" });
    expect(await pollToken(request, "A".repeat(43))).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const json = await request.post("/api/oauth/token", { data: { grant_type: DEVICE_GRANT } });
    expect(await json.json()).toMatchObject({ error: "invalid_request" });
    const noToken = await request.get("/api/me");
    expect(noToken.status()).toBe(401);
    expect(noToken.headers()["www-authenticate"]).toContain("Bearer");
  });

  test("discovery: RFC 8414 metadata and the OpenAPI document", async ({ request }) => {
    const metadata = await (await request.get("/.well-known/oauth-authorization-server")).json();
    expect(metadata).toMatchObject({
      issuer: servers.main,
      device_authorization_endpoint: `${servers.main}/api/oauth/device_authorization`,
      token_endpoint: `${servers.main}/api/oauth/token`,
    });
    expect(metadata.grant_types_supported).toContain(DEVICE_GRANT);
    const openapi = await (await request.get("/api/openapi.json")).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(["/api/oauth/device_authorization", "/api/oauth/token", "/api/me", "/api/auth/code", "/api/auth/code/verify"]),
    );
  });
});

test.describe("JSON code flow for native apps", () => {
  async function startCode(request: APIRequestContext, email: string, base = servers.main) {
    const response = await request.post(`${base}/api/auth/code`, { data: { email } });
    return { status: response.status(), body: (await response.json()) as Record<string, unknown>, headers: response.headers() };
  }

  test("the code works only with the client secret; with it, a bearer token for /api/me", async ({ request, mailbox, email }) => {
    const started = await startCode(request, email);
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ challengeId: expect.any(String), clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresIn: 600 });
    const code = await mailbox.waitForCode(email);

    const wrongSecret = await request.post("/api/auth/code/verify", { data: { challengeId: started.body.challengeId, clientSecret: "B".repeat(43), code } });
    expect(wrongSecret.status()).toBe(400);
    expect(wrongSecret.headers()["content-type"]).toContain("application/problem+json");
    expect(await wrongSecret.json()).toMatchObject({ title: "missing", status: 400 });

    const verified = await request.post("/api/auth/code/verify", { data: { challengeId: started.body.challengeId, clientSecret: started.body.clientSecret, code } });
    expect(verified.status()).toBe(200);
    const token = (await verified.json()) as { access_token: string; token_type: string };
    expect(token.token_type).toBe("Bearer");
    const me = await request.get("/api/me", { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(await me.json()).toMatchObject({ email });

    // Single use: the same code and secret again are refused.
    const again = await request.post("/api/auth/code/verify", { data: { challengeId: started.body.challengeId, clientSecret: started.body.clientSecret, code } });
    expect(again.status()).toBe(410);
  });

  test("a wrong code says how many attempts are left (problem details)", async ({ request, email }) => {
    const started = await startCode(request, email);
    const wrong = await request.post("/api/auth/code/verify", { data: { challengeId: started.body.challengeId, clientSecret: started.body.clientSecret, code: wrongCodeLike() } });
    expect(wrong.status()).toBe(400);
    expect(await wrong.json()).toMatchObject({ title: "wrong-code", attemptsLeft: 4 });
  });

  for (const [name, base] of [["sign-up on", servers.main], ["sign-up off", servers.noSignUp]] as const) {
    test(`no enumeration (${name}): known and unknown addresses get the same answer`, async ({ playwright, email }) => {
      const request = await playwright.request.newContext({ baseURL: base });
      const known = `known-${email}`;
      await createUser(request, known);
      const a = await startCode(request, known, base);
      const b = await startCode(request, `unknown-${email}`, base);
      expect(a.status).toBe(200);
      expect(b.status).toBe(a.status);
      expect(Object.keys(b.body).sort()).toEqual(Object.keys(a.body).sort());
      expect(typeof b.body.challengeId).toBe(typeof a.body.challengeId);
      expect(String(b.body.clientSecret).length).toBe(String(a.body.clientSecret).length);
      expect(b.body.expiresIn).toBe(a.body.expiresIn);
      expect(b.headers["content-type"]).toBe(a.headers["content-type"]);
      // Limits are the same too: the sixth request within the hour is refused alike.
      for (let i = 0; i < 4; i++) {
        await request.post(`${base}/api/auth/code`, { data: { email: known } });
        await request.post(`${base}/api/auth/code`, { data: { email: `unknown-${email}` } });
      }
      const limitedKnown = await startCode(request, known, base);
      const limitedUnknown = await startCode(request, `unknown-${email}`, base);
      expect(limitedKnown.status).toBe(429);
      expect(limitedUnknown.status).toBe(429);
      expect(Object.keys(limitedUnknown.body).sort()).toEqual(Object.keys(limitedKnown.body).sort());
      await request.dispose();
    });
  }
});

/** A code in the configured format (lib/config.ts); a random one is wrong but for a 1-in-a-billion chance. */
function wrongCodeLike(): string {
  return formatCode(generateCode());
}
