import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildUser, findOrganisationByStateCode } from "../../../seed/factories";
import { buildRegistrationEvent } from "./test-factories";

/** Register by keyboard, my registration in Spanish (QR code and code), check-in by keyboard — axe on every page. */
describe("event registration in Chromium", () => {
  let h: BrowserHarness;
  let attendee: BrowserContext;
  let organiser: BrowserContext;
  let slug: string;
  const activate = async (page: Page, locator: ReturnType<Page["getByRole"]>) => {
    await locator.focus();
    await page.keyboard.press("Enter");
  };

  beforeAll(async () => {
    h = await startBrowserHarness();
    const { event } = await buildRegistrationEvent(h.t.db);
    slug = event.slug;
    const person = await buildUser(h.t.db, { name: "Rosa Keyboard", stakeholderRole: "family_member" });
    attendee = await h.signedInContext(person.id);
    attendee.setDefaultTimeout(10_000);
    const staff = await buildUser(h.t.db, { name: "Sam Door" });
    await addMembership(h.t.db, staff.id, (await findOrganisationByStateCode(h.t.db, "MD")).id, "member");
    organiser = await h.signedInContext(staff.id);
    organiser.setDefaultTimeout(10_000);
  });
  afterAll(() => h?.close());

  it("a family member registers on the free ticket by keyboard, sees the QR code in Spanish, and is checked in by keyboard", async () => {
    const page = await attendee.newPage();
    await page.goto(`/events/${slug}/register`);
    await expectNoAxeViolations(page);
    await activate(page, page.getByRole("button", { name: "Register" }));
    // No ticket chosen: the form comes back with the message.
    await expect.poll(() => page.locator("#error-summary").count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByLabel(/Families and youth/).focus();
    await page.keyboard.press("Space");
    await page.getByLabel("Accessibility needs").focus();
    await page.keyboard.type("Spanish interpretation");
    await activate(page, page.getByRole("button", { name: "Register" }));
    await page.waitForURL(/\/registration$/);
    expect(await page.locator(".usa-alert--success").textContent()).toContain("You are registered");
    await expectNoAxeViolations(page);

    await page.goto(`/language/es?next=${encodeURIComponent(`/events/${slug}/registration`)}`);
    expect(await page.getAttribute("html", "lang")).toBe("es");
    expect(await page.locator("h2#code-heading").textContent()).toBe("Su código de registro de entrada");
    expect(await page.locator(".smh-qr-code svg").count()).toBe(1);
    const code = (await page.locator("#check-in-code").textContent())!.trim();
    await expectNoAxeViolations(page);

    const door = await organiser.newPage();
    await door.goto(`/events/${slug}/manage/check-in`);
    await expectNoAxeViolations(door);
    await door.getByLabel("Check-in code").focus();
    await door.keyboard.type(code);
    await door.keyboard.press("Enter");
    await expect.poll(() => door.locator(".usa-alert--success").count()).toBe(1);
    expect(await door.locator(".usa-alert--success").textContent()).toContain("Rosa Keyboard is checked in.");
    expect(await door.locator(".usa-alert--success").textContent()).toContain("Spanish interpretation");
    await expectNoAxeViolations(door);
    await door.getByLabel("Check-in code").focus();
    await door.keyboard.type(code);
    await door.keyboard.press("Enter");
    await expect.poll(() => door.locator(".usa-alert--info").count()).toBe(1);
    expect(await door.locator(".usa-alert--info").textContent()).toContain("was already checked in at");

    await door.goto(`/events/${slug}/manage/registrations`);
    await expectNoAxeViolations(door);
    await door.goto(`/events/${slug}/manage/tickets`);
    await expectNoAxeViolations(door);
    await page.close();
    await door.close();
  });
});
