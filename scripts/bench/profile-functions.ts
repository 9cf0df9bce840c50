/**
 * Diagnosis: a bench CPU profile (`npm run bench -- --profile`) by function,
 * self and inclusive (the function and everything it called), each mapped
 * through the build's source maps to its original file. Shows which of our
 * calls pull in how much framework work (a `headers()` here, a form decode
 * there), which the by-package summary cannot.
 *
 *   npx tsx scripts/bench/profile-functions.ts <file.cpuprofile> <operations> [filter regex] [limit]
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const maps = new Map<string, SourceMap | null>();
function sourceMapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let map: SourceMap | null = null;
  try {
    const file = url.startsWith("file://") ? fileURLToPath(url) : url;
    if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
  } catch {
    map = null;
  }
  maps.set(url, map);
  return map;
}

function nameOf(frame: CallFrame): string {
  if (!frame.url) return frame.functionName || "(native)";
  let where = frame.url;
  let line = frame.lineNumber + 1;
  let name = frame.functionName;
  const map = frame.url.includes("/.next") ? sourceMapFor(frame.url) : null;
  if (map) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (entry.originalSource) {
      where = entry.originalSource;
      line = (entry.originalLine ?? 0) + 1;
    }
  }
  where = decodeURIComponent(where).replace(/^.*node_modules\//, "").replace(/^.*\[project\]\//, "").replace(/^file:\/\/.*\/wt-[^/]+\//, "");
  return `${name || "(anon)"} ${where}:${line}`;
}

const [file, opsArg, filter, limitArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, "utf8")) as CpuProfile;
const ops = Number(opsArg ?? 1);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const names = new Map<number, string>();
const name = (id: number) => {
  let s = names.get(id);
  if (s === undefined) names.set(id, (s = nameOf(byId.get(id)!.callFrame)));
  return s;
};
const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
const interval = deltas[deltas.length >> 1] ?? 0;
const self = new Map<string, number>();
const incl = new Map<string, number>();
let busy = 0;
for (const id of profile.samples) {
  const n = name(id);
  if (n === "(idle)" || n.startsWith("(idle)")) continue;
  busy += interval;
  self.set(n, (self.get(n) ?? 0) + interval);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const k = name(at);
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + interval);
  }
}
const re = filter ? new RegExp(filter) : null;
const limit = Number(limitArg ?? 40);
const fmt = (m: Map<string, number>) =>
  [...m]
    .filter(([k]) => !re || re.test(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([k, us]) => `${(us / 1000 / ops).toFixed(3).padStart(7)} ms/op ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join("\n");
console.log(`busy ${(busy / 1000 / ops).toFixed(2)} ms/op (sampled, main thread)\n--- inclusive\n${fmt(incl)}\n--- self\n${fmt(self)}`);
