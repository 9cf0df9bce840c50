/**
 * The licence rule for what we ship (issue 9.8): every production dependency
 * in package-lock.json — transitively, optional platform binaries included,
 * only `dev: true` entries left out — must carry a licence we know and that
 * is not copyleft (GPL, AGPL, LGPL, SSPL). A missing or unknown licence fails
 * too: "nobody said" is not permission. Exceptions are named here, each with
 * the exact licence it was reviewed under and why
 * (docs/decisions/0029-licence-check.md); a new version that changes its
 * licence fails again. Run by `npm test` through lib/licences.test.ts.
 */

export type LockEntry = { name?: string; version?: string; license?: unknown; dev?: boolean; optional?: boolean; devOptional?: boolean };
export type Lockfile = { packages?: Record<string, LockEntry> };

export type LicenceProblem = { name: string; version: string; license: string; why: "copyleft" | "missing" | "unknown" };

/** Licences we accept: permissive (or public-domain-like, or data under attribution). */
const ACCEPTED = new Set([
  "MIT", "MIT-0", "ISC", "0BSD", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "Unlicense", "CC0-1.0",
  "BlueOak-1.0.0", "Python-2.0", "Zlib", "WTFPL",
  // Browser-support data (caniuse-lite), not code.
  "CC-BY-4.0",
  // File-level (weak) copyleft: using the files unmodified puts no terms on our code.
  "MPL-2.0", "EPL-2.0",
]);

const COPYLEFT = /^(A|L)?GPL-|^SSPL-|^GPL$|^AGPL$|^LGPL$/i;

type Exception = { name: RegExp; license: string; reason: string };

export const EXCEPTIONS: Exception[] = [
  {
    name: /^@img\/sharp-(libvips-[a-z0-9-]+|wasm32|win32-[a-z0-9]+)$/,
    license: "*LGPL-3.0-or-later*",
    reason:
      "libvips, prebuilt for sharp (Next's optional image optimiser), loaded as an unmodified shared library: LGPL-3.0 allows that without terms on our code. We ship no next/image.",
  },
  {
    name: /^seq-queue$/,
    license: "",
    reason: "0.0.5 has no licence field; its LICENSE file is MIT. Pulled in only through the prisma CLI (devOptional).",
  },
];

/** Why an SPDX expression is not acceptable, or null when it is. OR: one acceptable branch suffices; AND: all must be. */
export function judgeLicence(expression: string): LicenceProblem["why"] | null {
  const text = expression.trim().replace(/^\((.*)\)$/, "$1");
  if (!text) return "missing";
  const alternatives = text.split(/\s+OR\s+/i);
  const verdicts = alternatives.map((alt) => {
    const parts = alt.replace(/[()]/g, "").split(/\s+AND\s+/i).map((p) => p.trim().replace(/\+$/, "").replace(/\s+WITH\s+.*$/i, ""));
    if (parts.some((p) => COPYLEFT.test(p))) return "copyleft" as const;
    if (parts.some((p) => !ACCEPTED.has(p))) return "unknown" as const;
    return null;
  });
  if (verdicts.includes(null)) return null;
  return verdicts.includes("copyleft") ? "copyleft" : "unknown";
}

function licenceText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "type" in value && typeof value.type === "string") return value.type;
  return "";
}

function packageName(path: string, entry: LockEntry): string {
  if (entry.name) return entry.name;
  const at = path.lastIndexOf("node_modules/");
  return at === -1 ? path : path.slice(at + "node_modules/".length);
}

function excepted(name: string, license: string): boolean {
  return EXCEPTIONS.some((e) => {
    if (!e.name.test(name)) return false;
    if (e.license.startsWith("*") && e.license.endsWith("*")) return license.includes(e.license.slice(1, -1));
    return license === e.license;
  });
}

/** Every production dependency whose licence we may not ship. */
export function checkLicences(lock: Lockfile): LicenceProblem[] {
  const problems: LicenceProblem[] = [];
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === "" || entry.dev === true) continue;
    if (!path.includes("node_modules/")) continue; // workspace folders: our own code
    const name = packageName(path, entry);
    const license = licenceText(entry.license);
    const why = judgeLicence(license);
    if (why && !excepted(name, license)) problems.push({ name, version: entry.version ?? "?", license: license || "(none)", why });
  }
  return problems;
}

/** One line per problem, naming the package. */
export function describeLicenceProblems(problems: LicenceProblem[]): string {
  return problems
    .map((p) => `${p.name}@${p.version}: licence ${p.license} is ${p.why === "copyleft" ? "copyleft (GPL/AGPL/LGPL/SSPL)" : p.why} — replace it or add a reviewed exception in lib/licences.ts`)
    .join("\n");
}
