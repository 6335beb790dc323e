import { sql } from "drizzle-orm";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildUser, findOrganisationByStateCode } from "../../../seed/factories";
import { generateUsage } from "./generate";

/** The reach dashboard in Chromium, in English and Spanish, reached by keyboard, with axe. */
describe("reach dashboard in Chromium", () => {
  let h: BrowserHarness;
  let stateMember: BrowserContext;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const md = await findOrganisationByStateCode(h.t.db, "MD");
    const person = await buildUser(h.t.db, { name: "Mara Maryland" });
    await addMembership(h.t.db, person.id, md.id, "member");
    for (const [i, type] of ["guide", "toolkit", "policy_brief"].entries())
      await h.t.db.execute(
        sql`insert into library_resources (slug, type, title, summary, year, created_by, status, published_at,
              state_code, domain_keys, audiences)
            values (${`md-resource-${i}`}, ${type}, ${`Maryland resource ${i}`}, 'Summary', 2025, ${person.id},
              'published', now(), 'MD', '{screening}', '{educator}')`,
      );
    await generateUsage(h.t.db, { events: 3_000, users: 300, seed: 3 });
    stateMember = await h.signedInContext(person.id);
    stateMember.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("a state's team member opens their state's dashboard from /library/reach by keyboard", async () => {
    const page = await stateMember.newPage();
    await page.goto("/library/reach");
    expect(await page.locator("h1").count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Maryland" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("h1").textContent()).toContain("Reach: Maryland");
    expect(await page.locator("svg[role=img] title").count()).toBe(1);
    expect(await page.getByRole("table", { name: "By month" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "COUNTER item report, IR (CSV)" }).count()).toBe(1);
    expect(await page.locator("text=Maryland resource 0").count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await page.goto(`/language/es?next=${encodeURIComponent(new URL(page.url()).pathname)}`);
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("es");
    expect(await page.getByRole("table", { name: "Por mes" }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
