/**
 * `npm run screenshots`: pictures of the pages people meet most — sign-in,
 * the code page (fresh and after a wrong code), the link's approval page on
 * another device (before and after approving) and the account page — in
 * every language, light and dark, desktop (1280×800) and phone (390×844),
 * written to docs/screenshots/ with an index (docs/screenshots/README.md).
 *
 * It runs the production build (building only when there is none), on a
 * free port, with a fresh embedded database and the dev mailbox, and signs
 * in the way a person does: the code and the link come from the email the
 * server really wrote. Needs Chromium: Playwright's own, or the system's.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { LOCALES, type Locale } from "../lib/i18n/locales";
import { formatCode, generateCode, normalizeCode } from "../lib/auth/code";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "docs/screenshots");

const SCHEMES = ["light", "dark"] as const;
const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;
const PAGES = ["sign-in", "code", "code-error", "link-approval", "link-approved", "account"] as const;

type Shot = { page: (typeof PAGES)[number]; locale: Locale; scheme: (typeof SCHEMES)[number]; device: keyof typeof DEVICES };
const fileName = (s: Shot) => `${s.page}-${s.locale}-${s.scheme}-${s.device}.png`;

// One address per run of the flow (a +tag would share one mailbox's send budget).
const PEOPLE = ["ada", "ben", "chen", "dana", "eli", "fatima", "greta", "hugo", "ines", "jonas", "karim", "lea"];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ensureBuild(): void {
  if (existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    console.log("[screenshots] using the existing build (.next); run `npm run build` first for a fresh one");
    return;
  }
  console.log("[screenshots] no build yet: building");
  const built = spawnSync(process.execPath, ["scripts/next.mjs", "build"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) throw new Error("next build failed");
}

function startServer(port: number, dataDir: string): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "screenshots-secret-not-for-production-0123456789",
    AUTH_URL: `http://localhost:${port}`,
    MAGIC_CODE_DEV_MAILBOX: "1",
    MAGIC_CODE_DATA_DIR: dataDir,
    RESEND_API_KEY: "",
  };
  // A fresh embedded database, whatever this shell points at.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.UPSTASH_REDIS_REST_URL;
  delete env.UPSTASH_REDIS_REST_TOKEN;
  return spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
}

async function waitUntilUp(base: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/sign-in`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not start within 2 minutes");
}

function chromiumPath(): string | undefined {
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Playwright's own browser is not installed: use the system's
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
}

type Message = { code: string | null; link: string | null };

async function latestMessage(base: string, to: string, count: number): Promise<Message> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${base}/dev/mailbox/messages?to=${encodeURIComponent(to)}`);
    const { messages } = (await response.json()) as { messages: Message[] };
    if (messages.length >= count) return messages[0]!;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no email to ${to}`);
}

/** A wrong code in the configured format (a malformed one would get another message). */
function wrongCode(right: string): string {
  let code = formatCode(generateCode());
  while (normalizeCode(code) === normalizeCode(right)) code = formatCode(generateCode());
  return code;
}

async function newContext(browser: Browser, base: string, locale: Locale, scheme: Shot["scheme"], device: Shot["device"]): Promise<BrowserContext> {
  const context = await browser.newContext({ ...DEVICES[device], colorScheme: scheme, deviceScaleFactor: 1, locale: "en-US" });
  await context.addCookies([{ name: "locale", value: locale, url: base }]);
  return context;
}

async function shoot(page: Page, shot: Shot): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(OUT, fileName(shot)), animations: "disabled", caret: "hide" });
  console.log(`[screenshots] ${fileName(shot)}`);
}

/** One person's whole sign-in in one language, scheme and device: six pictures. */
async function walk(browser: Browser, base: string, email: string, locale: Locale, scheme: Shot["scheme"], device: Shot["device"]): Promise<void> {
  const shot = (name: Shot["page"]): Shot => ({ page: name, locale, scheme, device });
  const laptop = await newContext(browser, base, locale, scheme, device);
  const phone = await newContext(browser, base, locale, scheme, device);
  try {
    const page = await laptop.newPage();
    await page.goto(`${base}/sign-in`);
    await shoot(page, shot("sign-in"));

    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="email"]').press("Enter");
    const codeField = page.locator('input[name="code"]');
    await codeField.waitFor();
    const { code, link } = await latestMessage(base, email, 1);
    if (!code || !link) throw new Error("the sign-in email has no code or no link");
    await page.locator('[data-testid="form-message"]').first().waitFor().catch(() => {});
    await shoot(page, shot("code"));

    await codeField.fill(wrongCode(code));
    await codeField.press("Enter");
    await page.locator('[data-testid="form-message"][role="alert"]').waitFor();
    await shoot(page, shot("code-error"));

    const other = await phone.newPage();
    await other.goto(link);
    // The first step asks to approve (decision 0042); then the number is asked for here and shown there.
    await other.getByTestId("continue-approval").click();
    const numberField = other.locator('input[name="number"]');
    await numberField.waitFor();
    await shoot(other, shot("link-approval"));

    const number = (await page.getByTestId("matching-number").first().textContent({ timeout: 20_000 }))!.trim();
    await numberField.fill(number);
    await numberField.press("Enter");
    await other.locator('[data-testid="link-message"], [data-testid="link-status"]').first().waitFor();
    await shoot(other, shot("link-approved"));

    // The asking page signs in by itself once approved; without that, the code does it.
    const signedIn = await page.waitForURL(/\/account$/, { timeout: 20_000 }).then(() => true, () => false);
    if (!signedIn) {
      await codeField.fill(code);
      await codeField.press("Enter");
      await page.waitForURL(/\/account$/);
    }
    await page.getByTestId("account-email").waitFor();
    await shoot(page, shot("account"));
  } finally {
    await laptop.close();
    await phone.close();
  }
}

function writeIndex(): void {
  const rows = PAGES.flatMap((name) =>
    LOCALES.map((locale) => {
      const cells = SCHEMES.flatMap((scheme) =>
        (Object.keys(DEVICES) as Shot["device"][]).map((device) => {
          const file = fileName({ page: name, locale, scheme, device });
          return `[${scheme}, ${device}](${file})`;
        }),
      );
      return `| ${name} | ${locale} | ${cells.join(" · ")} |`;
    }),
  );
  const text = [
    "# Screenshots",
    "",
    "Written by `npm run screenshots` (scripts/screenshots.ts): the production build with a fresh embedded",
    "database and the dev mailbox, signed in as a person would. Run it again after a UI change.",
    "",
    "| page | language | pictures |",
    "|---|---|---|",
    ...rows,
    "",
  ].join("\n");
  writeFileSync(path.join(OUT, "README.md"), text);
}

async function main(): Promise<void> {
  ensureBuild();
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith(".png")) rmSync(path.join(OUT, file));

  const port = await freePort();
  const base = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "magic-code-screenshots-"));
  const server = startServer(port, dataDir);
  const stop = () => server.exitCode === null && server.kill("SIGTERM");
  process.on("SIGINT", () => (stop(), process.exit(130)));
  let browser: Browser | undefined;
  try {
    await waitUntilUp(base, server);
    const executablePath = chromiumPath();
    browser = await chromium.launch({ executablePath, args: executablePath ? ["--disable-gpu", "--no-first-run", "--disable-background-networking"] : [] });
    let person = 0;
    for (const locale of LOCALES) {
      for (const scheme of SCHEMES) {
        for (const device of Object.keys(DEVICES) as Shot["device"][]) {
          await walk(browser, base, `${PEOPLE[person++ % PEOPLE.length]}@example.com`, locale, scheme, device);
        }
      }
    }
    writeIndex();
    const files = readdirSync(OUT).filter((f) => f.endsWith(".png"));
    const bytes = files.reduce((sum, f) => sum + statSync(path.join(OUT, f)).size, 0);
    console.log(`[screenshots] ${files.length} pictures, ${(bytes / 1024 / 1024).toFixed(1)} MB in docs/screenshots/`);
  } finally {
    await browser?.close();
    stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
