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

  /**
   * Abuse limits (S5). Per email: counted in the database, always on, exact
   * under concurrency. Per IP: @upstash/ratelimit on Redis, only when Redis is
   * configured and TRUSTED_IP_HEADER names the client IP. See
   * docs/decisions/0020-two-layers-of-abuse-limits.md.
   */
  limits: {
    /** Length of every limit window below. */
    windowSeconds: 60 * 60,
    /**
     * Per mailbox (the canonical inbox: "+tags" and, at gmail.com, dots do
     * not make new ones). Browsers that have signed in to the account before
     * each get their own budget (`knownBrowser`); every other browser shares
     * the rest, so a stranger can spend only that (decision 0035).
     */
    email: {
      /** Unknown browsers: codes sent without waiting, per window. */
      freeSends: 3,
      /**
       * Unknown browsers: then a growing wait after the last send (the last
       * one repeats). With these, at most 8 sends per window, and nobody
       * ever waits more than 15 minutes for the next.
       */
      sendDelaysSeconds: [60, 5 * 60, 15 * 60],
      /** Unknown browsers: wrong codes per window, over all their challenges; then a cooldown. */
      failedVerifies: 10,
      /**
       * Unknown browsers: wrong codes since the account last signed in; then
       * codes stop working for them (the emailed link still does). Below NIST
       * 800-63B's ceiling of 100.
       */
      maxFailureStreak: 50,
      /** Each browser that signed in to the account before: its own budget, the same streak bound. */
      knownBrowser: { sends: 5, failedVerifies: 10 },
    },
    ip: {
      /** Sign-in emails requested from one IP (IPv6: one /64) per window. */
      sends: 20,
      /** Wrong codes from one IP per window. */
      failedVerifies: 50,
      /**
       * Give up on Redis after this long and apply `whenRedisDown`.
       * MAGIC_CODE_IP_LIMIT_TIMEOUT_MS overrides it (a far-away Upstash; the
       * scale test, whose load generator shares two cores with the app):
       * read through ipLimitTimeoutMs() in lib/rate-limit.ts.
       */
      timeoutMs: 1000,
      /**
       * Redis unreachable: "open" lets the request through, "closed" refuses it
       * with a clear message. Guessing stays bounded by the database limits
       * either way; sending has no other global bound, so it fails closed.
       */
      whenRedisDown: { send: "closed", verify: "open" } as { send: "open" | "closed"; verify: "open" | "closed" },
    },
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
    /**
     * How recent a session's last proof of the account (sign-in, or a step-up
     * code or passkey) must be for a sensitive change (email, deletion) (S13).
     */
    freshProofSeconds: 5 * 60,
  },

  /**
   * Create an account on first sign-in of an unknown email. Off: unknown
   * addresses see the same pages, and get an email saying no account exists
   * instead of a code (docs/decisions/0010-sign-up-off.md).
   * MAGIC_CODE_ALLOW_SIGN_UP overrides it (lib/auth/policy.ts; the e2e tests run both).
   */
  allowSignUp: true as boolean,

  /**
   * What to do when a flow finishes for B in a browser signed in as A:
   * "confirm" asks first (naming both accounts), "switch" signs A out silently.
   * MAGIC_CODE_USER_SWITCH=switch|confirm overrides it (lib/auth/policy.ts; the e2e tests run both).
   */
  userSwitch: "confirm" as "confirm" | "switch",

  account: {
    /**
     * How long the "this wasn't me" link in the notice to the old address
     * after an email change works (ASVS 5.0 §7.5.1). Long enough for someone
     * who reads email once a few days; single use either way.
     */
    undoEmailChangeSeconds: 7 * 24 * 60 * 60,
  },

  /** Where to go after sign-in when no (safe) callback URL was given. */
  defaultRedirect: "/account",

  activity: {
    /** Auth events ("Recent activity") are deleted after this many days. */
    retentionDays: 90,
    /** How many events the account page shows. */
    shown: 20,
  },

  /**
   * Sign-in for things that are not a browser (RFC 8628 device flow, the JSON
   * code flow): docs/decisions/0037-device-flow-and-bearer-tokens.md.
   */
  device: {
    /**
     * The code typed on /activate: 8 characters from the look-alike-free
     * alphabet (32^8 = 2^40), shown XXXX-XXXX.
     */
    userCode: {
      mode: "alphanumeric" as "alphanumeric" | "digits",
      alphabet: "ABCDEFGHJKLMNPQRSTUVWXYZ23456789",
      length: 8,
      groupSize: 4,
    },
    /** Lifetime of a device code and its user code (RFC 8628 expires_in). */
    ttlSeconds: 10 * 60,
    /** Minimum seconds between polls (RFC 8628 interval); a poll sooner gets slow_down. */
    intervalSeconds: 5,
    /** Added to the interval on each slow_down (RFC 8628 §3.5: 5 seconds). */
    slowDownSeconds: 5,
    /** Timer jitter forgiven when judging "too fast" (a client sleeping exactly `interval` is never punished). */
    pollGraceSeconds: 1,
    /**
     * Wrong user codes typed on /activate per window (config.limits.windowSeconds),
     * per signed-in account and per browser; per IP the wrong-code limit of
     * config.limits.ip.failedVerifies applies as well.
     */
    wrongUserCodes: 10,
  },

  /** Bearer tokens (device flow, JSON code flow): opaque, 256-bit, stored as SHA-256. */
  tokens: {
    accessTtlSeconds: 30 * 24 * 60 * 60,
  },

  /**
   * Registered OAuth clients (RFC 8628 client_id). Public clients: no secret,
   * they are told apart only for the person approving and the account page.
   */
  clients: [{ id: "magic-code-cli", name: "Magic Code CLI", scopes: ["profile"] }] as readonly { id: string; name: string; scopes: readonly string[] }[],

  passkey: {
    /** A WebAuthn challenge lives this long (the prompt's own timeout is shorter). */
    challengeTtlSeconds: 5 * 60,
    promptTimeoutMs: 2 * 60 * 1000,
    /** "Not now" on the offer holds for this browser this long (docs/decisions/0038). */
    offerSnoozeSeconds: 30 * 24 * 60 * 60,
    offerCookie: "mc.passkey-offer",
    /** Failed assertions per account in the window before passkeys pause for it (email codes still work). */
    maxFailures: 10,
    failWindowSeconds: 15 * 60,
  },

  /** Sessions are checked against the database at most this often per instance. */
  sessionCheckCacheSeconds: 5,

  email: {
    from: "Magic Code <sign-in@magic-code.dev>",
    /** Give up on the email API after this long and tell the user. */
    sendTimeoutMs: 10_000,
  },
} as const;

export type Config = typeof config;
