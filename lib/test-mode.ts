import { normalizeCode } from "@/lib/auth/code";
import { getEnv } from "@/lib/env";
import { config } from "@/lib/config";

/**
 * Test mode (QA): reserved addresses get a fixed code from the environment,
 * relaxed per-address limits, and no real email (the dev mailbox still
 * records it), like Clerk's `+clerk_test` addresses and code 424242.
 *
 * On only with MAGIC_CODE_TEST_MODE=1; in a production build (`next start`)
 * only with MAGIC_CODE_TEST_MODE_ALLOW_PRODUCTION=1 as well, which a QA
 * deployment states on purpose (lib/env.ts refuses to start otherwise).
 * Everything here reads the validated environment (lib/env.ts, switches as
 * 0/1/true/false like every other) and is pure, so it can be called from the
 * hot paths without a round trip and tested with an explicit environment.
 * See docs/decisions/0033-test-mode.md.
 */

/** Matches `name@test.invalid` and `name+test@any.domain` unless MAGIC_CODE_TEST_ADDRESSES says otherwise. */
export const DEFAULT_TEST_ADDRESSES = "*@test.invalid,*+test@*";
/**
 * Clerk's convention, 424242, stretched to the configured length ("424242" for
 * 6 characters, "42424242" for 8): 4 and 2 are in every code alphabet.
 */
export const DEFAULT_TEST_CODE = "42".repeat(Math.ceil(config.code.length / 2)).slice(0, config.code.length);

/** Per-address limits for test addresses (the real ones: lib/config.ts `limits.email`). */
export const testModeLimits = {
  /** Codes sent to one test address per limit window (real: 5). */
  emailSends: 1000,
} as const;

/** The part of the validated environment test mode reads (lib/env.ts). */
export type TestModeEnv = {
  NODE_ENV?: string;
  MAGIC_CODE_TEST_MODE?: boolean;
  MAGIC_CODE_TEST_MODE_ALLOW_PRODUCTION?: boolean;
  MAGIC_CODE_TEST_ADDRESSES?: string;
  MAGIC_CODE_TEST_CODE?: string;
};
type Source = TestModeEnv;

/** Called only after start-up validated the environment (lib/env.ts imports this module for its check). */
const current = (): Source => getEnv();

/** On, and allowed where it runs (a production build refused it is off here too, besides failing to start). */
export function testModeEnabled(env: Source = current()): boolean {
  if (env.MAGIC_CODE_TEST_MODE !== true) return false;
  return env.NODE_ENV !== "production" || env.MAGIC_CODE_TEST_MODE_ALLOW_PRODUCTION === true;
}

/** `*@test.invalid` → a case-insensitive regex; `*` is any run of characters, nothing else is special. */
function patternToRegex(pattern: string): RegExp {
  const body = pattern
    .trim()
    .toLowerCase()
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

export function testAddressPatterns(env: Source = current()): RegExp[] {
  const raw = env.MAGIC_CODE_TEST_ADDRESSES?.trim() || DEFAULT_TEST_ADDRESSES;
  return raw
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.includes("@"))
    .map(patternToRegex);
}

/** Is this (already normalised) address reserved for tests? Always false when test mode is off. */
export function isTestAddress(email: string, env: Source = current()): boolean {
  if (!testModeEnabled(env)) return false;
  const address = email.toLowerCase();
  return testAddressPatterns(env).some((re) => re.test(address));
}

/** The configured fixed code in its canonical form, or null when it is not a valid code. */
export function testCode(env: Source = current()): string | null {
  return normalizeCode(env.MAGIC_CODE_TEST_CODE?.trim() || DEFAULT_TEST_CODE);
}

/** The fixed code for a test address; null for every other address (and whenever test mode is off). */
export function fixedCodeFor(email: string, env: Source = current()): string | null {
  return isTestAddress(email, env) ? testCode(env) : null;
}

/** Codes one address may be sent per window: relaxed for test addresses. */
export function emailSendLimitFor(email: string, normal: number, env: Source = current()): number {
  return isTestAddress(email, env) ? Math.max(normal, testModeLimits.emailSends) : normal;
}

/**
 * Why test mode may not run with this environment, or null when it may.
 * A production build refuses it unless a QA deployment allows it explicitly.
 */
export function testModeProblem(env: Source = current()): string | null {
  if (env.MAGIC_CODE_TEST_MODE !== true) return null;
  if (env.NODE_ENV === "production" && env.MAGIC_CODE_TEST_MODE_ALLOW_PRODUCTION !== true) {
    return "MAGIC_CODE_TEST_MODE=1 is refused in a production build: set MAGIC_CODE_TEST_MODE_ALLOW_PRODUCTION=1 only on a QA deployment";
  }
  if (!testCode(env)) return "MAGIC_CODE_TEST_CODE is not a valid code for config.code (length and alphabet)";
  if (testAddressPatterns(env).length === 0) return "MAGIC_CODE_TEST_ADDRESSES has no pattern with an @";
  return null;
}
