import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import { seedInstruments } from "../../measures/service";
import { findEpisode, triageEpisode } from "./service";

/** Asking for help and the provider's episode page, by keyboard, with axe on every page. */
describe("technical assistance pages in Chromium", () => {
  let h: BrowserHarness;
  let lead: BrowserContext;
  let provider: BrowserContext;
  let school: Organisation;
  let stateLeadId = "";
  let providerId = "";
  let episodeId = "";

  const press = async (page: Page, key: string) => page.keyboard.press(key);

  beforeAll(async () => {
    h = await startBrowserHarness();
    await seedInstruments(h.t.db);
    const built = await buildDistrictWithSchools(h.t.db, "MD", 1);
    school = built.schools[0]!;
    const leadUser = await buildUser(h.t.db, { name: "Lena Lead" });
    await addMembership(h.t.db, leadUser.id, school.id, "lead");
    const stateLead = await buildUser(h.t.db, { name: "Stan State" });
    await addMembership(h.t.db, stateLead.id, built.state.id, "lead");
    stateLeadId = stateLead.id;
    const providerUser = await buildUser(h.t.db, { name: "Pia Provider" });
    await addMembership(h.t.db, providerUser.id, built.state.id, "member");
    providerId = providerUser.id;
    lead = await h.signedInContext(leadUser.id);
    provider = await h.signedInContext(providerUser.id);
    lead.setDefaultTimeout(10_000);
    provider.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("a team lead asks for help from the keyboard; a missing answer comes back by its field", async () => {
    const page = await lead.newPage();
    await page.goto("/assistance");
    expect(await page.locator("h1").count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: school.name }).click();
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Ask for help" }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Topic").focus();
    await page.getByLabel("Topic").selectOption("screening");
    await page.getByLabel("What do you need?").focus();
    await page.keyboard.type("Choosing a screening measure for grades 3-5.");
    await page.getByRole("button", { name: "Send request" }).focus();
    await press(page, "Enter");
    // Urgency was not chosen: the form comes back with the text kept.
    await expect.poll(() => page.locator("#error-summary").count()).toBe(1);
    expect(await page.getByLabel("What do you need?").inputValue()).toContain("screening measure");
    await expectNoAxeViolations(page);
    await page.getByLabel("Soon (within two weeks)").focus();
    await press(page, "Space");
    await page.getByRole("button", { name: "Send request" }).focus();
    await press(page, "Enter");
    await expect.poll(() => page.locator(".usa-alert--success").count()).toBe(1);
    episodeId = page.url().split("/").pop()!;
    expect(await page.locator("h1").textContent()).toContain(school.name);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it("the provider logs a contact and an objective from the keyboard on the episode page", async () => {
    await triageEpisode(h.t.db, {
      actorId: stateLeadId,
      episodeId,
      triage: { decision: "accept", intensity: "targeted", providerId },
      publicUrl: "",
    });
    const page = await provider.newPage();
    await page.goto(`/assistance/episodes/${episodeId}`);
    await expectNoAxeViolations(page);
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel("Date", { exact: true }).fill(today);
    await page.getByLabel("Video call").focus();
    await press(page, "Space");
    await page.getByLabel("Duration in hours").focus();
    await page.keyboard.type("1.3");
    await page.getByLabel("Educators").focus();
    await page.keyboard.type("5");
    await page.getByLabel("What was done", { exact: true }).focus();
    await page.keyboard.type("Compared three screeners with the team.");
    await page.getByRole("button", { name: "Log contact" }).focus();
    await press(page, "Enter");
    // 1.3 is not a quarter hour: back by its field, the rest kept.
    await expect.poll(() => page.locator("#error-summary").count()).toBe(1);
    expect(await page.getByLabel("What was done", { exact: true }).inputValue()).toContain("three screeners");
    await expectNoAxeViolations(page);
    await page.getByLabel("Duration in hours").fill("1.25");
    await page.getByRole("button", { name: "Log contact" }).focus();
    await press(page, "Enter");
    await expect.poll(() => page.locator(".usa-alert--success").count()).toBe(1);
    expect(await page.locator("table").first().textContent()).toBeTruthy();
    await page.getByLabel("Objective", { exact: true }).focus();
    await page.keyboard.type("Pick a screener by March");
    await page.getByRole("button", { name: "Add objective" }).focus();
    await press(page, "Enter");
    await expect.poll(() => page.getByText("Pick a screener by March").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    expect((await findEpisode(h.t.db, episodeId))!.hours).toBe(1.25);
    await page.goto(`/language/es?next=/assistance/episodes/${episodeId}`);
    expect(await page.getAttribute("html", "lang")).toBe("es");
    await expectNoAxeViolations(page);
    await page.close();
  });
});
