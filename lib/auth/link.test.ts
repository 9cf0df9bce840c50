import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import {
  createChallenge,
  findPendingChallenge,
  readChallengeState,
} from "@/lib/auth/challenge";
import { approveLink, approveLinkChallenge, denyLinkChallenge, findLinkChallenge, isLinkToken, requestLinkApproval, requestLinkApprovalChallenge } from "@/lib/auth/link";
import { matchingNumber } from "@/lib/auth/approval";
import { holdProofForConfirmation, readApprovalStatus } from "@/lib/auth/proof";
import { proveCode, signInApprovedForTest, signInByCode, signInByLink } from "@/lib/test/auth";
import { generateToken, hashToken } from "@/lib/auth/secrets";
import { config } from "@/lib/config";

function newBrowser() {
  const secret = generateToken();
  return { secret, hash: hashToken(secret) };
}
const email = () => `l-${randomUUID().slice(0, 8)}@example.com`;

async function start(address = email(), browser = newBrowser()) {
  const created = await createChallenge({
    email: address,
    purpose: "sign-in",
    browserHash: browser.hash,
    ip: null,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
  });
  if (!created.ok) throw new Error("expected a challenge");
  return { ...created, email: address, browser };
}

const withCode = (challengeId: string, browserHash: string, code: string) => signInByCode(challengeId, browserHash, code);

const viaLink = (c: Awaited<ReturnType<typeof start>>, browserHash = c.browser.hash, linkToken = c.linkToken) =>
  signInByLink(c.challengeId, browserHash, linkToken);

const viaApproval = (c: Awaited<ReturnType<typeof start>>, browserHash = c.browser.hash) => signInApprovedForTest(c.challengeId, browserHash);

/** This browser's right code, held for a switch confirmation. */
async function holdWithCode(c: Awaited<ReturnType<typeof start>>): Promise<boolean> {
  const proved = await proveCode(c.challengeId, c.browser.hash, c.code);
  return proved.ok && (await holdProofForConfirmation(proved.proof));
}

describe("magic link (F2, real database)", () => {
  describe("S8: reading a link changes nothing", () => {
    it("any number of reads, from any browser, leave the challenge as it was", async () => {
      const c = await start();
      const db = await getDb();
      const before = await db.challenge.findUniqueOrThrow({ where: { id: c.challengeId } });
      for (const browser of [null, newBrowser().hash, c.browser.hash, null, null]) {
        const found = await findLinkChallenge(c.linkToken, browser);
        expect(found).toMatchObject({ ok: true, link: { id: c.challengeId, email: c.email, state: "live" } });
      }
      expect(await db.challenge.findUniqueOrThrow({ where: { id: c.challengeId } })).toEqual(before);
      expect((await viaLink(c)).ok).toBe(true);
    });

    it("tells the asking browser from any other, and keeps the asking device's user agent", async () => {
      const c = await start();
      expect(await findLinkChallenge(c.linkToken, c.browser.hash)).toMatchObject({ ok: true, link: { sameBrowser: true } });
      const elsewhere = await findLinkChallenge(c.linkToken, newBrowser().hash);
      expect(elsewhere).toMatchObject({ ok: true, link: { sameBrowser: false } });
      expect(await findLinkChallenge(c.linkToken, null)).toMatchObject({ ok: true, link: { sameBrowser: false } });
      if (elsewhere.ok) expect(elsewhere.link.requestedBy).toContain("Chrome");
    });

    it("malformed and unknown tokens are just invalid", async () => {
      for (const token of [undefined, "", "x", generateToken(), `${generateToken()}x`, "../../etc", 42]) {
        expect(await findLinkChallenge(token, null)).toEqual({ ok: false, reason: "invalid" });
        expect(await approveLinkChallenge(token)).toEqual({ ok: false, reason: "invalid" });
        expect(await denyLinkChallenge(token)).toEqual({ ok: false, reason: "invalid" });
      }
      expect(isLinkToken(generateToken())).toBe(true);
    });
  });

  describe("same browser: the link signs in", () => {
    it("consumes once; a second use fails", async () => {
      const c = await start();
      expect(await viaLink(c)).toMatchObject({ ok: true, email: c.email });
      expect(await viaLink(c)).toEqual({ ok: false, reason: "used" });
    });

    it("only with the asking browser's cookie (S2)", async () => {
      const c = await start();
      expect(await viaLink(c, newBrowser().hash)).toEqual({ ok: false, reason: "missing" });
      expect((await viaLink(c)).ok).toBe(true);
    });

    it("only with this challenge's own token", async () => {
      const c = await start();
      const other = await start();
      expect(await viaLink(c, c.browser.hash, other.linkToken)).toEqual({ ok: false, reason: "missing" });
      expect(await readChallengeState(c.challengeId, c.browser.hash)).toBe("live");
    });

    it("10 concurrent uses: exactly one session", async () => {
      const c = await start();
      const results = await Promise.all(Array.from({ length: 10 }, () => viaLink(c)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });
  });

  describe("S1: code and link share one use", () => {
    it("the code after the link fails", async () => {
      const c = await start();
      expect((await viaLink(c)).ok).toBe(true);
      expect(await withCode(c.challengeId, c.browser.hash, c.code)).toEqual({ ok: false, reason: "used" });
    });

    it("the link after the code fails, and so does its approval", async () => {
      const c = await start();
      expect((await withCode(c.challengeId, c.browser.hash, c.code)).ok).toBe(true);
      expect(await viaLink(c)).toEqual({ ok: false, reason: "used" });
      expect(await approveLinkChallenge(c.linkToken)).toEqual({ ok: false, reason: "used" });
      expect(await findLinkChallenge(c.linkToken, null)).toMatchObject({ ok: true, link: { state: "used" } });
    });

    it("code and link racing: one winner", async () => {
      const c = await start();
      const results = await Promise.all([
        viaLink(c),
        withCode(c.challengeId, c.browser.hash, c.code),
        viaLink(c),
        withCode(c.challengeId, c.browser.hash, c.code),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });
  });

  describe("shared guards", () => {
    it("an expired link is dead", async () => {
      const c = await start();
      const db = await getDb();
      await db.challenge.update({ where: { id: c.challengeId }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect(await findLinkChallenge(c.linkToken, c.browser.hash)).toMatchObject({ ok: true, link: { state: "expired" } });
      expect(await viaLink(c)).toEqual({ ok: false, reason: "expired" });
      expect(await approveLinkChallenge(c.linkToken)).toEqual({ ok: false, reason: "expired" });
    });

    it("a superseded link is dead (S4)", async () => {
      const c = await start();
      const db = await getDb();
      await db.challenge.update({ where: { id: c.challengeId }, data: { createdAt: new Date(Date.now() - 60_000) } });
      const next = await start(c.email, c.browser);
      expect(await findLinkChallenge(c.linkToken, null)).toMatchObject({ ok: true, link: { state: "superseded" } });
      expect(await viaLink(c)).toEqual({ ok: false, reason: "superseded" });
      expect(await approveLinkChallenge(c.linkToken)).toEqual({ ok: false, reason: "superseded" });
      expect((await viaLink(next)).ok).toBe(true);
    });

    it("a challenge locked by wrong codes kills its link too (S3)", async () => {
      const c = await start();
      const wrong = c.code === "AAAAAA" ? "BBBBBB" : "AAAAAA";
      for (let i = 0; i < config.challenge.maxAttempts; i++) await withCode(c.challengeId, c.browser.hash, wrong);
      expect(await findLinkChallenge(c.linkToken, null)).toMatchObject({ ok: true, link: { state: "locked" } });
      expect(await viaLink(c)).toEqual({ ok: false, reason: "locked" });
      expect(await approveLinkChallenge(c.linkToken)).toEqual({ ok: false, reason: "locked" });
    });
  });

  describe("another device: approve or deny", () => {
    it("approval lets only the asking browser finish, once, without the code", async () => {
      const c = await start();
      expect(await readApprovalStatus(c.challengeId, c.browser.hash)).toEqual({ status: "waiting", email: c.email, requested: false });
      expect(await viaApproval(c)).toEqual({ ok: false, reason: "not-approved" });
      expect(await approveLinkChallenge(c.linkToken)).toEqual({ ok: true, challengeId: c.challengeId });
      expect(await approveLinkChallenge(c.linkToken)).toEqual({ ok: true, challengeId: c.challengeId }); // idempotent
      expect(await readApprovalStatus(c.challengeId, c.browser.hash)).toMatchObject({ status: "approved", requested: true });
      // Another browser learns nothing and gets nothing.
      expect(await readApprovalStatus(c.challengeId, newBrowser().hash)).toEqual({ status: "missing", email: null, requested: false });
      expect(await viaApproval(c, newBrowser().hash)).toEqual({ ok: false, reason: "missing" });
      const results = await Promise.all(Array.from({ length: 8 }, () => viaApproval(c)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await readApprovalStatus(c.challengeId, c.browser.hash)).toMatchObject({ status: "used" });
    });

    it("asking to approve (Continue) only reveals the number to the asking page: idempotent, grants nothing, refused once dead", async () => {
      const c = await start();
      expect(await findLinkChallenge(c.linkToken, null)).toMatchObject({ ok: true, link: { approvalRequested: false } });
      expect(await requestLinkApproval(c.linkToken, { ip: null })).toEqual({ ok: true });
      expect(await requestLinkApproval(c.linkToken, { ip: null })).toEqual({ ok: true });
      expect(await readApprovalStatus(c.challengeId, c.browser.hash)).toEqual({ status: "waiting", email: c.email, requested: true });
      expect(await findLinkChallenge(c.linkToken, null)).toMatchObject({ ok: true, link: { state: "live", approvalRequested: true } });
      expect(await viaApproval(c)).toEqual({ ok: false, reason: "not-approved" });
      // Another browser's poll learns nothing.
      expect(await readApprovalStatus(c.challengeId, newBrowser().hash)).toEqual({ status: "missing", email: null, requested: false });
      expect(await requestLinkApprovalChallenge("not-a-token")).toEqual({ ok: false, reason: "invalid" });
      await denyLinkChallenge(c.linkToken);
      expect(await requestLinkApproval(c.linkToken, { ip: null })).toEqual({ ok: false, failure: { reason: "denied" } });
    });

    it("the code still works after an approval (one use between them)", async () => {
      const c = await start();
      await approveLinkChallenge(c.linkToken);
      expect((await withCode(c.challengeId, c.browser.hash, c.code)).ok).toBe(true);
      expect(await viaApproval(c)).toEqual({ ok: false, reason: "used" });
    });

    it("deny kills the challenge for code, link and approval, and the asking page can tell", async () => {
      const c = await start();
      expect(await denyLinkChallenge(c.linkToken)).toEqual({ ok: true, challengeId: c.challengeId });
      expect(await readApprovalStatus(c.challengeId, c.browser.hash)).toMatchObject({ status: "denied" });
      expect(await findPendingChallenge(c.browser.hash, "sign-in")).toMatchObject({ state: "denied" });
      expect(await withCode(c.challengeId, c.browser.hash, c.code)).toEqual({ ok: false, reason: "denied" });
      expect(await viaLink(c)).toEqual({ ok: false, reason: "denied" });
      expect(await approveLinkChallenge(c.linkToken)).toEqual({ ok: false, reason: "denied" });
      expect(await denyLinkChallenge(c.linkToken)).toEqual({ ok: false, reason: "denied" });
      // A denied challenge never holds up a new code (no cooldown).
      expect((await createChallenge({ email: c.email, purpose: "sign-in", browserHash: c.browser.hash })).ok).toBe(true);
    });

    it("deny after approval, before use, still stops it", async () => {
      const c = await start();
      await approveLinkChallenge(c.linkToken);
      expect((await denyLinkChallenge(c.linkToken)).ok).toBe(true);
      expect(await viaApproval(c)).toEqual({ ok: false, reason: "denied" });
    });

    it("cannot deny a used challenge", async () => {
      const c = await start();
      expect((await viaLink(c)).ok).toBe(true);
      expect(await denyLinkChallenge(c.linkToken)).toEqual({ ok: false, reason: "used" });
    });
  });

  describe("user switch: approved for this browser, consumed only on confirmation (F3)", () => {
    it("after the right code the challenge waits, unconsumed, for this browser only", async () => {
      const c = await start();
      // Another browser cannot even prove it, so it has nothing to hold.
      expect(await proveCode(c.challengeId, newBrowser().hash, c.code)).toEqual({ ok: false, failure: { reason: "missing" } });
      expect(await holdWithCode(c)).toBe(true);
      expect(await readChallengeState(c.challengeId, c.browser.hash)).toBe("live");
      expect(await viaApproval(c, newBrowser().hash)).toEqual({ ok: false, reason: "missing" });
      expect((await viaApproval(c)).ok).toBe(true);
    });

    it("a right code on the last attempt can still be confirmed", async () => {
      const c = await start();
      const db = await getDb();
      await db.challenge.update({ where: { id: c.challengeId }, data: { attempts: config.challenge.maxAttempts - 1 } });
      expect(await holdWithCode(c)).toBe(true);
      expect((await viaApproval(c)).ok).toBe(true);
    });

    it("an approval held past expiry is worthless", async () => {
      const c = await start();
      expect(await holdWithCode(c)).toBe(true);
      const db = await getDb();
      await db.challenge.update({ where: { id: c.challengeId }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect(await viaApproval(c)).toEqual({ ok: false, reason: "expired" });
    });
  });

  it("the matching number is three digits (000–999), stable per challenge, and varies between challenges", () => {
    const id = randomUUID();
    expect(matchingNumber(id)).toMatch(/^\d{3}$/);
    expect(matchingNumber(id)).toBe(matchingNumber(id));
    const seen = new Set(Array.from({ length: 400 }, () => matchingNumber(randomUUID())));
    expect(seen.size).toBeGreaterThan(250);
  });

  it("approval is by the typed number: a typo cancels nothing, a wrong number cancels, the right one approves", async () => {
    const request = { ip: null, userAgent: "vitest" };
    const email = `typed-${randomUUID().slice(0, 8)}@example.com`;
    const wrong = await createChallenge({ email, purpose: "sign-in", browserHash: hashToken(generateToken()) });
    if (!wrong.ok) throw new Error("no challenge");
    const right = matchingNumber(wrong.challengeId);
    const other = String((Number(right) + 1) % 1000).padStart(3, "0");
    expect(await approveLink(wrong.linkToken, "", request)).toEqual({ ok: false, failure: { reason: "malformed-number" } });
    expect(await approveLink(wrong.linkToken, right.slice(0, 2), request)).toEqual({ ok: false, failure: { reason: "malformed-number" } });
    expect(await approveLink(wrong.linkToken, other, request)).toEqual({ ok: false, failure: { reason: "wrong-number" } });
    // Cancelled for good: even the right number now finds a denied challenge.
    expect(await approveLink(wrong.linkToken, right, request)).toEqual({ ok: false, failure: { reason: "denied" } });

    const good = await createChallenge({ email: `typed-${randomUUID().slice(0, 8)}@example.com`, purpose: "sign-in", browserHash: hashToken(generateToken()) });
    if (!good.ok) throw new Error("no challenge");
    const typed = matchingNumber(good.challengeId).split("").join(" ");
    expect(await approveLink(good.linkToken, typed, request)).toEqual({ ok: true });
  });
});
