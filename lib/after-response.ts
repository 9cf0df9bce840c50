import "server-only";
import { after } from "next/server";

/**
 * Runs work the answer does not depend on after the response has gone
 * (Next's `after()`), so the person does not wait for it: the refund of a
 * per-IP unit after a right code, for one. The task must not throw.
 * Outside a request (tests, scripts) there is no response to wait for, so it
 * runs at once and the caller's await covers it.
 */
export async function afterResponse(task: () => Promise<void>): Promise<void> {
  try {
    after(task);
  } catch {
    await task();
  }
}
