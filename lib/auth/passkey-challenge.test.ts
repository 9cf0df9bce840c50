import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { challengeOf, consumePasskeyChallenge, issuePasskeyChallenge } from "@/lib/auth/passkey-challenge";

const browser = () => `b-${randomUUID()}`;

describe("passkey challenges", () => {
  it("are single use", async () => {
    const binding = { purpose: "sign-in" as const, browserHash: browser(), userId: null };
    const challenge = await issuePasskeyChallenge(binding);
    expect(await consumePasskeyChallenge(challenge, binding)).toBe(true);
    expect(await consumePasskeyChallenge(challenge, binding)).toBe(false);
  });

  it("expire", async () => {
    const binding = { purpose: "sign-in" as const, browserHash: browser(), userId: null };
    const challenge = await issuePasskeyChallenge(binding, -1);
    expect(await consumePasskeyChallenge(challenge, binding)).toBe(false);
  });

  it("are bound to the browser, the purpose and the user", async () => {
    const binding = { purpose: "step-up" as const, browserHash: browser(), userId: randomUUID() };
    const challenge = await issuePasskeyChallenge(binding);
    expect(await consumePasskeyChallenge(challenge, { ...binding, browserHash: browser() })).toBe(false);
    expect(await consumePasskeyChallenge(challenge, { ...binding, purpose: "sign-in" })).toBe(false);
    expect(await consumePasskeyChallenge(challenge, { ...binding, userId: randomUUID() })).toBe(false);
    expect(await consumePasskeyChallenge(challenge, { ...binding, userId: null })).toBe(false);
    expect(await consumePasskeyChallenge(challenge, binding)).toBe(true);
  });

  it("are read from the client data", () => {
    const data = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: "abc" })).toString("base64url");
    expect(challengeOf(data)).toBe("abc");
    expect(challengeOf("!!")).toBeNull();
    expect(challengeOf(42)).toBeNull();
  });
});
