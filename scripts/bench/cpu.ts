import { readFileSync, readdirSync } from "node:fs";

/**
 * CPU time (user + system, ms) a server has used so far: the process and its
 * descendants, all threads, read from /proc as the kernel counts it (clock
 * ticks of 10 ms; the benchmark diffs readings over hundreds of operations).
 * The same reading for every app, whatever it runs. Null off Linux.
 */
export function processTreeCpuMs(pid: number): number | null {
  try {
    let ticks = 0;
    for (const p of descendants(pid)) {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) in parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function descendants(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        for (const child of readFileSync(`/proc/${p}/task/${task}/children`, "utf8").trim().split(/\s+/)) {
          if (child) out.push(Number(child));
        }
      } catch {
        // thread ended meanwhile
      }
    }
  }
  return out;
}
