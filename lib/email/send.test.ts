import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { normalizeCode } from "@/lib/auth/code";
import { config } from "@/lib/config";

/**
 * The Resend path against a local fake Resend API (no network): what we send,
 * and how refusals become values. Environment is set before the modules load
 * because lib/env.ts reads it once.
 */
type Received = { path: string; auth: string | undefined; body: Record<string, unknown> };
const received: Received[] = [];
let mode: "ok" | "fail" | "hang" = "ok";
let server: Server;

async function readBody(req: IncomingMessage): Promise<string> {
  let data = "";
  for await (const chunk of req) data += chunk;
  return data;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || "{}");
    received.push({ path: req.url ?? "", auth: req.headers.authorization, body });
    if (mode === "hang") return; // never answers
    res.setHeader("content-type", "application/json");
    if (mode === "fail") {
      res.statusCode = 500;
      res.end(JSON.stringify({ statusCode: 500, name: "internal_server_error", message: "boom" }));
      return;
    }
    res.end(JSON.stringify({ id: `email_${received.length}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.EMAIL_FROM = "Magic Code <sign-in@example.com>";
  // Start (and migrate) the database and load the pipeline before the first test's clock runs.
  await (await import("@/lib/db")).getDb();
  await import("@/lib/test/auth");
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("sending through Resend (fake server)", () => {
  it("sends one email with the code, the link, HTML and plain text", async () => {
    const { requestSignInCode } = await import("@/lib/test/auth");
    const { generateToken, hashToken } = await import("@/lib/auth/secrets");
    mode = "ok";
    const result = await requestSignInCode({
      email: "resend-ok@example.com",
      browserHash: hashToken(generateToken()),
      request: { ip: null, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0", origin: "https://app.example" },
    });
    expect(result.ok).toBe(true);
    const sent = received.at(-1)!;
    expect(sent.path).toBe("/emails");
    expect(sent.auth).toBe("Bearer re_test_key");
    expect(sent.body.to).toBe("resend-ok@example.com");
    expect(sent.body.from).toBe("Magic Code <sign-in@example.com>");
    const subject = String(sent.body.subject);
    // The code as the email shows it, in whatever format lib/config.ts sets.
    const code = new RegExp(`^(.+) is your ${config.appName} sign-in code$`).exec(subject)?.[1];
    expect(normalizeCode(code)).toHaveLength(config.code.length);
    expect(String(sent.body.html)).toContain(code!);
    expect(String(sent.body.text)).toContain(code!);
    expect(String(sent.body.text)).toMatch(/https:\/\/app\.example\/sign-in\/link\?token=[A-Za-z0-9_-]{43}/);
    expect(String(sent.body.text)).toMatch(/expire in 10 minutes/);
    expect(String(sent.body.text)).toMatch(/Didn.t ask for this/);
    // The code and link travel beside the message for the dev mailbox only, never to the email API.
    expect(sent.body).not.toHaveProperty("code");
    expect(sent.body).not.toHaveProperty("link");
  });

  it("a refusal from the email API is a value, and the challenge is retired", async () => {
    const { requestSignInCode } = await import("@/lib/test/auth");
    const { findPendingChallenge } = await import("@/lib/auth/challenge");
    const { generateToken, hashToken } = await import("@/lib/auth/secrets");
    mode = "fail";
    const browserHash = hashToken(generateToken());
    const request = { ip: null, userAgent: null, origin: "https://app.example" };
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await requestSignInCode({ email: "resend-fail@example.com", browserHash, request });
    expect(result).toEqual({ ok: false, reason: "email-failed" });
    expect((await findPendingChallenge(browserHash, "sign-in"))?.state).toBe("superseded");
    // Retired challenges never hold up a retry (no cooldown).
    mode = "ok";
    const retry = await requestSignInCode({ email: "resend-fail@example.com", browserHash, request });
    expect(retry.ok).toBe(true);
    errors.mockRestore();
  });

  it("an email API that does not answer is given up on, not waited for forever", async () => {
    const { sendEmail } = await import("@/lib/email/send");
    const { config } = await import("@/lib/config");
    mode = "hang";
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const pending = sendEmail({ to: "hang@example.com", subject: "s", html: "<p>h</p>", text: "h" });
    await vi.advanceTimersByTimeAsync(config.email.sendTimeoutMs + 10);
    expect(await pending).toEqual({ ok: false, reason: "unavailable" });
    vi.useRealTimers();
    errors.mockRestore();
    mode = "ok";
  });
});
