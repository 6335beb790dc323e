import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import {
  addMembership,
  buildDistrictWithSchools,
  buildUser,
  DEFAULT_TEST_PASSWORD,
} from "../../../seed/factories";
import { seedInstruments } from "../../measures/service";
import { createProject } from "../plans/service";
import { createMeasure, freezeBaseline, saveValues } from "./service";

/**
 * A school team member, keyboard only, opens a measure's chart page, enters a value for a new
 * month and finds it in the chart's table; the limits page too. Axe (WCAG 2.2 AA) on every page.
 */
const TIMEOUT = 240_000;

async function landed(page: Page) {
  await page.waitForLoadState("load");
  await expectNoAxeViolations(page);
}

describe("a measure's chart page in a browser", () => {
  let h: BrowserHarness;
  let email = "";
  let measureId = "";

  beforeAll(async () => {
    h = await startBrowserHarness("pglite");
    await seedInstruments(h.t.db);
    const { schools } = await buildDistrictWithSchools(h.t.db, "MD", 1);
    const user = await buildUser(h.t.db);
    email = user.email;
    await addMembership(h.t.db, user.id, schools[0]!.id, "member");
    const project = await createProject(h.t.db, user.id, schools[0]!.id, { title: "Follow-up plan" });
    const measure = await createMeasure(h.t.db, user.id, project, {
      name: "Referrals followed up within a week",
      kind: "process",
      type: "proportion",
      period: "month",
      definition: "Referrals followed up within 7 days over referrals received.",
      goal: 80,
    });
    const counts = [9, 11, 10, 12, 9, 10, 11, 10, 16, 17, 15, 18, 16, 17];
    await saveValues(
      h.t.db,
      user.id,
      project,
      measure,
      counts.map((n, i) => ({
        period: new Date(Date.UTC(2024, i, 1)).toISOString().slice(0, 7),
        value: n,
        denominator: 20,
      })),
    );
    await freezeBaseline(h.t.db, user.id, project, measure, { from: "2024-01", to: "2024-08" });
    measureId = measure.id;
  }, TIMEOUT);
  afterAll(() => h?.close());

  it(
    "enters a value by keyboard and sees the point in the table",
    async () => {
      const page = await (await h.newContext()).newPage();
      await page.goto(`/sign-in?next=${encodeURIComponent(`/improvement/measures/${measureId}`)}`);
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(DEFAULT_TEST_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      await landed(page);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
        "Referrals followed up within a week",
      );
      expect(await page.getByRole("img", { name: "Referrals followed up within a week" }).count()).toBe(1);
      // The shift after the baseline is named in words.
      expect(await page.getByText(/Shift: \d+ points in a row above the median/).count()).toBeGreaterThan(0);

      await page.getByLabel(/^Period/).focus();
      await page.keyboard.type("2025-03");
      await page.keyboard.press("Tab");
      await page.keyboard.type("19");
      await page.keyboard.press("Tab");
      await page.keyboard.type("20");
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      await landed(page);
      expect(await page.getByText("Value saved.").count()).toBe(1);
      const row = page.getByRole("row", { name: /March 2025/ });
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain("95%");

      // A wrong value comes back by its field, the rest kept.
      await page.getByLabel(/^Period/).focus();
      await page.keyboard.type("2025-04");
      await page.keyboard.press("Tab");
      await page.keyboard.type("30");
      await page.keyboard.press("Tab");
      await page.keyboard.type("20");
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      await landed(page);
      expect(await page.getByText("larger than the denominator").count()).toBeGreaterThan(0);

      // On a 375 px phone the chart scales into the page and its text stays legible.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`/improvement/measures/${measureId}`);
      const box = await page.getByRole("img", { name: "Referrals followed up within a week" }).boundingBox();
      expect(box!.width).toBeLessThanOrEqual(375);
      expect(box!.width / 420).toBeGreaterThan(0.75);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

      await page.goto(`/improvement/measures/${measureId}/limits`);
      await landed(page);
      await page.goto(`/improvement/measures/${measureId}?chart=control`);
      await landed(page);
      expect(await page.getByText("Centre line").count()).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
