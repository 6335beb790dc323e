import { readFileSync } from "node:fs";
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
import type { Organisation } from "../../directory/service";
import { seedInstruments } from "../instruments/service";

/**
 * A state lead, keyboard only: state dashboard → every school → filter by district → a school →
 * back → the CSV of what the filter shows; and the participation follow-up. Axe on every page.
 */
const JOURNEY_TIMEOUT = 240_000;

async function landed(page: Page) {
  await page.waitForLoadState("load");
  await expectNoAxeViolations(page);
}

async function press(page: Page, role: "link" | "button", name: string | RegExp) {
  await page.getByRole("main").getByRole(role, { name }).first().focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  await landed(page);
}

describe("a state lead's school list in a browser", () => {
  let h: BrowserHarness;
  let state: Organisation;
  let a: { state: Organisation; district: Organisation; schools: Organisation[] };
  let email = "";

  beforeAll(async () => {
    h = await startBrowserHarness("pglite");
    await seedInstruments(h.t.db);
    a = await buildDistrictWithSchools(h.t.db, "DE", 2);
    await buildDistrictWithSchools(h.t.db, "DE", 3);
    state = a.state;
    const lead = await buildUser(h.t.db);
    email = lead.email;
    await addMembership(h.t.db, lead.id, state.id, "lead");
  }, JOURNEY_TIMEOUT);
  afterAll(() => h?.close());

  it(
    "goes from the dashboard to every school, filters, opens a school and downloads the CSV",
    async () => {
      const page = await (await h.newContext({ acceptDownloads: true })).newPage();
      await page.goto(`/sign-in?next=${encodeURIComponent(`/measures/dashboards/state/${state.id}`)}`);
      await page.getByLabel("Email address").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(DEFAULT_TEST_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      await landed(page);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Delaware");

      await press(page, "link", "Every school: filter, sort and download");
      expect(await page.getByText("5 schools.").count()).toBe(1);
      // Choose district A with the keyboard: focus the select and move down to its name.
      const district = page.getByLabel("District", { exact: true });
      await district.focus();
      const options = await district.locator("option").allTextContents();
      for (let i = 0; i < options.indexOf(a.district.name); i++) await page.keyboard.press("ArrowDown");
      expect(await district.inputValue()).toBe(a.district.id);
      await press(page, "button", "Apply");
      expect(await page.getByText("2 of 5 schools match the filters.").count()).toBe(1);
      const listUrl = page.url();

      await press(page, "link", a.schools[0]!.name);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(a.schools[0]!.name);
      await page.goto(listUrl);
      await landed(page);

      await page.getByRole("main").getByRole("link", { name: "Download these schools (CSV)" }).focus();
      const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
      const lines = readFileSync(await download.path(), "utf8")
        .trim()
        .split("\n");
      expect(lines).toHaveLength(3);
      expect(
        lines
          .slice(1)
          .map((l) => l.split(",")[0])
          .sort(),
      ).toEqual(a.schools.map((s) => s.id).sort());

      await page.goto(`/measures/dashboards/state/${state.id}`);
      await landed(page);
      await press(page, "link", /^Participation follow-up/);
      expect(await page.getByText("5 of 5 schools have not submitted both this year.").count()).toBe(1);
    },
    JOURNEY_TIMEOUT,
  );
});
