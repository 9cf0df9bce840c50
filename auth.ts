import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { config } from "@/lib/config";
import { browserHashFromRequest } from "@/lib/auth/browser";
import { checkChallengeCode, consumeSignInChallenge } from "@/lib/auth/challenge";
import { normalizeCode } from "@/lib/auth/code";
import { endSession } from "@/lib/auth/session";
import { requestInfoFrom } from "@/lib/request-info";
import { logError } from "@/lib/log";

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
  | "missing"
  | "no-account";

export class MagicCodeError extends CredentialsSignin {
  constructor(
    readonly reason: SignInFailure,
    readonly attemptsLeft?: number,
  ) {
    super();
    this.code = attemptsLeft === undefined ? reason : `${reason}:${attemptsLeft}`;
  }
}

const CHALLENGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      id: "magic-code",
      name: "Email code",
      credentials: { challengeId: {}, code: {} },
      // The exchange of a valid code for a session: the browser cookie comes
      // from the request, the challenge is checked and consumed atomically.
      async authorize(credentials, request) {
        const browserHash = browserHashFromRequest(request);
        if (!browserHash) throw new MagicCodeError("missing-browser");
        const code = normalizeCode(credentials?.code);
        const challengeId = credentials?.challengeId;
        if (!code || typeof challengeId !== "string" || !CHALLENGE_ID.test(challengeId)) {
          throw new MagicCodeError("invalid-input");
        }
        const checked = await checkChallengeCode({ challengeId, browserHash, purpose: "sign-in", code });
        if (!checked.ok) {
          throw new MagicCodeError(checked.reason, checked.reason === "wrong-code" ? checked.attemptsLeft : undefined);
        }
        const info = requestInfoFrom(request.headers);
        const signedIn = await consumeSignInChallenge({
          challengeId,
          allowSignUp: config.allowSignUp,
          ip: info.ip,
          userAgent: info.userAgent,
        });
        if (!signedIn.ok) throw new MagicCodeError(signedIn.reason);
        return { id: signedIn.userId, email: signedIn.email, sessionId: signedIn.sessionId };
      },
    }),
  ],
  events: {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await endSession(sid);
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

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    user: { id: string; email: string; name?: string | null; image?: string | null };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
  }
}
