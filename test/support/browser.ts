import AxeBuilder from "@axe-core/playwright";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from "playwright-core";
import { expect } from "vitest";
import { SESSION_COOKIE, createSession } from "../../src/platform/auth/sessions";
import { type DatabaseKind, startTestApp, type TestApp } from "./app";

/** Debian's Chromium: `npx playwright install` cannot download browsers on these machines. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** The real app listening on a free local port, and one browser driving it (one of each per test file). */
export interface BrowserHarness {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** A fresh browser profile (cookies, language): one per person in a journey. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A fresh browser profile already signed in as the person (a session made directly). */
  signedInContext(userId: string, options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startBrowserHarness(kind: DatabaseKind = "pglite"): Promise<BrowserHarness> {
  const t = await startTestApp(kind);
  const address = await t.app.listen({ host: "127.0.0.1", port: 0 });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  const newContext = async (options: BrowserContextOptions = {}) => {
    // axe-core/playwright needs pages made from a context, not browser.newPage().
    const context = await browser.newContext({ baseURL: address, locale: "en-US", ...options });
    contexts.push(context);
    return context;
  };
  return {
    t,
    browser,
    baseUrl: address,
    newContext,
    async signedInContext(userId, options = {}) {
      const token = await createSession(t.db, userId, { userAgent: "browser test" });
      const context = await newContext(options);
      const { hostname } = new URL(address);
      await context.addCookies([
        {
          name: SESSION_COOKIE,
          value: t.app.signCookie(token),
          domain: hostname,
          path: "/",
          httpOnly: true,
          sameSite: "Lax",
        },
      ]);
      return context;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await t.close();
    },
  };
}

export interface AxeViolationSummary {
  id: string;
  impact: string | null | undefined;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; summary: string }[];
}

/** Runs axe (WCAG 2.0–2.2 A and AA rules) on the page as it is now and returns what it found. */
export async function axeViolations(page: Page): Promise<AxeViolationSummary[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(" "),
      html: n.html.slice(0, 200),
      summary: (n.failureSummary ?? "").replace(/\s+/g, " ").trim(),
    })),
  }));
}

export function formatViolations(url: string, violations: AxeViolationSummary[]): string {
  const lines = [`${violations.length} accessibility violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`- [${v.impact ?? "?"}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 5))
      lines.push(`    at ${n.target}\n      ${n.html}\n      ${n.summary}`);
    if (v.nodes.length > 5) lines.push(`    …and ${v.nodes.length - 5} more`);
  }
  return lines.join("\n");
}

/** Asserts the page has no axe violations; on failure the message lists each rule and element. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.length, formatViolations(page.url(), violations)).toBe(0);
}
