/**
 * Reads a V8 CPU profile of the bench server (`--profile`) and says where its
 * CPU went, by package: each sampled function's own time, mapped through the
 * build's source maps (Node's own SourceMap, no dependency) to the file it
 * came from, then grouped as `next`, `react-dom`, `@prisma/client`, "app:
 * lib/email", … The profile covers one step of the benchmark, so the
 * figures divide by its operations.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type ProfileRow = { group: string; msPerOp: number; share: number };

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let map: SourceMap | null = null;
  try {
    const file = url.startsWith("file://") ? fileURLToPath(url) : url;
    if (existsSync(`${file}.map`)) {
      const payload = JSON.parse(readFileSync(`${file}.map`, "utf8")) as ConstructorParameters<typeof SourceMap>[0] & { sections?: unknown };
      map = new SourceMap(payload);
    }
  } catch {
    map = null;
  }
  maps.set(url, map);
  return map;
}

/** "next", "@prisma/client", "app: lib/auth", "node: internals", … */
export function groupOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === "(garbage collector)") return "V8: garbage collection";
    if (functionName === "(idle)") return "(idle)";
    if (functionName === "(program)") return "V8/native: (program)";
    // The profiler runs in-process (node:inspector Session): the main thread
    // waiting in the event loop is sampled under the session's native
    // `dispatch` rather than as "(idle)" (its share matches the gap between
    // sampled time and the process's CPU time), so it is idle time.
    if (functionName === "dispatch") return "(idle)";
    return `native: ${functionName || "(anonymous)"}`;
  }
  if (url.startsWith("node:")) {
    const module = url.slice(5).replace(/^internal\//, "").split("/");
    return `node: ${module.slice(0, module[0] === "deps" ? 2 : 1).join("/")}`;
  }
  let source = url;
  const map = url.includes("/.next") ? sourceMapFor(url) : null;
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
    if (entry.originalSource) source = entry.originalSource;
  }
  source = decodeURIComponent(source);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(source);
  if (pkg) {
    // Next.js is most of the server: say which part of it.
    if (pkg[1] === "next") return `next: ${(pkg[2] ?? "").split("/").filter(Boolean).slice(1, 3).join("/").replace(/\.js$/, "")}`;
    return pkg[1]!;
  }
  const project = /\[project\]\/(.+)$/.exec(source)?.[1] ?? /\/(app|lib|proxy\.ts|auth\.ts|auth\.config\.ts)(\/.*)?$/.exec(source)?.[0]?.slice(1);
  if (project) {
    const parts = project.split("/");
    return `app: ${parts.length > 2 ? parts.slice(0, 2).join("/") : project}`;
  }
  return url.includes("/.next") ? "Next.js build output (unmapped)" : source.replace(/^file:\/\//, "");
}

/** Self time by group over the profile, per operation; the top `limit` rows. */
export function summarizeProfile(file: string, operations: number, limit = 12): { rows: ProfileRow[]; totalMsPerOp: number } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const groups = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    const group = groupOf(byId.get(id)!.callFrame);
    if (group === "(idle)") continue;
    groups.set(group, (groups.get(group) ?? 0) + micros);
    total += micros;
  }
  const ops = Math.max(1, operations);
  const rows = [...groups]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([group, micros]) => ({ group, msPerOp: micros / 1000 / ops, share: micros / total }));
  return { rows, totalMsPerOp: total / 1000 / ops };
}
