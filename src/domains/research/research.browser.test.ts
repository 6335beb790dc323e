import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../test/support/browser";
import { buildUser } from "../../seed/factories";
import { previousSchoolYear, schoolYearOf, seedInstruments } from "../measures/service";

describe("research access pages in Chromium", () => {
  let h: BrowserHarness;
  let researcher: BrowserContext;
  let admin: BrowserContext;
  const year = previousSchoolYear(schoolYearOf(new Date()));

  beforeAll(async () => {
    h = await startBrowserHarness();
    await seedInstruments(h.t.db);
    researcher = await h.signedInContext((await buildUser(h.t.db, { name: "Rita Researcher" })).id);
    admin = await h.signedInContext((await buildUser(h.t.db, { systemRole: "admin" })).id);
    researcher.setDefaultTimeout(10_000);
    admin.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("applies without JavaScript-only controls: errors by their fields, then the application is sent", async () => {
    const page = await researcher.newPage();
    await page.goto("/research");
    expect(await page.locator("h1").count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Apply for research access" }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Project title").fill("Screening over time");
    await page.getByRole("button", { name: "Submit application" }).click();
    // The form comes back with the title kept and a message by each missing field.
    await expect.poll(() => page.locator("#error-summary").count()).toBe(1);
    expect(await page.getByLabel("Project title").inputValue()).toBe("Screening over time");
    await expectNoAxeViolations(page);
    await page.getByLabel("Institution").fill("Coastal University");
    await page.getByLabel("Purpose").fill("Trends in screening coverage.");
    await page.getByLabel("IRB approval number").fill("IRB-42");
    await page.getByLabel("IRB approval letter").setInputFiles({
      name: "irb.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n%%EOF\n"),
    });
    // USWDS draws its own boxes over visually hidden inputs: ticked from the keyboard, as a person would.
    for (const box of [
      page.locator("#instrumentKeys-1"),
      page.getByLabel(year),
      page.getByLabel("I accept the data-use agreement"),
    ]) {
      await box.focus();
      await page.keyboard.press("Space");
    }
    await page.getByRole("button", { name: "Submit application" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Screening over time");
    expect(await page.locator(".usa-alert--success").first().textContent()).toContain("application was sent");
    await expectNoAxeViolations(page);
    await page.close();
  });

  it("lets a national admin approve it; the researcher then sees files and a codebook", async () => {
    const page = await admin.newPage();
    await page.goto("/admin/research");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Screening over time" }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Approve").focus();
    await page.keyboard.press("Space");
    const until = new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10);
    await page.getByLabel("Last day of access").fill(until);
    await page.getByRole("button", { name: "Save decision" }).click();
    await expect
      .poll(() => page.locator(".usa-alert--success").first().textContent())
      .toContain("decision was saved");
    await page.close();

    const mine = await researcher.newPage();
    for (const locale of ["es", "en"]) {
      await mine.goto(`/language/${locale}?next=/research`);
      expect(await mine.getAttribute("html", "lang")).toBe(locale);
      await mine.locator("table a").first().click();
      await expectNoAxeViolations(mine);
    }
    const codebook = mine.getByRole("link", { name: /^Codebook/ }).first();
    await codebook.click();
    expect(await mine.locator("h1").textContent()).toContain(year);
    await expectNoAxeViolations(mine);
    await mine.close();
  });
});
