import type { BrowserContext } from "playwright-core";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { addMember } from "../../communities/membership/service";
import { seedNetworksDemo } from "./demo";

/*
 * The demo CoIIN in Chromium: a team member opens the dashboard (pooled chart, small multiples,
 * who reported), the team's charts, reports a value by keyboard and shares a change; the lead
 * sees the late teams. axe on every page.
 */
describe("improvement network pages in Chromium", () => {
  let h: BrowserHarness;
  let member: BrowserContext;
  let lead: BrowserContext;
  let slug = "";
  let teamId = "";

  beforeAll(async () => {
    h = await startBrowserHarness();
    const db = h.t.db;
    const { schools: first } = await buildDistrictWithSchools(db, "MD", 6);
    await buildDistrictWithSchools(db, "MD", 6);
    await seedNetworksDemo(db);
    const [network] = await queryRows<{ id: string; slug: string }>(
      db,
      sql`select id, slug from communities where kind = 'improvement_network'`,
    );
    slug = network!.slug;
    const [team] = await queryRows<{ id: string }>(
      db,
      sql`select id from network_teams where organisation_id = ${first[0]!.id}`,
    );
    teamId = team!.id;
    const memberUser = await buildUser(db, { name: "Mia Member" });
    await addMembership(db, memberUser.id, first[0]!.id, "member");
    const leadUser = await buildUser(db, { name: "Leo Lead" });
    await addMember(db, network!.id, leadUser.id, "lead");
    member = await h.signedInContext(memberUser.id);
    lead = await h.signedInContext(leadUser.id);
    member.setDefaultTimeout(10_000);
    lead.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("shows the dashboard, the team's charts, and takes a value and a shared change by keyboard", async () => {
    const page = await member.newPage();
    await page.goto("/networks");
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: /Universal Screening/ }).click();
    await expect.poll(() => page.locator("h2#pooled-heading").count()).toBe(1);
    expect(await page.locator(".usa-card").count()).toBe(12);
    expect(await page.locator("svg[role=img]").count()).toBeGreaterThan(12);
    await expectNoAxeViolations(page);

    await page.goto(`/networks/${slug}/teams/${teamId}`);
    expect(await page.locator("table").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await page.goto(`/networks/${slug}/teams/${teamId}/report`);
    await expectNoAxeViolations(page);
    await page.getByLabel("Followed up within 30 days", { exact: true }).fill("40");
    await page.getByLabel("Positive screens", { exact: true }).fill("20");
    await page.getByLabel("Followed up within 30 days", { exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#error-summary").count()).toBe(1);
    expect(await page.getByLabel("Followed up within 30 days", { exact: true }).inputValue()).toBe("40");
    await expectNoAxeViolations(page);
    await page.getByLabel("Followed up within 30 days", { exact: true }).fill("14");
    await page.getByRole("button", { name: "Save value" }).press("Enter");
    await expect.poll(() => page.locator(".usa-alert--success").count()).toBe(1);

    await page.goto(`/networks/${slug}/teams/${teamId}/share`);
    await expectNoAxeViolations(page);
    await page.getByLabel("Change idea").fill("Text reminders before the follow-up call");
    await page.getByLabel("What you changed").fill("Families get a text the day before the counselor calls.");
    await page.getByLabel("What came of it").selectOption("promising");
    await page.getByRole("button", { name: "Share with the network" }).press("Enter");
    await expect.poll(() => page.locator("h1").textContent()).toContain("Change package");
    expect(await page.content()).toContain("Text reminders before the follow-up call");
    await expectNoAxeViolations(page);
  });

  it("shows the lead the late teams and the forms to lead the network", async () => {
    const page = await lead.newPage();
    await page.goto(`/networks/${slug}/manage`);
    expect(await page.locator("h2", { hasText: "Late teams" }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.goto(`/networks/${slug}/measures/new`);
    await expectNoAxeViolations(page);
    await page.goto(`/networks/${slug}?measure=&page=1`);
    await expectNoAxeViolations(page);
  });
});
