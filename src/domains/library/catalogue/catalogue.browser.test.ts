import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildUser } from "../../../seed/factories";
import { getNation } from "../../directory/service";
import { seedCatalogueDemo } from "./demo";

/**
 * The catalogue in Chromium, in English and Spanish, without a mouse: filter, tick measures,
 * compare them (four at most), open a measure; and a national editor's form. Axe on every page.
 */
describe("screening and assessment catalogue in Chromium", () => {
  let h: BrowserHarness;
  let editorId = "";

  beforeAll(async () => {
    h = await startBrowserHarness();
    await seedCatalogueDemo(h.t.db);
    const editor = await buildUser(h.t.db, { name: "Nadia Nation" });
    await addMembership(h.t.db, editor.id, (await getNation(h.t.db))!.id, "lead");
    editorId = editor.id;
  });
  afterAll(() => h?.close());

  const tick = async (page: Page, label: string) => {
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.press("Space");
  };

  it("filters, compares four and refuses five, by keyboard, in English", async () => {
    const context = await h.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto("/library/measures");
    expect(await page.locator("h1").textContent()).toBe("Screening and assessment catalogue");
    await expectNoAxeViolations(page);

    await page.getByLabel("Focus area").focus();
    await page.getByLabel("Focus area").selectOption("anxiety");
    await page.getByRole("button", { name: "Apply filters" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/focus=anxiety/);
    expect(await page.locator("#results-heading").textContent()).toBe("5 measures");
    await expectNoAxeViolations(page);

    for (const name of ["GAD-7", "SCARED", "RCADS", "SCAS"]) await tick(page, `Compare ${name}`);
    await page.getByRole("button", { name: "Compare selected" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/compare/);
    expect(await page.locator("caption").textContent()).toBe("4 measures side by side");
    expect(await page.locator("thead th").allTextContents()).toEqual([
      "Field",
      "GAD-7",
      "RCADS",
      "SCARED",
      "SCAS",
    ]);
    await expectNoAxeViolations(page);

    await page.goBack();
    await tick(page, "Compare RCADS-25");
    await page.getByRole("button", { name: "Compare selected" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/compare/);
    expect(await page.locator(".usa-alert--error").textContent()).toContain("at most four measures");
    await expectNoAxeViolations(page);

    await page.goto("/library/measures/scared");
    expect(await page.locator("h1").textContent()).toContain("SCARED");
    await expectNoAxeViolations(page);
  });

  it("reads the list, a comparison and a measure in Spanish", async () => {
    const context = await h.newContext({ locale: "es-US", extraHTTPHeaders: { "accept-language": "es" } });
    const page = await context.newPage();
    await page.goto("/library/measures?cost=free&reporter=teacher");
    expect(await page.locator("html").getAttribute("lang")).toBe("es");
    expect(await page.locator("h1").textContent()).toBe("Catálogo de instrumentos de detección y evaluación");
    await expectNoAxeViolations(page);
    await page.goto("/library/measures/compare?m=sdq&m=psc-17");
    expect(await page.locator("caption").textContent()).toBe("2 instrumentos lado a lado");
    await expectNoAxeViolations(page);
    await page.goto("/library/measures/asq");
    expect(await page.textContent("main")).toContain("Datos de demostración");
    await expectNoAxeViolations(page);
  });

  it("lets a national editor add a measure; a missing answer comes back by its field", async () => {
    const context = await h.signedInContext(editorId);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto("/library/measures");
    await page.getByRole("link", { name: "Add a measure" }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Short name").fill("KB-5");
    await page.getByLabel("Full name").fill("Keyboard Scale");
    await page.getByLabel("Page address", { exact: true }).fill("kb-5");
    await page.getByRole("button", { name: "Save measure" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#error-summary").count()).toBe(1);
    expect(await page.getByLabel("Short name").inputValue()).toBe("KB-5");
    await expectNoAxeViolations(page);

    await page.getByLabel("Publisher", { exact: true }).fill("Keyboard Press");
    await page.getByLabel("What it is (English)").fill("A scale typed by keyboard.");
    await tick(page, "Well-being");
    await tick(page, "Progress monitoring");
    await tick(page, "Student");
    await tick(page, "English");
    await page.getByLabel("Youngest age (years)").fill("10");
    await page.getByLabel("Oldest age (years)").fill("14");
    await tick(page, "Free");
    await page.getByLabel("How to obtain it (English)").fill("Ask us.");
    await page.getByLabel("What the evidence shows, in plain words (English)").fill("Untested.");
    await page.getByRole("button", { name: "Save measure" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/library\/measures\/kb-5$/);
    expect(await page.locator(".usa-alert--success").textContent()).toContain("added to the catalogue");
    await expectNoAxeViolations(page);
  });
});
