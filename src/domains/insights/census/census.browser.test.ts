import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildUser } from "../../../seed/factories";
import { buildCensusWorld } from "./test-world";

describe("census pages in Chromium", () => {
  let h: BrowserHarness;
  let reader: BrowserContext;
  let visitor: BrowserContext;
  let paths: string[];

  beforeAll(async () => {
    h = await startBrowserHarness();
    const world = await buildCensusWorld(h.t.db);
    const lead = await buildUser(h.t.db, { name: "Stella Statelead" });
    await addMembership(h.t.db, lead.id, world.state.id, "lead");
    paths = [
      "/census/nation?year=2025-26",
      `/census/state/${world.state.id}?year=2025-26`,
      `/census/district/${world.districtA.id}?year=2025-26`,
      `/census/state/${world.state.id}/trends`,
      `/census/district/${world.districtA.id}/trends`,
    ];
    reader = await h.signedInContext(lead.id);
    visitor = await h.newContext();
    for (const c of [reader, visitor]) c.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("every census page has one h1, its charts and tables, and no axe violations, in English and Spanish", async () => {
    for (const [context, locales] of [
      [reader, ["en", "es"]],
      [visitor, ["es"]],
    ] as const) {
      for (const locale of locales) {
        const page = await context.newPage();
        await page.goto(`/language/${locale}?next=/`);
        for (const path of paths) {
          const response = await page.goto(path);
          expect(response?.status(), path).toBe(200);
          expect(await page.getAttribute("html", "lang")).toBe(locale);
          expect(await page.locator("h1").count(), path).toBe(1);
          expect(await page.locator("table").count(), path).toBeGreaterThan(3);
          await expectNoAxeViolations(page);
        }
        await page.close();
      }
    }
  }, 300_000);

  it("a state lead picks a year by keyboard and downloads what the page shows", async () => {
    const page = await reader.newPage();
    await page.goto(`/language/en?next=${encodeURIComponent(paths[2]!)}`);
    await expect(page.locator("svg[role=img]").count()).resolves.toBeGreaterThan(0);
    await page.locator("#year").focus();
    await page.keyboard.press("End");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(/year=2023-24/);
    expect(await page.locator("h1").textContent()).toContain("Census");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download these figures (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^census-district-.*-2023-24\.csv$/);
    await page.close();
  }, 120_000);
});
