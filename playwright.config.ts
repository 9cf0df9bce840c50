import { defineConfig, devices } from "@playwright/test";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { ports } from "./e2e/ports";

/**
 * End-to-end tests drive a real browser against the production build
 * (`next build` runs first, see e2e/serve.mjs), reading codes from the dev
 * mailbox the server really wrote. Playwright's own Chromium is used when
 * installed, otherwise the system's (/usr/bin/chromium): `playwright install`
 * needs a download that some machines cannot make.
 */
// Ports: e2e/ports.ts (everything moves with E2E_PORT). E2E_BASE_URL points
// the tests at a server this run does not start (a deployed QA environment,
// `npm run dev`): then no server is started at all.
const external = process.env.E2E_BASE_URL?.replace(/\/$/, "");
const baseURL = external ?? `http://localhost:${ports.main}`;
// A server already listening on a port is never silently taken for ours (it
// may be another checkout's, or an old build): Playwright fails instead,
// unless E2E_REUSE_SERVER=1 says reusing it is intended.
const reuseExistingServer = process.env.E2E_REUSE_SERVER === "1";

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
    reuseExistingServer,
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
  // The main server also runs in test mode (QA opt-in for a production
  // build), so the docs/qa.md sample runs against it with a test address too.
  webServer: external
    ? []
    : [
        server(ports.main, { MAGIC_CODE_TEST_MODE: "1", MAGIC_CODE_TEST_MODE_ALLOW_PRODUCTION: "1" }),
        server(ports.userSwitch, { MAGIC_CODE_USER_SWITCH: "switch" }),
        server(ports.noSignUp, { MAGIC_CODE_ALLOW_SIGN_UP: "0" }),
      ],
});
