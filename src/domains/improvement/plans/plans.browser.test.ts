import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { previousSchoolYear, type ResponseView, schoolYearOf, seedInstruments } from "../../measures/service";
import { buildSubmittedAssessment } from "./test-factories";

/** A person at a keyboard: focus a control, then type or press, never a mouse click. */
async function typeInto(field: Locator, text: string) {
  await field.focus();
  await field.page().keyboard.type(text);
}
async function press(control: Locator, key = "Enter") {
  await control.focus();
  await control.page().keyboard.press(key);
}
async function settled(page: Page, heading: string) {
  await expect.poll(() => page.locator("h1").textContent()).toContain(heading);
  await expectNoAxeViolations(page);
}

describe("improvement plan journey in Chromium", () => {
  let h: BrowserHarness;
  let lead: BrowserContext;
  let report: ResponseView;

  beforeAll(async () => {
    h = await startBrowserHarness();
    await seedInstruments(h.t.db);
    const { schools } = await buildDistrictWithSchools(h.t.db, "MD", 1);
    const person = await buildUser(h.t.db, { name: "Lena Lead" });
    await addMembership(h.t.db, person.id, schools[0]!.id, "lead");
    const year = previousSchoolYear(schoolYearOf(new Date()));
    report = await buildSubmittedAssessment(h.t.db, person.id, schools[0]!, year, (_k, i, domain) =>
      domain === 2 ? [1, 2, 3][i % 3]! : 5,
    );
    lead = await h.signedInContext(person.id);
    lead.setDefaultTimeout(15_000);
  });
  afterAll(() => h?.close());

  it("goes from the report to a plan, its aim, a driver diagram with a change idea and a PDSA cycle, by keyboard", async () => {
    const domain = report.instrument.sections.filter((s) => s.scored)[2]!;
    const page = await lead.newPage();
    await page.goto(`/measures/responses/${report.id}/report`);
    await expectNoAxeViolations(page);

    // Report → Start a plan for the lowest domain (its priority area).
    await press(page.getByRole("link", { name: `Start a plan for ${domain.title.en}` }));
    await settled(page, "Start a plan from the report");
    expect(await page.getByRole("radio", { name: new RegExp(domain.title.en) }).isChecked()).toBe(true);
    await press(page.getByRole("button", { name: "Start a plan" }));

    // The aim: what, how much, by when, for whom.
    await settled(page, "Aim of Improve:");
    await typeInto(page.getByLabel("What will improve"), "Referrals followed up within a week");
    await typeInto(page.getByLabel("How much"), "from 40% to 80%");
    await typeInto(page.getByLabel("By when"), "06302027");
    await typeInto(page.getByLabel("For whom"), "Students referred for Tier 2 support");
    await press(page.getByRole("button", { name: "Save the aim" }));
    await settled(page, "Plan: Improve:");
    expect(await page.locator("main").textContent()).toContain("from 40% to 80%");
    expect(await page.getByRole("link", { name: `Guidance for ${domain.title.en}` }).count()).toBe(1);

    // The driver diagram: a primary driver, a secondary driver under it, a change idea under that.
    await press(page.getByRole("link", { name: "Driver diagram" }));
    await settled(page, "Driver diagram:");
    await typeInto(page.getByLabel("Title"), "Reliable referral process");
    await press(page.getByRole("button", { name: "Add the primary driver" }));
    await settled(page, "Driver diagram:");
    await press(page.getByRole("link", { name: "Reliable referral process" }));
    await settled(page, "Primary driver: Reliable referral process");
    await press(page.getByRole("radio", { name: "A secondary driver" }), "Space");
    await typeInto(page.getByLabel("Title", { exact: true }).first(), "Clear roles for follow-up");
    await press(page.getByRole("button", { name: "Add", exact: true }));
    // The same page comes back: wait for the new driver, not the heading it already had.
    await expect
      .poll(() => page.getByRole("link", { name: "Clear roles for follow-up" }).count())
      .toBeGreaterThan(0);
    await settled(page, "Primary driver: Reliable referral process");
    await press(page.getByRole("link", { name: "Clear roles for follow-up" }).first());
    await settled(page, "Secondary driver: Clear roles for follow-up");
    await typeInto(page.getByLabel("A change idea"), "Daily referral huddle");
    await press(page.getByRole("button", { name: "Add", exact: true }));
    await settled(page, "Secondary driver: Clear roles for follow-up");
    await press(page.getByRole("link", { name: "Back to the driver diagram" }));
    await settled(page, "Driver diagram:");
    expect(await page.locator("svg[role=img] title").textContent()).toContain("Driver diagram of");
    await press(page.getByRole("link", { name: "Daily referral huddle" }));

    // A PDSA cycle on the change idea.
    await settled(page, "Change idea: Daily referral huddle");
    await press(page.getByRole("link", { name: "Start a PDSA cycle" }));
    await settled(page, "Start a PDSA cycle");
    await typeInto(page.getByLabel("Title of the cycle"), "Huddle pilot, two weeks");
    await typeInto(page.getByLabel("Starts"), "10012026");
    await typeInto(page.getByLabel("Ends"), "10142026");
    await typeInto(page.getByLabel("Objective"), "Follow up every referral within a week");
    await typeInto(
      page.getByRole("textbox", { name: /^Prediction/ }),
      "At least 8 of 10 followed up within 5 days",
    );
    await press(page.getByRole("button", { name: "Start the cycle" }));
    await settled(page, "PDSA cycle: Huddle pilot, two weeks");
    expect(await page.locator("main").textContent()).toContain("At least 8 of 10");
    await press(page.getByRole("link", { name: "Daily referral huddle" }));
    await settled(page, "Change idea: Daily referral huddle");
    expect(await page.locator("main").textContent()).toContain("2026-10-01 – 2026-10-14");
    await page.close();
  });
});
