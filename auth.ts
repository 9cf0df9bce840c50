import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { config } from "@/lib/config";
import { browserHashFromRequest } from "@/lib/auth/browser";
import { consumeSignInChallenge } from "@/lib/auth/challenge";
import { checkCodeWithLimits } from "@/lib/auth/limits";
import { consumeWithoutCode } from "@/lib/auth/approval";
import { normalizeCode } from "@/lib/auth/code";
import { checkSession, endSession, sessionHashOf } from "@/lib/auth/session";
import { maybeSweep, recordEvent } from "@/lib/activity";
import { requestInfoFrom } from "@/lib/request-info";
import { logError } from "@/lib/log";
import { traced } from "@/lib/bench/seam";

/**
 * Why a code was refused, carried to the form in `error.code`. Never says
 * more than the person in that browser may know.
 */
export type SignInFailure =
  | "missing-browser"
  | "invalid-input"
  | "wrong-code"
  | "locked"
  | "expired"
  | "used"
  | "superseded"
  | "denied"
  | "not-approved"
  | "missing"
  | "no-account"
  // S5 limits (the number carried is the seconds to wait) and S11 faults.
  | "email-limited"
  | "email-locked"
  | "ip-limited"
  | "unavailable";

export class MagicCodeError extends CredentialsSignin {
  constructor(
    readonly reason: SignInFailure,
    /** Attempts left ("wrong-code"), or seconds to wait ("email-limited", "ip-limited"). */
    readonly attemptsLeft?: number,
  ) {
    super();
    this.code = attemptsLeft === undefined ? reason : `${reason}:${attemptsLeft}`;
  }
}

const CHALLENGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * S11: a fault inside authorize() (database down) is a refusal the form can
 * explain ("unavailable"), not an Auth.js configuration error (a 500 page).
 */
function refuseOnFault<A extends unknown[], R>(authorize: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await authorize(...args);
    } catch (error) {
      if (error instanceof MagicCodeError) throw error;
      logError("sign-in check failed: a dependency is unavailable", error);
      throw new MagicCodeError("unavailable");
    }
  };
}

const nextAuth = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      id: "magic-code",
      name: "Email code",
      // { challengeId, code }, or without a code: { challengeId, approved: "1" }
      // (approved from the link elsewhere, or a confirmed user switch) or
      // { challengeId, linkToken } (the link opened in this same browser).
      credentials: { challengeId: {}, code: {}, approved: {}, linkToken: {} },
      // The exchange of a valid code for a session: the browser cookie comes
      // from the request, the challenge is checked and consumed atomically.
      authorize: refuseOnFault(async (credentials, request) => {
        const browserHash = browserHashFromRequest(request);
        if (!browserHash) throw new MagicCodeError("missing-browser");
        if (credentials?.approved === "1" || credentials?.linkToken !== undefined) {
          const challengeId = credentials.challengeId;
          const linkToken = credentials.linkToken;
          if (typeof challengeId !== "string" || !CHALLENGE_ID.test(challengeId)) throw new MagicCodeError("invalid-input");
          if (linkToken !== undefined && (typeof linkToken !== "string" || !linkToken)) throw new MagicCodeError("invalid-input");
          const info = requestInfoFrom(request.headers);
          const finished = await consumeWithoutCode({
            challengeId,
            browserHash,
            linkToken: linkToken as string | undefined,
            allowSignUp: config.allowSignUp,
            ip: info.ip,
            userAgent: info.userAgent,
          });
          if (!finished.ok) throw new MagicCodeError(finished.reason);
          return { id: finished.userId, email: finished.email, sessionId: finished.sessionId };
        }
        const code = normalizeCode(credentials?.code);
        const challengeId = credentials?.challengeId;
        if (!code || typeof challengeId !== "string" || !CHALLENGE_ID.test(challengeId)) {
          throw new MagicCodeError("invalid-input");
        }
        const info = requestInfoFrom(request.headers);
        const checked = await checkCodeWithLimits({ challengeId, browserHash, purpose: "sign-in", code, ip: info.ip });
        if (!checked.ok) {
          throw new MagicCodeError(
            checked.reason,
            checked.reason === "wrong-code" ? checked.attemptsLeft : "retryAfterSeconds" in checked ? checked.retryAfterSeconds : undefined,
          );
        }
        const signedIn = await consumeSignInChallenge({
          challengeId,
          allowSignUp: config.allowSignUp,
          ip: info.ip,
          userAgent: info.userAgent,
        });
        if (!signedIn.ok) throw new MagicCodeError(signedIn.reason);
        return { id: signedIn.userId, email: signedIn.email, sessionId: signedIn.sessionId };
      }),
    }),
  ],
  callbacks: {
    ...authConfig.callbacks,
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
  logger: {
    // A refused code is an expected outcome, not a server error; everything
    // else is logged by name and message only (never tokens or cookies).
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      logError("auth error", error);
    },
    warn(code) {
      if (code !== "debug-enabled") logError(`auth warning: ${code}`);
    },
  },
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
