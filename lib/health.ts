import "server-only";
import { Redis as IoRedis } from "ioredis";
import { Redis as UpstashRedis } from "@upstash/redis";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { ipLimitBackend } from "@/lib/rate-limit";

/**
 * What a load balancer or orchestrator asks before sending traffic: the
 * database must answer (no sign-in works without it); Redis is reported but
 * does not fail the check, because the app runs on without it (per-IP limits
 * degrade as configured in `config.limits.ip.whenRedisDown`).
 */
export type Health = {
  ok: boolean;
  database: "ok" | "unreachable";
  redis: "ok" | "unreachable" | "off";
};

// Under the Dockerfile's 3-second HEALTHCHECK timeout, with room for the answer.
const TIMEOUT_MS = 2500;

function within<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  work.catch(() => {});
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function databaseHealth(): Promise<Health["database"]> {
  try {
    const db = await within(getDb());
    await within(db.$queryRaw`SELECT 1`);
    return "ok";
  } catch {
    return "unreachable";
  }
}

// One ping connection per process, separate from the limiter's so a probe
// never queues behind (or counts against) rate-limit traffic.
const holder: { ping?: () => Promise<unknown> } = ((globalThis as { __magicCodeHealth?: typeof holder }).__magicCodeHealth ??= {});

function redisPing(): (() => Promise<unknown>) | null {
  if (holder.ping) return holder.ping;
  const env = getEnv();
  const backend = ipLimitBackend(env);
  if (backend.kind === "off") return null;
  if (backend.kind === "upstash") {
    const redis = new UpstashRedis({ url: env.UPSTASH_REDIS_REST_URL!, token: env.UPSTASH_REDIS_REST_TOKEN!, retry: { retries: 0 }, enableTelemetry: false });
    holder.ping = () => redis.ping();
  } else {
    const client = new IoRedis(env.REDIS_URL!, {
      commandTimeout: TIMEOUT_MS,
      connectTimeout: TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    client.on("error", () => {}); // the health answer says it; the limiter already logs outages
    holder.ping = () => client.ping();
  }
  return holder.ping;
}

async function redisHealth(): Promise<Health["redis"]> {
  const ping = redisPing();
  if (!ping) return "off";
  try {
    await within(ping());
    return "ok";
  } catch {
    return "unreachable";
  }
}

export async function checkHealth(): Promise<Health> {
  const [database, redis] = await Promise.all([databaseHealth(), redisHealth()]);
  return { ok: database === "ok", database, redis };
}
