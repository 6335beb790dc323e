import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildUser } from "../../../seed/factories";
import { getNation } from "../../directory/service";

/**
 * The publishing journey in Chromium, by keyboard, with axe on every page: a national editor
 * writes a Spanish guide and sends it for review, a second editor approves it, and a visitor
 * finds it by searching in Spanish.
 */
describe("library publishing journey in Chromium", () => {
  let h: BrowserHarness;
  let author: BrowserContext;
  let reviewer: BrowserContext;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const nation = (await getNation(h.t.db))!;
    const ana = await buildUser(h.t.db, { name: "Ana Editora" });
    const rui = await buildUser(h.t.db, { name: "Rui Revisor" });
    await addMembership(h.t.db, ana.id, nation.id, "lead");
    await addMembership(h.t.db, rui.id, nation.id, "lead");
    author = await h.signedInContext(ana.id);
    reviewer = await h.signedInContext(rui.id);
    author.setDefaultTimeout(10_000);
    reviewer.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("an editor writes, a second editor approves, a visitor finds it in Spanish", async () => {
    const page = await author.newPage();
    await page.goto("/library");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Library editing" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Library editing");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "New resource on National library" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("h1").textContent()).toBe("New resource on National library");
    await expectNoAxeViolations(page);

    // The form by keyboard: type into each field, Space ticks boxes and picks radios.
    const typeInto = async (label: string, text: string) => {
      await page.getByLabel(label).first().focus();
      await page.keyboard.type(text);
    };
    await typeInto("Title", "Guía de bienestar para familias");
    await page.getByLabel("Type", { exact: true }).focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.getByRole("radio", { name: "Spanish" }).focus();
    await page.keyboard.press("Space");
    await typeInto("Summary", "Ideas sencillas para que las familias cuiden el bienestar emocional en casa.");
    await typeInto("Authors", "Ana Editora");
    await page.getByRole("checkbox", { name: "Mental health promotion (Tier 1)" }).focus();
    await page.keyboard.press("Space");
    await page.getByRole("checkbox", { name: "Families" }).focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Year", { exact: true }).focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("2026");
    await page.getByRole("button", { name: "Save draft" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Guía de bienestar para familias");
    expect(await page.locator("text=Draft saved.").count()).toBe(1);
    await expectNoAxeViolations(page);
    const address = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "Send for review" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("text=Sent for review").count()).toBe(1);
    // Its author may not approve it: there is no review form for them.
    expect(await page.getByRole("button", { name: "Record review" }).count()).toBe(0);
    await page.close();

    const second = await reviewer.newPage();
    await second.goto(address);
    await expectNoAxeViolations(second);
    await second.getByRole("radio", { name: "Approve and publish" }).focus();
    await second.keyboard.press("Space");
    await second.getByRole("textbox", { name: /Comment/ }).focus();
    await second.keyboard.type("Clara y útil.");
    await second.getByRole("button", { name: "Record review" }).focus();
    await second.keyboard.press("Enter");
    await expect.poll(() => second.locator("text=Review recorded.").count()).toBe(1);
    await second.close();

    const visitorContext = await h.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto("/language/es?next=%2Flibrary");
    await expect.poll(() => visitor.locator("html").getAttribute("lang")).toBe("es");
    await expectNoAxeViolations(visitor);
    await visitor.getByLabel("Buscar en la biblioteca").focus();
    await visitor.keyboard.type("familias bienestar");
    await visitor.keyboard.press("Enter");
    // The whole library's heading ("21 recursos") also contains "1 recursos": wait for the search's.
    await expect
      .poll(() => visitor.locator("#results-heading").textContent())
      .toMatch(/^\s*1 recursos para «familias bienestar»/);
    await expectNoAxeViolations(visitor);
    await visitor.getByRole("link", { name: "Guía de bienestar para familias" }).focus();
    await visitor.keyboard.press("Enter");
    await expect.poll(() => visitor.locator("h1").textContent()).toBe("Guía de bienestar para familias");
    expect(await visitor.locator("text=Cómo citarlo").count()).toBe(1);
    await expectNoAxeViolations(visitor);
  });
});
