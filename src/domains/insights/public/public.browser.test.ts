import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { buildUser } from "../../../seed/factories";
import { seedInstruments } from "../../measures/service";
import { districtRating } from "./test-world";

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
async function tabTo(page: Page, text: RegExp, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.textContent ?? ""} ${el.getAttribute("aria-label") ?? ""}`.trim() : "";
    });
    if (text.test(focused)) return;
  }
  throw new Error(`Tab never reached ${text}`);
}

describe("a public visitor reads the national dashboard in Spanish, by keyboard", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
    await seedInstruments(h.t.db);
    const actor = await buildUser(h.t.db);
    await districtRating(h.t.db, actor.id, "VT", Array(10).fill(4), "2025-26");
    await districtRating(h.t.db, actor.id, "VT", Array(10).fill(3), "2024-25");
  }, 600_000);
  afterAll(() => h?.close());

  it("home → Español → footer link → dashboard → another year → the CSV link; axe on every page", async () => {
    const context = await h.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto("/");
    await tabTo(page, /español/i);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/");
    expect(await page.getAttribute("html", "lang")).toBe("es");

    await tabTo(page, /^Tablero nacional$/);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/insights/national");
    expect(await page.getAttribute("html", "lang")).toBe("es");
    await expect(page.locator("h1").textContent()).resolves.toBe("Tablero nacional de salud mental escolar");
    expect(await page.locator("h1").count()).toBe(1);
    await expectNoAxeViolations(page);
    // The map has its table beside it, and every figure is in a table.
    expect(await page.locator("#national-map-title").count()).toBe(1);
    await expect(
      page.getByRole("table", { name: /Promedio general y escuelas con evaluación/ }).count(),
    ).resolves.toBe(1);
    // Vermont alone reports, so the nation's figure would give it away: hidden, the nation shown.
    await expect(page.locator("#nation-heading").textContent()).resolves.toBe("El país en 2025-26");
    await expect(page.locator("#nation-heading + ul").textContent()).resolves.toContain("4.0");

    // Another school year, chosen from the keyboard.
    await tabTo(page, /2025-26/);
    await page.keyboard.press("ArrowDown");
    await tabTo(page, /^Mostrar$/);
    await page.keyboard.press("Enter");
    await page.waitForURL("**/insights/national?year=2024-25");
    await expect(page.locator("#nation-heading").textContent()).resolves.toBe("El país en 2024-25");
    await expectNoAxeViolations(page);

    await tabTo(page, /Descargar esta tabla \(CSV\)/);
    const href = await page.evaluate(() =>
      (document.activeElement as HTMLAnchorElement).getAttribute("href"),
    );
    expect(href).toBe("/insights/national.csv?year=2024-25");
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain("school_year,state_code,state");
  }, 180_000);
});
