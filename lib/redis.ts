import "server-only";
import { createHash } from "node:crypto";
import { Redis as IoRedis, type RedisOptions } from "ioredis";
import type { Requester, UpstashRequest, UpstashResponse } from "@upstash/redis";
import { logError } from "@/lib/log";

/**
 * `@upstash/ratelimit` on a plain Redis (REDIS_URL), through an
 * `@upstash/redis`-compatible requester backed by ioredis.
 *
 * Ratelimit's Lua scripts begin with `#!lua flags=allow-key-locking`, a flag
 * only Upstash knows: Redis 7 refuses unknown shebang flags and Redis 6 does
 * not read shebangs at all. The requester removes that first line from every
 * script it forwards (EVAL, SCRIPT LOAD) and maps the library's hash of the
 * original script to the hash of the script Redis really holds (EVALSHA), so
 * the usual one round trip per check stays one round trip.
 * See docs/decisions/0021-ratelimit-on-plain-redis.md.
 */

const SHEBANG = /^#![^\n]*\n/;

/** The script as plain Redis accepts it: without an Upstash shebang line. */
export function stripShebang(script: string): string {
  return script.replace(SHEBANG, "");
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

export type IoredisRequester = Requester & {
  /** The underlying connection (tests; shutting down). */
  readonly client: IoRedis;
  quit(): Promise<void>;
};

/**
 * Fails fast instead of queueing forever when Redis is away: every command
 * gives up after `commandTimeoutMs`; the connection keeps retrying in the
 * background, so the limiter recovers by itself once Redis is back.
 */
export function createIoredisRequester(url: string, options: { commandTimeoutMs?: number } = {}): IoredisRequester {
  const commandTimeout = options.commandTimeoutMs ?? 1000;
  const redisOptions: RedisOptions = {
    commandTimeout,
    connectTimeout: commandTimeout,
    // A command that failed is never replayed later (it would count twice).
    maxRetriesPerRequest: 0,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
  const client = new IoRedis(url, redisOptions);
  // One connection error is worth a line; the next ones until recovery are not.
  let down = false;
  client.on("error", (error: Error) => {
    if (!down) logError("Redis: connection problem (per-IP limits degrade as configured)", error);
    down = true;
  });
  client.on("ready", () => {
    down = false;
  });

  // Library hash (of the script with its shebang) → hash of what Redis runs.
  const scriptHashes = new Map<string, string>();

  function forward(command: string, args: (string | number)[]): Promise<unknown> {
    return client.call(command, ...args.map((a) => (typeof a === "number" ? String(a) : a)));
  }

  async function run(body: unknown[]): Promise<unknown> {
    const [name, ...rest] = body.map((part) => (typeof part === "number" ? part : String(part)));
    const command = String(name).toLowerCase();
    if (command === "eval" || command === "eval_ro") {
      const [script, ...args] = rest;
      const original = String(script);
      const stripped = stripShebang(original);
      scriptHashes.set(sha1(original), sha1(stripped));
      return forward(command, [stripped, ...args]);
    }
    if (command === "evalsha" || command === "evalsha_ro") {
      const [hash, ...args] = rest;
      return forward(command, [scriptHashes.get(String(hash)) ?? String(hash), ...args]);
    }
    if (command === "script" && String(rest[0]).toLowerCase() === "load") {
      const original = String(rest[1]);
      const stripped = stripShebang(original);
      await forward("script", ["load", stripped]);
      scriptHashes.set(sha1(original), sha1(stripped));
      // The caller expects the hash of what it sent.
      return sha1(original);
    }
    return forward(command, rest);
  }

  return {
    client,
    async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
      if (!Array.isArray(req.body)) return { error: "ERR only single commands are supported" };
      try {
        return { result: normalise(await run(req.body)) as TResult };
      } catch (error) {
        // Redis' own answers (NOSCRIPT, WRONGTYPE) go back as Upstash would send
        // them; connection trouble is thrown, as a failed fetch would be.
        if (error instanceof Error && error.name === "ReplyError") return { error: error.message };
        throw error;
      }
    },
    async quit() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

/** ioredis answers Buffers for some replies; the Upstash client expects JSON-like values. */
function normalise(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}
