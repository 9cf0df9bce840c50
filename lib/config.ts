/**
 * Every tunable of Magic Code in one place. Forkers change behaviour here;
 * secrets and endpoints belong in the environment (lib/env.ts), not here.
 */
export const config = {
  appName: "Magic Code",

  code: {
    /** "alphanumeric": look-alike-free letters and digits; "digits": 0-9 only. */
    mode: "alphanumeric" as "alphanumeric" | "digits",
    /** No 0/O, 1/I look-alikes: ~30 bits of entropy for 6 characters. */
    alphabet: "ABCDEFGHJKLMNPQRSTUVWXYZ23456789",
    length: 6,
    /** Shown as ABC-123: groups of this size joined by "-". */
    groupSize: 3,
  },

  challenge: {
    /** Code and link lifetime (NIST 800-63B, OWASP ASVS). */
    ttlSeconds: 10 * 60,
    /** Wrong codes allowed per challenge before it is dead. */
    maxAttempts: 5,
    /** Minimum wait between two codes for the same browser and email. */
    resendCooldownSeconds: 30,
  },

  /** Browser binding cookie: the code only works where it was asked for. */
  browserCookie: {
    name: "mc.browser",
    /** Used instead of `name` under https (forces Secure, Path=/, no Domain). */
    secureName: "__Host-mc.browser",
    maxAgeSeconds: 30 * 24 * 60 * 60,
  },

  session: {
    maxAgeSeconds: 30 * 24 * 60 * 60,
  },

  /** Create an account on first sign-in of an unknown email. */
  allowSignUp: true,

  /** What to do when a flow finishes for B in a browser signed in as A. */
  userSwitch: "confirm" as "confirm" | "switch",

  /** Where to go after sign-in when no (safe) callback URL was given. */
  defaultRedirect: "/account",

  email: {
    from: "Magic Code <sign-in@magic-code.dev>",
    /** Give up on the email API after this long and tell the user. */
    sendTimeoutMs: 10_000,
  },
} as const;

export type Config = typeof config;
