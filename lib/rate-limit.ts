import "server-only";
import { isIPv4, isIPv6 } from "node:net";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { config } from "@/lib/config";
import { getEnv, type Env } from "@/lib/env";
import { createIoredisRequester } from "@/lib/redis";
import { logError } from "@/lib/log";
import { traced } from "@/lib/bench/seam";

/**
 * Per-IP throttling, the second layer of S5 (the first, per email, lives in
 * the database: lib/auth/challenge.ts). Sliding windows in Redis through
 * `@upstash/ratelimit`, shared by every app instance:
 * - sends: every request for a sign-in email spends one;
 * - failed verifies: every code check spends one *before* the comparison,
 *   in one atomic Redis call (the library's own Lua script), so N concurrent
 *   guesses from one IP get exactly the limit compared, never more; the unit
 *   is given back when the code was right (or nothing was compared), so
 *   right codes cost nothing. A request is refused once none is left.
 *
 * Backends: Upstash REST (UPSTASH_REDIS_REST_URL/_TOKEN), any Redis
 * (REDIS_URL, see lib/redis.ts), or none: then the limits are off and the
 * start-up log says so once. Without TRUSTED_IP_HEADER there is no client IP
 * to count by, and requests pass (the per-email limits still hold).
 *
 * Redis down or slow (over `timeoutMs`): `config.limits.ip.whenRedisDown`
 * decides per kind. Defaults: sends fail closed (the person is told to try
 * again shortly), verifies fail open (guessing stays bounded by the database
 * limits, which never depend on Redis: S11). An outage is logged once a
 * minute, with how many requests were let through or refused since the last
 * line. docs/decisions/0020-two-layers-of-abuse-limits.md.
 */
export type IpLimitKind = "send" | "verify";

export type IpLimitResult =
  | { ok: true }
  | { ok: false; reason: "limited"; retryAfterSeconds: number }
  | { ok: false; reason: "unavailable" };

export type IpLimiterOptions = {
  redis: Redis;
  /** Key prefix in Redis (tests use their own). */
  prefix?: string;
  windowSeconds?: number;
  sends?: number;
  failedVerifies?: number;
  timeoutMs?: number;
  whenRedisDown?: { send: "open" | "closed"; verify: "open" | "closed" };
};

export class IpLimiter {
  private readonly sends: Ratelimit;
  private readonly failures: Ratelimit;
  private readonly timeoutMs: number;
  private readonly whenDown: { send: "open" | "closed"; verify: "open" | "closed" };
  private lastOutageLog = 0;
  /** Requests decided by policy (not by Redis) since the last outage line. */
  private outageCounts = { letThrough: 0, refused: 0 };
  /** Test seam: where outage lines go. */
  logOutage: (message: string, error: unknown) => void = logError;

  constructor(options: IpLimiterOptions) {
    const window = `${options.windowSeconds ?? config.limits.windowSeconds} s` as const;
    const prefix = options.prefix ?? "magic-code:ip";
    const common = {
      redis: options.redis,
      // Our own timeout below decides what a slow Redis means; the library's
      // would silently let everything through.
      timeout: 0,
      // No per-process memory of blocked IPs: every instance asks Redis.
      ephemeralCache: false as const,
      analytics: false,
    };
    this.sends = new Ratelimit({
      ...common,
      prefix: `${prefix}:send`,
      limiter: Ratelimit.slidingWindow(options.sends ?? config.limits.ip.sends, window),
    });
    this.failures = new Ratelimit({
      ...common,
      prefix: `${prefix}:fail`,
      limiter: Ratelimit.slidingWindow(options.failedVerifies ?? config.limits.ip.failedVerifies, window),
    });
    this.timeoutMs = options.timeoutMs ?? config.limits.ip.timeoutMs;
    this.whenDown = options.whenRedisDown ?? config.limits.ip.whenRedisDown;
  }

  /** Spends one send for this IP; refuses when none is left. */
  async spendSend(ip: string | null): Promise<IpLimitResult> {
    if (!ip) return { ok: true };
    try {
      const result = await this.withTimeout(this.sends.limit(ipKey(ip)));
      return result.success ? { ok: true } : limited(result.reset);
    } catch (error) {
      return this.outage("send", error);
    }
  }

  /**
   * Spends one verify for this IP before a code is compared, atomically (one
   * Redis round trip: check and increment in the library's Lua script).
   * Refused: compare nothing. Hand the unit back with `refundVerify` when the
   * code was right or nothing was compared.
   */
  async spendVerify(ip: string | null): Promise<IpLimitResult> {
    if (!ip) return { ok: true };
    try {
      const result = await this.withTimeout(this.failures.limit(ipKey(ip)));
      return result.success ? { ok: true } : limited(result.reset);
    } catch (error) {
      return this.outage("verify", error);
    }
  }

  /** Gives back one verify spent by `spendVerify` (a right code). Best effort: a lost refund costs one unit. */
  async refundVerify(ip: string | null): Promise<void> {
    if (!ip) return;
    try {
      await this.withTimeout(this.failures.limit(ipKey(ip), { rate: -1 }));
    } catch {
      // Redis away: the unit stays spent until the window slides.
    }
  }

  /** May this IP try a code now? (Spends nothing; racy under concurrency: use spendVerify.) */
  async canVerify(ip: string | null): Promise<IpLimitResult> {
    if (!ip) return { ok: true };
    try {
      const result = await this.withTimeout(this.failures.getRemaining(ipKey(ip)));
      return result.remaining > 0 ? { ok: true } : limited(result.reset);
    } catch (error) {
      return this.outage("verify", error);
    }
  }

  /** A wrong code from this IP. Never fails the request: the database limits already counted it. */
  async recordFailedVerify(ip: string | null): Promise<void> {
    if (!ip) return;
    try {
      await this.withTimeout(this.failures.limit(ipKey(ip)));
    } catch (error) {
      this.outage("verify", error);
    }
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    work.catch(() => {}); // a late failure after the timeout is already handled
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private outage(kind: IpLimitKind, error: unknown): IpLimitResult {
    const policy = this.whenDown[kind];
    if (policy === "open") this.outageCounts.letThrough++;
    else this.outageCounts.refused++;
    const now = Date.now();
    if (now - this.lastOutageLog > 60_000) {
      this.lastOutageLog = now;
      const { letThrough, refused } = this.outageCounts;
      this.outageCounts = { letThrough: 0, refused: 0 };
      this.logOutage(
        `per-IP rate limits unavailable: ${kind}s fail ${policy} (config.limits.ip.whenRedisDown); without Redis since the last line: ${letThrough} let through, ${refused} refused`,
        error,
      );
    }
    return policy === "open" ? { ok: true } : { ok: false, reason: "unavailable" };
  }
}

function limited(resetAtMs: number): IpLimitResult {
  return { ok: false, reason: "limited", retryAfterSeconds: Math.max(1, Math.ceil((resetAtMs - Date.now()) / 1000)) };
}

/**
 * The identity an IP is counted under. An IPv6 client usually holds a whole
 * /64, so counting single addresses would let it rotate past any limit.
 */
export function ipKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return `other:${ip}`;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.padStart(4, "0"))
    .join(":")}::/64`;
}

export type IpLimitBackend = { kind: "upstash"; host: string } | { kind: "redis"; host: string } | { kind: "off" };

/** Which backend the environment selects (Upstash wins over REDIS_URL). */
export function ipLimitBackend(env: Env = getEnv()): IpLimitBackend {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    return { kind: "upstash", host: new URL(env.UPSTASH_REDIS_REST_URL).host };
  }
  if (env.REDIS_URL) {
    const url = new URL(env.REDIS_URL);
    return { kind: "redis", host: `${url.hostname}:${url.port || 6379}` };
  }
  return { kind: "off" };
}

type Holder = { limiter?: IpLimiter | null };
// One limiter (and one Redis connection) per process, shared by every bundle.
const holder: Holder = ((globalThis as { __magicCodeIpLimiter?: Holder }).__magicCodeIpLimiter ??= {});

/** The app's limiter, or null when no Redis is configured (limits off). */
export function getIpLimiter(): IpLimiter | null {
  if (holder.limiter !== undefined) return holder.limiter;
  const env = getEnv();
  const backend = ipLimitBackend(env);
  // The deployment may allow Redis more time than the config's default.
  const timeoutMs = env.MAGIC_CODE_IP_LIMIT_TIMEOUT_MS ?? config.limits.ip.timeoutMs;
  if (backend.kind === "off") {
    holder.limiter = null;
  } else if (backend.kind === "upstash") {
    // No retries: a slow Upstash is handled by our timeout and policy.
    const redis = new Redis({ url: env.UPSTASH_REDIS_REST_URL!, token: env.UPSTASH_REDIS_REST_TOKEN!, retry: { retries: 0 }, enableTelemetry: false });
    holder.limiter = new IpLimiter({ redis, timeoutMs });
  } else {
    const requester = createIoredisRequester(env.REDIS_URL!, { commandTimeoutMs: timeoutMs });
    holder.limiter = new IpLimiter({ redis: new Redis(requester), timeoutMs });
  }
  return holder.limiter;
}

/** Spends one send for this IP (no-op when limits are off). */
export const limitIpSend = traced("limits", async function limitIpSend(ip: string | null): Promise<IpLimitResult> {
  return (await getIpLimiter()?.spendSend(ip)) ?? { ok: true };
});

/** Spends one verify for this IP before a secret is compared (no-op when limits are off). */
export async function spendIpVerify(ip: string | null): Promise<IpLimitResult> {
  return (await getIpLimiter()?.spendVerify(ip)) ?? { ok: true };
}

/** Gives back a verify spent by spendIpVerify: the secret was right, or nothing was compared. */
export async function refundIpVerify(ip: string | null): Promise<void> {
  await getIpLimiter()?.refundVerify(ip);
}

/** May this IP try a secret now? (no-op when limits are off). */
export const checkIpVerify = traced("limits", async function checkIpVerify(ip: string | null): Promise<IpLimitResult> {
  return (await getIpLimiter()?.canVerify(ip)) ?? { ok: true };
});

/** Counts a wrong code (or unknown link/challenge) against this IP. */
export const recordIpFailedVerify = traced("limits", async function recordIpFailedVerify(ip: string | null): Promise<void> {
  await getIpLimiter()?.recordFailedVerify(ip);
});
