import { describe, expect, it } from "vitest";
import { decode, encode } from "next-auth/jwt";
import { encodeSessionToken } from "@/lib/auth/session-token";

/**
 * Our encoder must mint what Auth.js's own encode mints: its decode (the one
 * every auth() call uses) reads ours, with the same header and claims, and a
 * token under another secret or salt, or tampered with, is refused.
 */
const secret = "a-test-secret-that-is-long-enough-for-hkdf-0123456789";
const salt = "authjs.session-token";
const headerOf = (jwe: string) => JSON.parse(Buffer.from(jwe.split(".")[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
const token = { uid: "user-1", sid: "session-1", email: "a@example.com" };

describe("encodeSessionToken", () => {
  it("is read by Auth.js's decode, claims and all", async () => {
    const minted = await encodeSessionToken({ token, secret, salt, maxAge: 3600 });
    const payload = await decode({ token: minted, secret, salt });
    expect(payload).toMatchObject(token);
    expect(payload!.exp! - payload!.iat!).toBe(3600);
    expect(typeof payload!.jti).toBe("string");
  });

  it("has the header Auth.js's own encode gives (alg, enc, kid)", async () => {
    const ours = headerOf(await encodeSessionToken({ token, secret, salt }));
    const theirs = headerOf(await encode({ token, secret, salt }));
    expect(ours).toEqual(theirs);
  });

  it("uses the first of several secrets, as Auth.js does (rotation)", async () => {
    const minted = await encodeSessionToken({ token, secret: [secret, "an-older-secret-0123456789-0123456789"], salt });
    expect(await decode({ token: minted, secret, salt })).toMatchObject(token);
  });

  it("is refused under another secret or salt", async () => {
    const minted = await encodeSessionToken({ token, secret, salt });
    await expect(decode({ token: minted, secret: `${secret}x`, salt })).rejects.toThrow();
    await expect(decode({ token: minted, secret, salt: "__Secure-authjs.session-token" })).rejects.toThrow();
  });

  it("is refused when any part is changed", async () => {
    const minted = await encodeSessionToken({ token, secret, salt });
    const parts = minted.split(".");
    for (const i of [0, 2, 3, 4]) {
      const changed = [...parts];
      const p = changed[i]!;
      changed[i] = (p[0] === "A" ? "B" : "A") + p.slice(1);
      await expect(decode({ token: changed.join("."), secret, salt })).rejects.toThrow();
    }
  });

  it("gives a fresh IV and jti every time", async () => {
    const a = await encodeSessionToken({ token, secret, salt });
    const b = await encodeSessionToken({ token, secret, salt });
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
    expect((await decode({ token: a, secret, salt }))!.jti).not.toBe((await decode({ token: b, secret, salt }))!.jti);
  });
});
