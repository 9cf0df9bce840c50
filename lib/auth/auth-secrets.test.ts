import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { authSecrets } from "@/lib/auth/auth-secrets";

/**
 * Rotating AUTH_SECRET (docs/deploy.md): with AUTH_SECRET_1 set, new session
 * cookies are sealed with it and cookies sealed with either are read. next-auth
 * alone would ignore the numbered secrets (it copies AUTH_SECRET into its
 * config as one string), so this drives the app's own `auth()`.
 */
const NEW_SECRET = "a-newer-secret-for-rotation-0123456789abcdef";
vi.stubEnv("AUTH_SECRET_1", NEW_SECRET);

const incoming = { headers: new Headers() };
vi.mock("next/headers", () => ({
  headers: async () => incoming.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {} }),
}));

describe("authSecrets", () => {
  it("lists the numbered secrets newest first, then AUTH_SECRET", () => {
    expect(authSecrets({ AUTH_SECRET: "s0", AUTH_SECRET_1: "s1", AUTH_SECRET_3: "s3" })).toEqual(["s3", "s1", "s0"]);
    expect(authSecrets({ AUTH_SECRET: "s0" })).toEqual(["s0"]);
    expect(authSecrets({})).toEqual([]);
  });
});

describe("rotating AUTH_SECRET", () => {
  it("auth() reads cookies sealed with the old and the new secret; new ones are sealed with the new", async () => {
    const oldSecret = process.env.AUTH_SECRET!;
    expect(oldSecret).toBeTruthy();
    const { authConfig } = await import("@/auth.config");
    expect(authConfig.secret).toEqual([NEW_SECRET, oldSecret]); // encodeSessionToken seals with the first

    const { openSession } = await import("@/lib/auth/session");
    const { auth } = await import("@/auth");
    const name = "authjs.session-token";
    for (const secret of [oldSecret, NEW_SECRET]) {
      const email = `rot-${randomUUID().slice(0, 8)}@example.com`;
      const opened = await openSession({ identity: { email }, method: "code", request: { ip: null, userAgent: "vitest" }, allowSignUp: true });
      if (!opened.ok) throw new Error(opened.reason);
      const value = await encode({ token: { sub: opened.userId, uid: opened.userId, sid: opened.sessionId, email }, secret, salt: name });
      incoming.headers = new Headers({ host: "localhost:3000", "x-forwarded-proto": "http", cookie: `${name}=${value}` });
      const session = (await auth()) as { user?: { id?: string; email?: string } } | null;
      expect(session?.user, secret === oldSecret ? "sealed with the old secret" : "sealed with the new secret").toMatchObject({ id: opened.userId, email });
    }

    // A secret that is neither: nobody.
    const stranger = await encode({ token: { sub: "x", uid: "x", sid: "x" }, secret: "some-other-secret-0123456789-0123456789", salt: name });
    incoming.headers = new Headers({ host: "localhost:3000", "x-forwarded-proto": "http", cookie: `${name}=${stranger}` });
    expect(((await auth()) as { user?: unknown } | null)?.user ?? null).toBeNull();
  });
});
