import "server-only";
import { logError } from "@/lib/log";

/**
 * S11 at a page or action boundary: a dependency fault (the database down
 * or restarting) becomes a value the page turns into a clear message,
 * instead of an error page with a 500.
 */
export const UNAVAILABLE = Symbol("unavailable");

export async function orUnavailable<T>(work: Promise<T>, what: string): Promise<T | typeof UNAVAILABLE> {
  try {
    return await work;
  } catch (error) {
    logError(`${what} failed: a dependency is unavailable`, error);
    return UNAVAILABLE;
  }
}
