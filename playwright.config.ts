import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/**
 * End-to-end tests drive a real browser against the production build
 * (`next build` runs first, see e2e/serve.mjs), reading codes from the dev
 * mailbox the server really wrote. Playwright's own Chromium is used when
 * installed, otherwise the system's (/usr/bin/chromium): `playwright install`
 * needs a download that some machines cannot make.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

function systemChromium(): string | undefined {
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // not installed: fall through
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
}

const executablePath = systemChromium();

function server(serverPort: number, env: Record<string, string>) {
  return {
    command: "node e2e/serve.mjs",
    url: `http://localhost:${serverPort}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: { ...env, E2E_PORT: String(serverPort) },
  };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: executablePath
      ? {
          executablePath,
          args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        }
      : undefined,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // One production server per configuration the specs need; each has its own
  // fresh database. Variants: e2e/servers.ts names their URLs for the specs.
  webServer: [
    server(port, {}),
    server(port + 5, { MAGIC_CODE_USER_SWITCH: "switch" }),
    server(port + 6, { MAGIC_CODE_ALLOW_SIGN_UP: "0" }),
  ],
});
