import type { NextAuthConfig } from "next-auth";
import { config } from "@/lib/config";

/**
 * The part of the Auth.js configuration that needs no database, shared by
 * `auth.ts` and `proxy.ts`. Route protection lives in `authorized`.
 */
export const protectedPrefixes = ["/account"];

export const authConfig = {
  pages: { signIn: "/sign-in" },
  session: { strategy: "jwt", maxAge: config.session.maxAgeSeconds },
  providers: [],
  callbacks: {
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
