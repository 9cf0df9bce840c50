import "server-only";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Session } from "node:inspector/promises";

/**
 * Bench-only: a V8 CPU profile of this server process around one step of the
 * benchmark (`npm run bench -- --profile`), so each step's own hot spots can
 * be read apart (open the .cpuprofile in Chrome DevTools; the server's source
 * maps are next to its chunks in .next-bench).
 */
const state = ((globalThis as { __magicCodeProfiler?: { session?: Session } }).__magicCodeProfiler ??= {});

/**
 * Node's (undocumented, long-standing) switch that tells V8 when the event
 * loop is waiting, so those samples count as "(idle)" instead of being
 * charged to whatever native call ran last (a socket write, the inspector's
 * dispatch). DevTools turns it on the same way; without it a profile is
 * closer to wall time than to CPU time.
 */
const idleNotifier = process as unknown as { _startProfilerIdleNotifier?: () => void; _stopProfilerIdleNotifier?: () => void };

export async function startProfile(): Promise<void> {
  if (state.session) return;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  idleNotifier._startProfilerIdleNotifier?.();
  await session.post("Profiler.start");
  state.session = session;
}

/** Stops the profiler and writes the profile; returns its path. */
export async function stopProfile(name: string): Promise<string | null> {
  const session = state.session;
  if (!session) return null;
  state.session = undefined;
  const { profile } = await session.post("Profiler.stop");
  idleNotifier._stopProfilerIdleNotifier?.();
  session.disconnect();
  const dir = path.join(os.tmpdir(), "magic-code-bench-profiles");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, "_").slice(0, 80)}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}
