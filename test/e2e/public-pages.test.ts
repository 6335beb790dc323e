import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, expectNoAxeViolations, startBrowserHarness } from "../support/browser";

const PUBLIC_PAGES = [
  "/",
  "/practice-groups",
  "/accessibility",
  "/privacy",
  "/directory",
  "/directory/schools",
  "/register",
  "/sign-in",
  "/forgot-password",
  "/api/v1/docs",
  "/api/v1/docs/communities",
];

describe("public pages in Chromium", () => {
  let h: BrowserHarness;
  let context: BrowserContext;
  beforeAll(async () => {
    h = await startBrowserHarness();
    context = await h.newContext();
    context.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it.each(PUBLIC_PAGES)(
    "%s has one h1 and no axe violations, in English and Spanish",
    async (path) => {
      const page = await context.newPage();
      await context.clearCookies();
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute("html", "lang")).toBe("en");
      expect(await page.locator("h1").count()).toBe(1);
      await expectNoAxeViolations(page);
      await page.getByRole("link", { name: "Leer esta página en español" }).click();
      await page.waitForURL(`**${path}`);
      expect(await page.getAttribute("html", "lang")).toBe("es");
      await expectNoAxeViolations(page);
      await page.close();
    },
    180_000,
  );
});
