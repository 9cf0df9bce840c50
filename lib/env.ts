import "server-only";
import { z } from "zod";
import { testModeProblem } from "@/lib/test-mode";

/**
 * The validated environment, read once on first use. Lazy on purpose: `next
 * build` imports server modules without runtime secrets, and a missing secret
 * must fail the first request with a clear message, not the build.
 */
/** Sign-in providers besides the code (lib/auth/providers.ts), each on when all its variables are set. */
const providerFields = {
  /** "Continue with GitHub": an OAuth app's client id and secret. */
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  /** Any OpenID Connect provider (discovery at <issuer>/.well-known/openid-configuration): on when all three are set. */
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  /** Its button label: "Continue with <name>". */
  AUTH_OIDC_NAME: z.string().min(1).max(40).default("OpenID Connect"),
};
/**
 * A switch: "1"/"true" on, "0"/"false" off (any case). Anything else fails
 * start-up with a message naming the variable, instead of silently meaning
 * "off" (MAGIC_CODE_ALLOW_SIGN_UP=false must not leave sign-up on).
 */
const flag = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(["0", "1", "true", "false"], { message: "must be 0, 1, true or false" }))
  .transform((v) => v === "1" || v === "true");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (run `npx auth secret`)."),
  /**
   * Rotation (Auth.js): a newer secret. Sessions are encrypted with the
   * highest-numbered one set and read with any of them plus AUTH_SECRET
   * (docs/deploy.md, "Rotating AUTH_SECRET").
   */
  AUTH_SECRET_1: z.string().min(32, "AUTH_SECRET_1 must be at least 32 characters").optional(),
  AUTH_SECRET_2: z.string().min(32, "AUTH_SECRET_2 must be at least 32 characters").optional(),
  AUTH_SECRET_3: z.string().min(32, "AUTH_SECRET_3 must be at least 32 characters").optional(),
  /** Public origin of the app. Links in emails are built from it, never from the Host header. */
  AUTH_URL: z.string().url().optional(),
  DATABASE_URL: z.string().url().optional(),
  /** Header set by your proxy with the client IP (e.g. x-real-ip); unset: no IP is trusted. */
  TRUSTED_IP_HEADER: z.string().min(1).optional(),
  /** Embedded database folder; `memory://` keeps it in memory (tests). */
  MAGIC_CODE_DATA_DIR: z.string().default(".data/pglite"),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().min(3).optional(),
  /** On: the dev mailbox in a production build (QA, e2e). */
  MAGIC_CODE_DEV_MAILBOX: flag.optional(),
  /** On (with the mailbox): /dev/test-hooks for e2e (expire codes, seed users). */
  MAGIC_CODE_TEST_HOOKS: flag.optional(),
  /** On (in a build made with it): the /bench/* routes `npm run bench` measures. */
  MAGIC_CODE_BENCH: flag.optional(),
  /** Overrides config.allowSignUp. */
  MAGIC_CODE_ALLOW_SIGN_UP: flag.optional(),
  /** Overrides config.userSwitch. */
  MAGIC_CODE_USER_SWITCH: z.enum(["confirm", "switch"]).optional(),
  /** Off: pending migrations are not applied on start (run `npm run db:migrate`). Default on. */
  MAGIC_CODE_MIGRATE_ON_START: flag.default(true),
  /** Connections per instance in the PostgreSQL pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Per-IP rate limits on Upstash (REST); wins over REDIS_URL. */
  UPSTASH_REDIS_REST_URL: z.string().url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  /** Per-IP rate limits on any Redis (redis:// or rediss://). */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional(),
  ...providerFields,
  /** Milliseconds before a Redis call counts as down (config.limits.ip.timeoutMs, default 1000). */
  MAGIC_CODE_IP_LIMIT_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).optional(),
  /** "1": reserved addresses get a fixed code and no email (QA; lib/test-mode.ts). */
  MAGIC_CODE_TEST_MODE: flag.optional(),
  /** "1": test mode may run in a production build (a QA deployment says so on purpose). */
  MAGIC_CODE_TEST_MODE_ALLOW_PRODUCTION: flag.optional(),
  /** Comma-separated patterns, `*` = anything; default `*@test.invalid,*+test@*`. */
  MAGIC_CODE_TEST_ADDRESSES: z.string().min(1).optional(),
  /** The fixed code for test addresses; default 424242. */
  MAGIC_CODE_TEST_CODE: z.string().min(1).optional(),
});

export type Env = z.infer<typeof schema>;

type ProviderEnvRaw = { [K in keyof typeof providerFields]?: string | undefined };

function checkProviderPairs(env: ProviderEnvRaw, ctx: z.RefinementCtx): void {
  // Half a provider is a typo, not a choice: say so instead of hiding its button.
  if (Boolean(env.AUTH_GITHUB_ID) !== Boolean(env.AUTH_GITHUB_SECRET)) {
    ctx.addIssue({ code: "custom", path: ["AUTH_GITHUB_SECRET"], message: "set both AUTH_GITHUB_ID and AUTH_GITHUB_SECRET, or neither" });
  }
  const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_ID, env.AUTH_OIDC_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) {
    ctx.addIssue({ code: "custom", path: ["AUTH_OIDC_ISSUER"], message: "set AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET together, or none" });
  }
}

const checked = schema.superRefine((env, ctx) => {
  // A Host header chosen by an attacker must never become the origin of a
  // sign-in link (link poisoning); in production the origin is configured.
  if (env.NODE_ENV === "production" && !env.AUTH_URL) {
    ctx.addIssue({ code: "custom", path: ["AUTH_URL"], message: "required in production (the public URL of the app)" });
  }
  const testMode = testModeProblem(env);
  if (testMode) ctx.addIssue({ code: "custom", path: ["MAGIC_CODE_TEST_MODE"], message: testMode });
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    ctx.addIssue({ code: "custom", path: ["UPSTASH_REDIS_REST_TOKEN"], message: "set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or neither" });
  }
  checkProviderPairs(env, ctx);
});

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  cached = parseOrThrow(checked);
  return cached;
}

const providerSchema = z.object(providerFields).superRefine(checkProviderPairs);
export type ProviderEnv = z.infer<typeof providerSchema>;
let cachedProviders: ProviderEnv | undefined;

/**
 * Only the provider variables: auth.ts builds its provider list when it is
 * loaded (Auth.js reads it then), and `next build` loads it without secrets.
 */
export function getProviderEnv(): ProviderEnv {
  cachedProviders ??= parseOrThrow(providerSchema);
  return cachedProviders;
}

function parseOrThrow<T>(schema: z.ZodType<T>): T {
  const blankToUndefined = Object.fromEntries(
    Object.entries(process.env).map(([k, v]) => [k, v === "" ? undefined : v]),
  );
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    // Name the variables, never echo their values.
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

/** Where sign-in emails go: Resend, the dev mailbox, or nowhere (misconfigured). */
export function emailTransport(env: Env = getEnv()): "resend" | "mailbox" | "none" {
  if (env.RESEND_API_KEY) return "resend";
  if (env.NODE_ENV !== "production" || env.MAGIC_CODE_DEV_MAILBOX) return "mailbox";
  return "none";
}

export function isMailboxEnabled(env: Env = getEnv()): boolean {
  return emailTransport(env) === "mailbox";
}
