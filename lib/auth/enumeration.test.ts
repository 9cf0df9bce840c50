import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { enableSeam, roundTripsSoFar } from "@/lib/bench/seam";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { requestSignInCode } from "@/lib/test/auth";

/**
 * S6, structurally (issue 10, item 4): the request for a code waits for its
 * email, so the work it waits for must not depend on whether the address has
 * an account. Timing over HTTP (e2e/abuse.spec.ts) needs a quiet machine to
 * see 1 ms; this counts the work itself — the database round trips and the
 * emails composed — which has no noise: known and unknown addresses must do
 * exactly the same, with sign-up on and off.
 */
const policy = vi.hoisted(() => ({ allowSignUp: true }));
vi.mock("@/lib/auth/policy", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/policy")>()),
  signUpAllowed: () => policy.allowSignUp,
}));

const composed = vi.hoisted(() => ({ kinds: [] as string[] }));
vi.mock("@/lib/email/messages", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/email/messages")>();
  return {
    ...original,
    composeEmail: (content: Parameters<typeof original.composeEmail>[0]) => {
      composed.kinds.push(content.kind);
      return original.composeEmail(content);
    },
  };
});

const request = { ip: null, userAgent: "vitest", origin: "http://localhost:3000" };

// Round trips are counted by the bench instrumentation seam, off unless turned on.
enableSeam();

/** The work one request for a code does: its round trips and the emails it composes (sorted: order is not timing). */
async function workFor(email: string): Promise<{ ok: boolean; trips: number; composed: string[] }> {
  composed.kinds = [];
  const before = roundTripsSoFar();
  const started = await requestSignInCode({ email, browserHash: hashToken(generateToken()), request });
  return { ok: started.ok, trips: roundTripsSoFar() - before, composed: [...composed.kinds].sort() };
}

describe("S6: a known and an unknown address cost the request the same work", () => {
  for (const allowSignUp of [true, false]) {
    it(`sign-up ${allowSignUp ? "on" : "off"}: same round trips, same emails composed`, async () => {
      policy.allowSignUp = allowSignUp;
      const db = await getDb();
      const known = `en${randomUUID().slice(0, 8)}@example.com`;
      await db.user.create({ data: { id: randomUUID(), email: known } });
      const unknown = `en${randomUUID().slice(0, 8)}@example.com`;
      await workFor(`warm${randomUUID().slice(0, 8)}@example.com`); // first-use costs (templates, prepared clients) land on neither

      const k = await workFor(known);
      const u = await workFor(unknown);
      expect(k.ok && u.ok).toBe(true);
      expect(u.trips).toBe(k.trips);
      expect(u.composed).toEqual(k.composed);
      expect(k.composed).toContain("code");
    });
  }
});
