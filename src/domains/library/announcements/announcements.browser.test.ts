import { sql } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildUser } from "../../../seed/factories";
import { getNation } from "../../directory/service";

/** Write → preview → send by keyboard as the nation's lead, with axe on every page, EN and ES. */
describe("announcement pages in Chromium", () => {
  let h: BrowserHarness;
  let lead: BrowserContext;
  const press = async (page: Page, key: string) => page.keyboard.press(key);
  const activate = async (page: Page, locator: ReturnType<Page["getByRole"]>) => {
    await locator.focus();
    await press(page, "Enter");
  };

  beforeAll(async () => {
    h = await startBrowserHarness();
    const nation = (await getNation(h.t.db))!;
    const leadUser = await buildUser(h.t.db, {
      name: "Nora Nation",
      stakeholderRole: "policymaker",
      stateCode: "DC",
    });
    await addMembership(h.t.db, leadUser.id, nation.id, "lead");
    await buildUser(h.t.db, {
      email: "teacher@announce.example",
      stakeholderRole: "educator",
      stateCode: "MD",
    });
    await buildUser(h.t.db, {
      email: "parent@announce.example",
      stakeholderRole: "family_member",
      stateCode: "MD",
    });
    lead = await h.signedInContext(leadUser.id);
    lead.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("the nation's lead writes, previews and sends by keyboard; a missing field comes back by itself", async () => {
    const page = await lead.newPage();
    await page.goto("/library/announcements");
    await expectNoAxeViolations(page);
    await activate(page, page.getByRole("link", { name: "Write an announcement" }));
    await page.waitForURL(/\/new$/);
    await expectNoAxeViolations(page);
    await activate(page, page.getByRole("link", { name: "Write for United States" }));
    await page.waitForURL(/\/new\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);

    await page.getByLabel("Title in English").focus();
    await page.keyboard.type("Educators: screening week");
    await page.getByLabel("Educators", { exact: true }).focus();
    await press(page, "Space");
    await page.getByLabel("Maryland", { exact: true }).focus();
    await press(page, "Space");
    await activate(page, page.getByRole("button", { name: "Save and preview" }));
    // The text was left out: the form comes back, the title and the audience kept.
    await expect.poll(() => page.locator("#error-summary").count()).toBe(1);
    expect(await page.getByLabel("Title in English").inputValue()).toBe("Educators: screening week");
    expect(await page.getByLabel("Educators", { exact: true }).isChecked()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByLabel("Text in English").focus();
    await page.keyboard.type("Join us for **screening week**.");
    await activate(page, page.getByRole("button", { name: "Save and preview" }));
    await page.waitForURL(/\/drafts\/[0-9a-f-]{36}$/);
    expect(await page.locator(".usa-alert--info").textContent()).toContain("emailed to 1 people now");
    expect(await page.locator(".usa-prose strong", { hasText: "screening week" }).count()).toBe(1);
    await expectNoAxeViolations(page);

    await activate(page, page.getByRole("button", { name: "Send to 1 people" }));
    await expect.poll(() => page.locator(".usa-alert--success").count()).toBe(1);
    expect(await page.locator("h1").textContent()).toBe("Educators: screening week");
    await expectNoAxeViolations(page);
    await h.t.runJobs();
    const sent = await queryRows<{ to: string }>(h.t.db, sql`select to_address as "to" from email_outbox`);
    expect(sent.map((m) => m.to)).toEqual(["teacher@announce.example"]);

    await page.goto(`/language/es?next=${encodeURIComponent(new URL(page.url()).pathname)}`);
    expect(await page.getAttribute("html", "lang")).toBe("es");
    await expectNoAxeViolations(page);
    await page.goto("/library/announcements");
    expect(await page.locator("h1").textContent()).toBe("Anuncios");
    await expectNoAxeViolations(page);
    await page.close();
  });
});
