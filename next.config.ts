import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// next-intl reads its request config (locale, catalogues) from i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

const nextConfig: NextConfig = {
  // PGlite loads its WebAssembly and data files from its own package folder at
  // run time; bundling it breaks those paths, so these stay plain Node imports.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "ioredis"],
  // Several builds side by side (parallel test runs, the benchmark) each get their own folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // proxy.ts counts a POST body while reading it and refuses one over 1 MB
  // (lib/http/server-action-wire.ts); Next buffers what the proxy reads, so
  // past 2 MB there is nothing more worth holding in memory.
  experimental: { proxyClientMaxBodySize: 2 * 1024 * 1024 },
  // The Docker image runs `node server.js` from a self-contained folder
  // (Dockerfile sets MAGIC_CODE_STANDALONE=1). Other builds stay as they are:
  // `next start` warns about, and the e2e tests do not need, the copy step.
  ...(process.env.MAGIC_CODE_STANDALONE === "1" && { output: "standalone" as const }),
  reactStrictMode: true,
  // `npm run bench` (scripts/bench) builds with MAGIC_CODE_BENCH=1: only then
  // do the bench-only routes (app/bench/**/page.bench.tsx, route.bench.ts)
  // exist. Its own tsconfig keeps Next from editing tsconfig.json for the
  // bench build folder; type checking is `npm run typecheck`'s job.
  ...(process.env.MAGIC_CODE_BENCH === "1" && {
    pageExtensions: ["bench.tsx", "bench.ts", "tsx", "ts", "jsx", "js"],
    typescript: { tsconfigPath: "tsconfig.bench.json", ignoreBuildErrors: true },
  }),
  async headers() {
    return [
      // The sign-in link carries its token in the URL: never send it on in a
      // Referer, never keep the page in a cache. "strict-origin", not
      // "no-referrer": the latter makes browsers send `Origin: null` with the
      // page's form posts, which Next's server-action CSRF check rejects, and
      // the buttons must work without JS (docs/decisions/0006-magic-link-approval.md).
      {
        source: "/sign-in/link",
        headers: [
          { key: "Referrer-Policy", value: "strict-origin" },
          { key: "Cache-Control", value: "no-store, max-age=0" },
          { key: "X-Robots-Tag", value: "noindex" },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
