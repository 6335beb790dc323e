import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../test/support/browser";
import {
  addMembership,
  buildDistrictWithSchools,
  buildUser,
  DEFAULT_TEST_PASSWORD,
} from "../../seed/factories";
import type { Organisation } from "../directory/service";
import { seedInstruments } from "./instruments/service";

/**
 * A school team member, keyboard only, fills part of the profile, reloads, completes and submits
 * the assessment and reads the report; the district lead sees the school on the dashboard; a peer
 * school is refused. Every page on the way is checked with axe (WCAG 2.2 AA).
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

async function signIn(page: Page, email: string, next: string) {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(DEFAULT_TEST_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  await landed(page);
}

describe("measures journey in a browser", () => {
  let h: BrowserHarness;
  let school: Organisation;
  let districtId: string;
  const people = { member: "", lead: "", peer: "", admin: "" };

  beforeAll(async () => {
    h = await startBrowserHarness("pglite");
    await seedInstruments(h.t.db);
    const built = await buildDistrictWithSchools(h.t.db, "MD", 2);
    school = built.schools[0]!;
    districtId = built.district.id;
    for (const [key, org] of [
      ["member", school.id],
      ["lead", districtId],
      ["peer", built.schools[1]!.id],
    ] as const) {
      const user = await buildUser(h.t.db);
      people[key] = user.email;
      await addMembership(h.t.db, user.id, org, key === "lead" ? "lead" : "member");
    }
    people.admin = (await buildUser(h.t.db, { systemRole: "admin" })).email;
  }, JOURNEY_TIMEOUT);
  afterAll(() => h?.close());

  it(
    "fills the profile, completes and submits the assessment, reads the report; the district sees it; a peer cannot",
    async () => {
      const page = await (await h.newContext()).newPage();
      await signIn(page, people.member, `/measures/orgs/${school.id}`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(school.name);

      // Profile: one answer, saved as it is typed (autosave), still there after a reload.
      await press(page, "button", "Start the profile");
      await press(page, "link", "Staffing");
      await page.getByLabel(/School counselor: school-employed/).focus();
      await page.keyboard.type("1.5");
      await page.keyboard.press("Tab");
      // "Saved" appears next to the answer that changed, not only at the top of the form.
      const counselor = page.locator(".usa-form-group", {
        has: page.getByLabel(/School counselor: school-employed/),
      });
      await expect.poll(() => counselor.locator("[data-field-status]").textContent()).toContain("Saved");
      await page.reload();
      await landed(page);
      expect(await page.getByLabel(/School counselor: school-employed/).inputValue()).toBe("1.5");

      // Assessment: every indicator rated 4 (Teaming's first one 6), section by section.
      await page.goto(`/measures/orgs/${school.id}`);
      await landed(page);
      await press(page, "button", "Start an assessment");
      await press(page, "link", "Teaming");
      expect(await page.getByText("Domain 1 of 7").count()).toBe(1);
      for (let section = 0; section < 7; section++) {
        const groups = page.locator("fieldset");
        const count = await groups.count();
        for (let i = 0; i < count; i++) {
          await groups
            .nth(i)
            .getByLabel(section === 0 && i === 0 ? "6 – Fully in place" : "4 – Mostly in place")
            .focus();
          await page.keyboard.press("Space");
        }
        await press(page, "button", section < 6 ? "Save and go to the next section" : "Save");
      }
      await press(page, "link", "Back to all sections");
      // Submitting asks first, stating what is answered and rated in each of the 7 domains.
      await press(page, "link", "Review and submit");
      expect(await page.getByRole("row", { name: /^Teaming/ }).textContent()).toContain("8 of 8");
      await press(page, "button", "Submit and lock");
      expect(page.url()).toContain("/report");
      const teaming = page.getByRole("row", { name: /^Teaming/ });
      // Teaming: (6 + 4 × 7) / 8 = 4.25 → 4.3.
      expect(await teaming.textContent()).toContain("4.3");
      expect(await page.getByRole("row", { name: /^Screening/ }).textContent()).toContain("4.0");
      expect(await page.getByText("fewer than 10 schools").count()).toBeGreaterThan(0);
      const reportUrl = new URL(page.url()).pathname;

      // The district lead sees the school's scores on the dashboard.
      const leadPage = await (await h.newContext()).newPage();
      await signIn(leadPage, people.lead, `/measures/dashboards/district/${districtId}`);
      const row = leadPage.getByRole("row", { name: new RegExp(school.name) });
      expect(await row.textContent()).toContain("4.3");

      // The rest of the measures pages pass axe too: guidance, CSV filters, state, national, import.
      await press(page, "link", /^Teaming$/);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Guidance");
      await leadPage.getByLabel("Profile status").selectOption("submitted");
      await Promise.all([
        leadPage.waitForNavigation(),
        leadPage.getByRole("button", { name: "Apply" }).click(),
      ]);
      await landed(leadPage);
      const adminPage = await (await h.newContext()).newPage();
      await signIn(adminPage, people.admin, "/measures/dashboards/national");
      await press(adminPage, "link", "Maryland");
      await press(adminPage, "link", "Import school profiles (CSV)");
      await adminPage.goto("/language/es?next=/measures/dashboards/national");
      await landed(adminPage);

      // A peer school's member gets "not found", on the page and from the API.
      const peerPage = await (await h.newContext()).newPage();
      await signIn(peerPage, people.peer, "/measures");
      const refused = await peerPage.goto(reportUrl);
      expect(refused?.status()).toBe(404);
      const api = await peerPage.request.get(`/api/v1/responses/${reportUrl.split("/")[3]}/scores`);
      expect(api.status()).toBe(404);
    },
    JOURNEY_TIMEOUT,
  );
});
