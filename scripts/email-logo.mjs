// `node scripts/email-logo.mjs`: draws public/email-logo.png, the logo the
// emails link to (lib/email/logo.ts). Mail clients show PNG, not SVG
// (decision 0039), so the app's SVG logo (public/logo.svg) is rasterised by
// Chromium at twice the size emails show it (40 CSS px → 80 px), on a
// transparent background. Without public/logo.svg the mark below is drawn:
// a rounded square with a key. Run it again whenever the logo changes
// (`node scripts/email-logo.mjs other.svg` draws from another file).
import { existsSync, readFileSync } from "node:fs";
import { chromium } from "@playwright/test";

const SIZE = 80;
const OUT = "public/email-logo.png";

const FALLBACK_MARK = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="14" fill="#18181b"/>
  <g fill="none" stroke="#ffffff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round">
    <circle cx="21" cy="32" r="9"/>
    <path d="M30 32H51M44 32v8M51 32v6"/>
  </g>
</svg>`;

const source = process.argv[2] ?? "public/logo.svg";
const svg = existsSync(source) ? readFileSync(source, "utf8") : FALLBACK_MARK;
const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${src}" width="${SIZE}" height="${SIZE}" style="display:block"></body></html>`);
  await page.locator("img").screenshot({ path: OUT, omitBackground: true });
  console.log(`wrote ${OUT} (${SIZE}×${SIZE}) from ${existsSync(source) ? source : "the fallback mark"}`);
} finally {
  await browser.close();
}
