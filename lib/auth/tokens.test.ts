import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/db";
import { mailboxKey } from "@/lib/auth/mailbox";
import { accessTokenHash, bearerTokenOf, checkAccessToken, generateAccessToken, issueTokenAfter, listAccessTokens, revokeAccessToken } from "@/lib/auth/tokens";

const request = { ip: "192.0.2.9", userAgent: "vitest" };
const address = () => `t-${randomUUID().slice(0, 8)}@example.com`;
const provenAddress = (email: string) => Prisma.sql`proven AS (SELECT ${email}::text AS "email")`;

// The embedded database starts (and migrates) on first use: not part of any test's time.
beforeAll(async () => {
  await getDb();
}, 120_000);

describe("access tokens: generation and hashing", () => {
  it("are mca_ + 256 random bits (43 base64url characters), all different", () => {
    const tokens = new Set(Array.from({ length: 500 }, generateAccessToken));
    expect(tokens.size).toBe(500);
    for (const t of tokens) {
      expect(t).toMatch(/^mca_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t.slice(4), "base64url").length).toBe(32);
    }
  });

  it("are stored as their SHA-256 only: the row never holds the token", async () => {
    const email = address();
    const issued = await issueTokenAfter(provenAddress(email), { clientId: "magic-code-cli", scope: "profile", grant: "device", request, allowSignUp: true });
    if (!issued.ok) throw new Error(issued.reason);
    const token = issued.token.accessToken;
    const db = await getDb();
    const row = await db.accessToken.findUnique({ where: { tokenHash: accessTokenHash(token) } });
    expect(row?.userId).toBe(issued.token.userId);
    expect(accessTokenHash(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(accessTokenHash(token)).not.toBe(accessTokenHash(generateAccessToken()));
  });
});

describe("issueTokenAfter: the token seam", () => {
  it("issues behind the proof, checks on every request, and a revoke works at the next one", async () => {
    const email = address();
    const issued = await issueTokenAfter(provenAddress(email), { clientId: "magic-code-cli", scope: "profile", grant: "device", request, allowSignUp: true });
    if (!issued.ok) throw new Error(issued.reason);
    expect(issued.token).toMatchObject({ tokenType: "Bearer", email, scope: "profile" });
    expect(await checkAccessToken(issued.token.accessToken)).toMatchObject({ userId: issued.token.userId, email });

    const [listed] = await listAccessTokens(issued.token.userId);
    expect(listed).toMatchObject({ clientId: "magic-code-cli", clientName: "Magic Code CLI", grant: "device" });
    expect(await revokeAccessToken(randomUUID(), listed!.id)).toBe(false); // never someone else's
    expect(await revokeAccessToken(issued.token.userId, listed!.id)).toBe(true);
    expect(await checkAccessToken(issued.token.accessToken)).toBeNull();
    expect(await listAccessTokens(issued.token.userId)).toEqual([]);
  });

  it("issues nothing when the proof yields no row, or for an unknown address with sign-up off", async () => {
    const none = Prisma.sql`proven AS (SELECT NULL::text AS "email" WHERE false)`;
    expect(await issueTokenAfter(none, { clientId: "x", scope: "", grant: "code", request, allowSignUp: true })).toEqual({ ok: false, reason: "used" });
    expect(await issueTokenAfter(provenAddress(address()), { clientId: "x", scope: "", grant: "code", request, allowSignUp: false })).toEqual({ ok: false, reason: "no-account" });
  });

  it("refuses malformed and unknown tokens without a match", async () => {
    expect(await checkAccessToken("nope")).toBeNull();
    expect(await checkAccessToken(generateAccessToken())).toBeNull();
    expect(await checkAccessToken(undefined)).toBeNull();
  });

  it("reads Authorization: Bearer", () => {
    expect(bearerTokenOf(new Headers({ authorization: "Bearer mca_abc" }))).toBe("mca_abc");
    expect(bearerTokenOf(new Headers({ authorization: "bearer mca_abc" }))).toBe("mca_abc");
    expect(bearerTokenOf(new Headers({ authorization: "Basic abc" }))).toBeNull();
    expect(bearerTokenOf(new Headers())).toBeNull();
  });
});

describe("issueTokenAfter: the mailbox's limits (S5)", () => {
  it("a code proof ends the streak and gives back the unit its check spent; any other proof leaves them", async () => {
    const db = await getDb();
    for (const byCode of [true, false]) {
      const email = address();
      const key = { mailboxKey: mailboxKey(email), browser: "" };
      await db.emailLimit.create({ data: { ...key, failStreak: 7, failCount: 3 } });
      const issued = await issueTokenAfter(provenAddress(email), {
        clientId: "magic-code-cli", scope: "profile", grant: "code", request, allowSignUp: true,
        provenByCode: byCode, mailboxKey: key.mailboxKey, browserHash: null,
      });
      expect(issued.ok).toBe(true);
      const limits = await db.emailLimit.findUnique({ where: { mailboxKey_browser: key } });
      expect(limits, byCode ? "by code" : "not by code").toMatchObject(byCode ? { failStreak: 0, failCount: 2 } : { failStreak: 7, failCount: 3 });
    }
  });
});
