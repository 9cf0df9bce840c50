import { describe, expect, it, vi } from "vitest";
import { startChallenge } from "@/lib/auth/pipeline";
import { findPendingChallenge } from "@/lib/auth/challenge";
import { proveCode, signInByCode } from "@/lib/test/auth";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { generateCode, normalizeCode } from "@/lib/auth/code";
import { listMailboxMessages } from "@/lib/email/mailbox";

/** S7: a whole sign-in, wrong codes included, leaves no secret in the logs. */
describe("logs never carry a secret", () => {
  it("code, link token, browser secret and session id stay out of every log line", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation(capture));
    try {
      const email = `logs-${Date.now()}@example.com`;
      const browserSecret = generateToken();
      const browserHash = hashToken(browserSecret);
      const requested = await startChallenge("sign-in", { address: email, user: null, browserHash, request: { ip: "198.51.100.7", userAgent: "vitest", origin: "http://localhost:3000" } });
      expect(requested.ok).toBe(true);
      const [message] = await listMailboxMessages({ to: email });
      const { code, link } = message!;
      const token = new URL(link!).searchParams.get("token")!;
      const plain = normalizeCode(code)!; // in whatever format lib/config.ts sets
      const pending = (await findPendingChallenge(browserHash, "sign-in"))!;
      let wrong = generateCode();
      while (wrong === plain) wrong = generateCode();
      await proveCode(pending.id, browserHash, wrong);
      const signedIn = await signInByCode(pending.id, browserHash, plain);
      expect(signedIn.ok).toBe(true);
      const secrets = [code!, plain, token, browserSecret, signedIn.ok ? signedIn.sessionId : "x"];
      for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
