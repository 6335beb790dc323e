import { sql } from "drizzle-orm";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../test/support/browser";
import { queryRows } from "../../platform/db/client";
import {
  addMembership,
  buildDistrictWithSchools,
  buildUser,
  DEFAULT_TEST_PASSWORD,
} from "../../seed/factories";

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
      for (const path of [
        "/account",
        "/account/profile",
        "/account/password",
        "/account/tokens",
        "/account/email",
      ]) {
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
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("link", { name: "Change email address" }).click(),
    ]);
    await page.getByLabel("New email address").fill(newEmail);
    await page.getByLabel("Current password").fill("not the password at all");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Send confirmation link" }).click(),
    ]);
    // The error summary at the top links to the field; the address typed is kept.
    await expect(page.locator("#error-summary a[href='#field-currentPassword']").count()).resolves.toBe(1);
    await expect(page.getByLabel("New email address").inputValue()).resolves.toBe(newEmail);
    await expectNoAxeViolations(page);

    await page.getByLabel("Current password").fill(DEFAULT_TEST_PASSWORD);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Send confirmation link" }).click(),
    ]);
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
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Use this email address" }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe("/account");
    await expect(page.locator("main").textContent()).resolves.toContain(newEmail);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it("makes and revokes a calendar link from the account page; the language link saves the account's language", async () => {
    const page = await context.newPage();
    await page.goto("/language/es?next=/account");
    const [{ locale }] = await queryRows<{ locale: string }>(
      h.t.db,
      sql`select locale from users where lower(email) = lower(${newEmail})`,
    );
    expect(locale).toBe("es");
    await page.goto("/language/en?next=/account");
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Make a new calendar link" }).click(),
    ]);
    const shown = await page.locator("#new-feed-url").textContent();
    expect(shown).toMatch(/\/communities\/calendar\/cal-[0-9a-f]{64}\.ics$/);
    await expectNoAxeViolations(page);
    await page.goto("/account");
    await expect(
      page.locator("#calendar-links ~ .usa-table-container--scrollable tbody tr").count(),
    ).resolves.toBe(1);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Revoke" }).click()]);
    await expect(page.locator(".usa-alert").first().textContent()).resolves.toContain(
      "The calendar link is revoked",
    );
    await expectNoAxeViolations(page);
    await page.close();
  });

  it("the email confirmation link opens a page with a button, and the button confirms", async () => {
    const email = `browser-verify-${Date.now()}@example.org`;
    const registered = await h.t.app.inject({
      method: "POST",
      url: "/api/v1/accounts",
      payload: {
        name: "Vera Verify",
        email,
        password: "lantern orchard velvet compass",
        stateCode: "OR",
        stakeholderRole: "educator",
      },
    });
    expect(registered.statusCode).toBe(202);
    await h.t.runJobs();
    const [mail] = await queryRows<{ text: string }>(
      h.t.db,
      sql`select body_text as text from email_outbox where lower(to_address) = lower(${email}) order by created_at desc limit 1`,
    );
    const link = new URL(mail!.text.match(/https?:\/\/\S+\/verify-email\/\S+/)![0]).pathname;
    const visitor = await h.newContext();
    const page = await visitor.newPage();
    await page.goto(link);
    await expectNoAxeViolations(page);
    const unconfirmed = await queryRows<{ verified: boolean }>(
      h.t.db,
      sql`select email_verified_at is not null as verified from users where lower(email) = lower(${email})`,
    );
    expect(unconfirmed[0]?.verified).toBe(false);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: "Confirm my email address" }).click(),
    ]);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    const confirmed = await queryRows<{ verified: boolean }>(
      h.t.db,
      sql`select email_verified_at is not null as verified from users where lower(email) = lower(${email})`,
    );
    expect(confirmed[0]?.verified).toBe(true);
    await visitor.close();
  });
});
