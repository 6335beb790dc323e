import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { addMembership, buildUser, findOrganisationByStateCode } from "../../../seed/factories";
import { eventCreditTypes } from "../setup/schema";
import { buildAttendanceSession, buildRegistrationEvent } from "./test-factories";

/**
 * Register by keyboard (the CE credit question included), my registration in Spanish (QR code
 * and code), check-in by keyboard, an attendance correction found by a search — axe on every page.
 */
describe("event registration in Chromium", () => {
  let h: BrowserHarness;
  let attendee: BrowserContext;
  let organiser: BrowserContext;
  let slug: string;
  let sessionId: string;
  const activate = async (page: Page, locator: ReturnType<Page["getByRole"]>) => {
    await locator.focus();
    await page.keyboard.press("Enter");
  };

  beforeAll(async () => {
    h = await startBrowserHarness();
    const { event } = await buildRegistrationEvent(h.t.db);
    slug = event.slug;
    await h.t.db.insert(eventCreditTypes).values({
      eventId: event.id,
      profession: "social_worker",
      label: "ASWB ACE credits",
      providerName: "Test Provider",
      approvalStatement: "Approved by the Test Board.",
    });
    sessionId = (
      await buildAttendanceSession(h.t.db, event.id, {
        startsAt: new Date("2030-05-01T14:00:00Z"),
        endsAt: new Date("2030-05-01T15:00:00Z"),
        mode: "in_person",
      })
    ).id;
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

  it("an organiser finds a person by a search and corrects their attendance by keyboard", async () => {
    const page = await organiser.newPage();
    await page.goto(`/events/${slug}/manage/attendance?sessionId=${sessionId}`);
    await expectNoAxeViolations(page);
    await page.getByLabel("Name, email or check-in code").focus();
    await page.keyboard.type("keyboard");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=keyboard/);
    await expectNoAxeViolations(page);
    await activate(page, page.getByRole("link", { name: "Correct attendance of Rosa Keyboard" }));
    await page.waitForURL(/registrationId=/);
    expect(await page.locator("h3").textContent()).toBe("Correct the attendance of Rosa Keyboard");
    await page.getByLabel("Reason").focus();
    await page.keyboard.type("Signed the paper sheet");
    await activate(page, page.getByRole("button", { name: "Save correction" }));
    await expect.poll(() => page.locator(".usa-alert--success").count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
