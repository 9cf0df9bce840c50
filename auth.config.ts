import type { NextAuthConfig } from "next-auth";
import { config } from "@/lib/config";
import { safeCallbackUrl } from "@/lib/redirect";
import { authLogger } from "@/lib/auth-logger";
import { authSecrets } from "@/lib/auth/auth-secrets";

/**
 * The part of the Auth.js configuration that needs no database, shared by
 * `auth.ts` and `proxy.ts`. Route protection lives in `authorized`.
 */
export const protectedPrefixes = ["/account"];

export const authConfig = {
  // Auth.js's own error page answers some errors with a 500; ours says what to do (S10, S11).
  pages: { signIn: "/sign-in", error: "/sign-in/error" },
  session: { strategy: "jwt", maxAge: config.session.maxAgeSeconds },
  // Newest first, so AUTH_SECRET_1…3 rotate as docs/deploy.md says (lib/auth/auth-secrets.ts).
  // Empty at build time: Auth.js then reads the environment itself.
  secret: authSecrets(),
  providers: [],
  // Both Auth.js instances (auth.ts, proxy.ts) log through ours: one line, no stack.
  logger: authLogger,
  callbacks: {
    // S9: every redirect Auth.js makes (callbackUrl, redirectTo, sign-out)
    // stays on this origin, by the same rule as our own pages.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackUrl(url, baseUrl)}`;
    },
    authorized({ auth, request }) {
      const path = request.nextUrl.pathname;
      const isProtected = protectedPrefixes.some((p) => path === p || path.startsWith(`${p}/`));
      return isProtected ? Boolean(auth?.user) : true;
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
} satisfies NextAuthConfig;
