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

const EMAIL = /^(@react-email\/.*|react-email|html-to-text|htmlparser2|selderee|@selderee\/.*|parseley|peberminta|leac|deepmerge-ts|domhandler|domutils|dom-serializer|entities|prettier|marked|md-to-react-email)$/;

/** The part of the stack a group belongs to: where a cut would have to happen. */
export function categoryOf(group: string): string {
  if (group.startsWith("next: ")) return "Next.js (routing, server actions, rendering, React server)";
  if (group.startsWith("node: ") || group.startsWith("native: write") || group === "native: runMicrotasks") return "Node.js (HTTP, streams, fetch objects, async hooks)";
  if (EMAIL.test(group)) return "email rendering (React Email, html-to-text)";
  if (group.startsWith("@prisma/")) return "Prisma client";
  if (/^pg(-.*)?$|^postgres-/.test(group)) return "pg driver";
  if (/^(ioredis|@upstash\/.*|@ioredis\/.*|redis-.*|cluster-key-slot|denque)$/.test(group)) return "Redis client and limiter";
  if (/^(@auth\/core|next-auth|jose|oauth4webapi|@panva\/hkdf|cookie|preact.*)$/.test(group)) return "Auth.js (and jose)";
  if (group.startsWith("app: ")) return "app code";
  if (group === "V8: garbage collection") return "garbage collection";
  return "other";
}

/**
 * Each group's share of the busy samples, per operation; the top `limit`
 * rows, and every category. Samples are counted, not weighted by their time
 * deltas: on a busy machine the sampler thread is starved and a delta
 * covers time the sampled function did not use (the profiler's own start and
 * stop, 1 ms apart in a quiet process, were charged most of a second). The
 * shares are turned into ms with `cpuMsPerOp`, the step's measured server CPU
 * per operation (all threads: slightly more than the main thread sampled).
 */
export function summarizeProfile(file: string, operations: number, cpuMsPerOp: number | null, limit = 12): { rows: ProfileRow[]; categories: ProfileRow[]; totalMsPerOp: number } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const interval = deltas[deltas.length >> 1] ?? 0; // the sampling interval the profiler achieved
  profile.samples.forEach((id) => self.set(id, (self.get(id) ?? 0) + interval));
  const groups = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    const group = groupOf(byId.get(id)!.callFrame);
    if (group === "(idle)") continue;
    groups.set(group, (groups.get(group) ?? 0) + micros);
    total += micros;
  }
  const ops = Math.max(1, operations);
  const totalMsPerOp = cpuMsPerOp ?? total / 1000 / ops;
  const row = ([group, micros]: [string, number]): ProfileRow => ({ group, msPerOp: (micros / total) * totalMsPerOp, share: micros / total });
  const rows = [...groups].sort((a, b) => b[1] - a[1]).slice(0, limit).map(row);
  const byCategory = new Map<string, number>();
  for (const [group, micros] of groups) byCategory.set(categoryOf(group), (byCategory.get(categoryOf(group)) ?? 0) + micros);
  const categories = [...byCategory].sort((a, b) => b[1] - a[1]).map(row);
  return { rows, categories, totalMsPerOp };
}
