import { sql } from "drizzle-orm";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, expectNoAxeViolations, startBrowserHarness } from "../../../test/support/browser";
import { queryRows } from "../../platform/db/client";
import { addMembership, buildDistrictWithSchools, buildUser, DEFAULT_TEST_PASSWORD } from "../../seed/factories";

/** The signed-in account pages, in a real browser with axe, including changing the email address. */
describe("account pages in Chromium", () => {
  let h: BrowserHarness;
  let context: BrowserContext;
  const oldEmail = `browser-${Date.now()}@example.org`;
  const newEmail = `browser-new-${Date.now()}@example.org`;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const person = await buildUser(h.t.db, { email: oldEmail, name: "Bea Browser" });
    const { schools } = await buildDistrictWithSchools(h.t.db, "OR", 1);
    await addMembership(h.t.db, person.id, schools[0]!.id, "member");
    context = await h.signedInContext(person.id);
    context.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("every account page has one h1 and no axe violations, in English and Spanish", async () => {
    for (const locale of ["en", "es"]) {
      const page = await context.newPage();
      await page.goto(`/language/${locale}?next=/account`);
      for (const path of ["/account", "/account/profile", "/account/password", "/account/tokens", "/account/email"]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        expect(await page.getAttribute("html", "lang")).toBe(locale);
        expect(await page.locator("h1").count(), path).toBe(1);
        await expectNoAxeViolations(page);
      }
      await page.close();
    }
  });

  it("changes the email address: a wrong password is announced at the field, then the link confirms", async () => {
    const page = await context.newPage();
    await page.goto("/language/en?next=/account");
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "Change email address" }).click()]);
    await page.getByLabel("New email address").fill(newEmail);
    await page.getByLabel("Current password").fill("not the password at all");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send confirmation link" }).click()]);
    // The error summary at the top links to the field; the address typed is kept.
    await expect(page.locator("#error-summary a[href='#field-currentPassword']").count()).resolves.toBe(1);
    await expect(page.getByLabel("New email address").inputValue()).resolves.toBe(newEmail);
    await expectNoAxeViolations(page);

    await page.getByLabel("Current password").fill(DEFAULT_TEST_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Send confirmation link" }).click()]);
    expect(new URL(page.url()).pathname).toBe("/account");
    await expect(page.locator(".usa-alert").first().textContent()).resolves.toContain(newEmail);

    await h.t.runJobs();
    const [mail] = await queryRows<{ text: string }>(
      h.t.db,
      sql`select body_text as text from email_outbox where lower(to_address) = lower(${newEmail}) order by created_at desc limit 1`,
    );
    const link = mail!.text.match(/https?:\/\/\S+\/email-changes\/\S+/)![0];
    await page.goto(new URL(link).pathname);
    await expectNoAxeViolations(page);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Use this email address" }).click()]);
    expect(new URL(page.url()).pathname).toBe("/account");
    await expect(page.locator("main").textContent()).resolves.toContain(newEmail);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
