import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { browserHashFromRequest, readBrowserHash } from "@/lib/auth/browser";
import { proveAndFinish } from "@/lib/auth/pipeline";
import type { Evidence } from "@/lib/auth/proof";
import { RefusedSignIn } from "@/lib/auth/authjs-failure";
import { checkSession, endSession, sessionHashOf } from "@/lib/auth/session";
import { maybeSweep, recordEvent } from "@/lib/activity";
import { appOrigin, readRequestInfo, requestInfoFrom } from "@/lib/request-info";
import { headers } from "next/headers";
import { getToken } from "next-auth/jwt";
import { getProviderEnv } from "@/lib/env";
import { authSecrets } from "@/lib/auth/auth-secrets";
import { configuredProviders } from "@/lib/auth/providers";
import { oauthProfileFrom, signInWithOAuth } from "@/lib/auth/oauth";
import { signUpAllowed } from "@/lib/auth/policy";
import { logError } from "@/lib/log";
import { authorizePasskey } from "@/lib/auth/passkey-authorize";
import { traced } from "@/lib/bench/seam";
import { encodeSessionToken } from "@/lib/auth/session-token";

/**
 * Auth.js adapts the pipeline (lib/auth/pipeline.ts) and nothing more: the
 * magic-code provider turns its credentials into evidence, and authorize()
 * proves and finishes the challenge for the browser whose cookie came with
 * the request. A refusal is a RefusedSignIn carrying the failure value
 * (lib/auth/authjs-failure.ts).
 */

/** The credentials lib/auth/sign-in.ts sends, as evidence; anything else is refused. */
function evidenceOf(credentials: Partial<Record<string, unknown>> | undefined): Evidence | null {
  const challengeId = credentials?.challengeId;
  switch (credentials?.proof) {
    case "code":
      return typeof credentials.code === "string" ? { kind: "code", challengeId, code: credentials.code } : null;
    case "link":
      return { kind: "link", challengeId, linkToken: credentials.linkToken };
    case "approval":
      return { kind: "approval", challengeId };
    default:
      return null;
  }
}

/**
 * The session this browser held before a provider sign-in, read from its
 * cookie alone (not `auth()`, which would write that old cookie back over the
 * new one). Its row goes, so no session is left behind unseen.
 */
async function endPreviousSession(): Promise<void> {
  const h = await headers();
  const cookie = h.get("cookie");
  if (!cookie) return;
  const token = await getToken({
    req: { headers: new Headers({ cookie }) },
    secret: authSecrets(),
    secureCookie: appOrigin(h).startsWith("https:"),
  });
  if (typeof token?.sid === "string") await endSession(token.sid);
}

const nextAuth = NextAuth({
  ...authConfig,
  // Auth.js's token format, minted without re-deriving the key per sign-in
  // (lib/auth/session-token.ts); decoding stays Auth.js's own.
  jwt: { encode: encodeSessionToken },
  providers: [
    Credentials({
      id: "magic-code",
      name: "Email code",
      credentials: { challengeId: {}, proof: {}, code: {}, linkToken: {} },
      async authorize(credentials, request) {
        const evidence = evidenceOf(credentials);
        if (!evidence) throw new RefusedSignIn({ reason: "invalid-input" });
        const info = requestInfoFrom(request.headers);
        let finished;
        try {
          finished = await proveAndFinish(evidence, {
            browserHash: browserHashFromRequest(request),
            purpose: "sign-in",
            user: null,
            request: { ip: info.ip, userAgent: info.userAgent },
          });
        } catch (error) {
          // S11: a fault is a refusal the form can explain, not an Auth.js configuration error (a 500).
          logError("sign-in check failed: a dependency is unavailable", error);
          throw new RefusedSignIn({ reason: "unavailable" });
        }
        if (!finished.ok) throw new RefusedSignIn(finished.failure);
        if (!finished.session) throw new RefusedSignIn({ reason: "unavailable" });
        return { id: finished.session.userId, email: finished.session.email, sessionId: finished.session.sessionId };
      },
    }),
    // A passkey assertion (lib/auth/passkey-sign-in.ts sends it as JSON).
    Credentials({
      id: "passkey",
      name: "Passkey",
      credentials: { response: {} },
      authorize: (credentials, request) => authorizePasskey(credentials?.response, request),
    }),
    // GitHub, OIDC, …: each only when configured (lib/auth/providers.ts).
    ...configuredProviders(getProviderEnv()).map((p) => p.authjs()),
  ],
  callbacks: {
    ...authConfig.callbacks,
    // Another provider vouched for someone: find or link our user and open a
    // session row through the same seam as the code (lib/auth/oauth.ts). The
    // `user` object is the one Auth.js hands `jwt` next, so the session id
    // rides to the token like the Credentials provider's. A refusal is a
    // redirect to a page that explains it, never an error.
    async signIn({ user, account, profile }) {
      if (account?.type !== "oauth" && account?.type !== "oidc") return true;
      try {
        const request = await readRequestInfo();
        const opened = await signInWithOAuth({
          profile: oauthProfileFrom(account, profile as Record<string, unknown> | undefined),
          request: { ip: request.ip, userAgent: request.userAgent },
          allowSignUp: signUpAllowed(),
          // The provider's callback is a top-level GET to our origin, so the
          // SameSite=Lax browser cookie comes with it (S12: a known browser).
          browserHash: await readBrowserHash(),
        });
        if (!opened.ok) return `/sign-in/error?error=${opened.reason}`;
        // This browser's previous session (someone else's, or this user's own)
        // ends here, server-side too, as on the code path (lib/auth/sign-in.ts).
        await endPreviousSession();
        user.id = opened.userId;
        user.email = opened.email;
        user.sessionId = opened.sessionId;
        return true;
      } catch (error) {
        logError("provider sign-in failed: a dependency is unavailable", error);
        return "/sign-in/error?error=unavailable";
      }
    },
    // Runs on every auth() call: the JWT is only as good as its session row
    // (revocation, sign-out everywhere, email change). See lib/auth/session.ts
    // for the cache and its staleness bound.
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sid = user.sessionId;
        token.email = user.email;
        return token;
      }
      if (typeof token.sid !== "string") return null;
      let active;
      try {
        active = await checkSession(token.sid);
      } catch (error) {
        // Database unreachable: keep the (still valid, unexpired) JWT rather
        // than clearing the cookie and signing everyone out over an outage.
        // Nothing behind it works until the database is back anyway.
        logError("session check skipped: database unavailable", error);
        return token;
      }
      if (!active) return null;
      token.uid = active.userId;
      token.email = active.email;
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      if (typeof token.email === "string") session.user.email = token.email;
      // The hash names "this device" in the sessions list; it is not a credential.
      if (typeof token.sid === "string") session.sessionHash = sessionHashOf(token.sid);
      return session;
    },
  },
  events: {
    async signIn() {
      // The "Signed in" event is written by the consume statement itself.
      void maybeSweep();
    },
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(sid);
      const uid = "token" in message ? message.token?.uid : undefined;
      if (typeof uid === "string") await recordEvent({ type: "signed-out", userId: uid });
    },
  },
  // logger: from authConfig (lib/auth-logger.ts), shared with proxy.ts.
});


export const { handlers, auth, signOut } = nextAuth;
// Traced: `npm run bench` reports the time spent in Auth.js sign-in (nothing is added otherwise).
export const signIn = traced("Auth.js", nextAuth.signIn);

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    user: { id: string; email: string; name?: string | null; image?: string | null };
    sessionHash?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
  }
}
