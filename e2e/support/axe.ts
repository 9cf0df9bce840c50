import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Accessibility in CI: axe-core on a page state, WCAG 2.0 and 2.1 level A and
 * AA rules only (best-practice rules are advice, not a failing test). A
 * failure lists every rule with the elements it found, so the fix can start
 * from the test output without opening a trace.
 */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

export async function a11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags([...WCAG_TAGS]).analyze();
  return results.violations.map((violation) => {
    const nodes = violation.nodes.slice(0, 6).map((node) => {
      const why = (node.failureSummary ?? "").split("\n").slice(1).join(" ").trim();
      return `    ${node.target.join(" ")}: ${why}`;
    });
    const more = violation.nodes.length > 6 ? [`    … and ${violation.nodes.length - 6} more`] : [];
    return [`${violation.id} (${violation.impact ?? "?"}): ${violation.help}`, ...nodes, ...more].join("\n");
  });
}

/**
 * Fails the test with axe's findings when the page, as it is now, breaks a
 * WCAG 2.1 A/AA rule. Soft by default: the test goes on, so one walk through
 * many page states reports all of them; `{ soft: false }` stops at once.
 */
export async function expectNoA11yViolations(page: Page, label: string, { soft = true } = {}): Promise<void> {
  // Let fonts and the colour scheme settle: colour-contrast reads computed styles.
  await page.evaluate(() => document.fonts.ready);
  // After a server action re-renders the page, Next.js streams the metadata
  // (the <title>) in after the body: give it a moment. A page that really has
  // no title still fails, on axe's document-title rule below.
  await page.waitForFunction(() => document.title.trim() !== "", null, { timeout: 5_000 }).catch(() => {});
  const found = await a11yViolations(page);
  (soft ? expect.soft : expect)(found, `axe: WCAG 2.1 A/AA violations on ${label} (${page.url()})`).toEqual([]);
}
