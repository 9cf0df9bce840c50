import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      // Same "@/..." paths as tsconfig.json, so tests import like app code.
      { find: /^@\//, replacement: `${root}/` },
      // Server modules start with `import "server-only"`; tests are server-side.
      { find: /^server-only$/, replacement: path.join(root, "lib/test/server-only.ts") },
    ],
  },
  test: {
    environment: "node",
    include: ["lib/**/*.test.ts", "lib/**/*.test.tsx", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["lib/test/global-setup.ts"],
    // next-auth imports "next/server" without an extension, which Node's own
    // ESM loader refuses; inlined, Vite resolves it (and vi.mock("next/headers")
    // reaches its server actions), so tests can drive Auth.js as the app does.
    server: { deps: { inline: ["next-auth"] } },
    reporters: ["default"],
    // Database-backed tests (PGlite start-up, the wasm schema engine) are slow
    // on a cold machine; the defaults (5s/10s) make them flaky, not faster.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
