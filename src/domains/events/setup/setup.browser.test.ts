import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateOrganiser } from "./test-factories";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { keyboard, notice } from "../test-keyboard";
import { createEvent, eventBySlug, setEventStatus } from "./service";

/*
 * Setup's pages in Chromium, by keyboard with axe on every page: the events list and an event's
 * page signed out in English and Spanish (with a filter), and an organiser creating an event
 * through the form — one bad field answered with the error summary and the message by the field,
 * everything else kept — then publishing it.
 */

const WEBINAR = "Screening in the Spring Webinar";
const WEBINAR_ES = "Seminario web de primavera sobre detección";
const FORUM = "Bayside Regional Forum";
const NEW_EVENT = "Harbor Regional Gathering";

describe("events setup pages in Chromium", () => {
  let h: BrowserHarness;
  let organiserId = "";

  beforeAll(async () => {
    h = await startBrowserHarness();
    const db = h.t.db;
    const { user: organiser, actor, scope } = await stateOrganiser(db, "MD", "Sage Setup");
    organiserId = organiser.id;
    const published = async (input: Parameters<typeof createEvent>[3]) => {
      const row = await createEvent(db, actor, scope, input, [{ nameEn: "Screening", nameEs: "Detección" }]);
      await setEventStatus(db, actor, (await eventBySlug(db, row.slug))!, "published");
    };
    await published({
      slug: "spring-webinar",
      kind: "webinar",
      titleEn: WEBINAR,
      titleEs: WEBINAR_ES,
      summaryEn: "An hour on **universal screening**.",
      summaryEs: "Una hora sobre **detección universal**.",
      startsOn: "2030-03-04",
      endsOn: "2030-03-04",
      timeZone: "America/New_York",
      mode: "online",
      venue: null,
      onlineUrl: "https://meet.example.org/spring",
      capacity: null,
      ceActivityTitle: null,
    });
    await published({
      slug: "bayside-forum",
      kind: "regional",
      titleEn: FORUM,
      titleEs: "Foro regional de la bahía",
      startsOn: "2030-04-08",
      endsOn: "2030-04-09",
      timeZone: "America/New_York",
      mode: "in_person",
      venue: "Bayside Hall",
      onlineUrl: null,
      capacity: 120,
      ceActivityTitle: null,
    });
  });
  afterAll(() => h?.close());

  it("lists events and shows one signed out, in English and Spanish", async () => {
    const page = await (await h.newContext()).newPage();
    const k = keyboard(page);
    await page.goto("/events");
    expect(await k.heading()).toBe("Events and training");
    expect(await k.main.textContent()).toContain(FORUM);
    await expectNoAxeViolations(page);

    await k.choose("Kind of event", "Webinar");
    await k.press("Apply filters");
    await expect.poll(() => page.url()).toContain("kind=webinar");
    expect(await k.main.textContent()).toContain(WEBINAR);
    expect(await k.main.textContent()).not.toContain(FORUM);
    await expectNoAxeViolations(page);

    await k.follow(WEBINAR, WEBINAR);
    const event = (await k.main.textContent()) ?? "";
    expect(event).toContain("universal screening");
    expect(event).toContain("Link to join online");
    expect(event).toContain("Screening");
    await expectNoAxeViolations(page);

    await page.goto(`/language/es?next=${encodeURIComponent("/events")}`);
    expect(await page.getAttribute("html", "lang")).toBe("es");
    expect(await k.heading()).toBe("Eventos y capacitación");
    expect(await k.main.textContent()).toContain(WEBINAR_ES);
    await expectNoAxeViolations(page);
    await k.follow(WEBINAR_ES, WEBINAR_ES);
    const evento = (await k.main.textContent()) ?? "";
    expect(evento).toContain("detección universal");
    expect(evento).toContain("Detección");
    await expectNoAxeViolations(page);
    await page.close();
  });

  it("creates an event through the form (one bad field comes back by the field) and publishes it", async () => {
    const page = await (await h.signedInContext(organiserId)).newPage();
    const k = keyboard(page);
    await page.goto("/events");
    await k.follow("Organise an event", "Organise events");
    await expectNoAxeViolations(page);
    await k.follow(/^New event for /, /^New event for /);
    const formHeading = await k.heading();
    await expectNoAxeViolations(page);

    await k.choose("Kind of event", "Regional event");
    await k.type("Title in English", NEW_EVENT);
    await k.type(/^Title in Spanish/, "Encuentro regional del puerto");
    await k.type(/^Summary in English/, "A day for school teams of the harbor districts.");
    await k.date("First day", "2030-10-05");
    // The bad field: the last day before the first.
    await k.date("Last day", "2030-10-04");
    await k.tick("In person");
    await k.type(/^Venue/, "Harbor Hall, Annapolis");
    await k.type(/^Places for the whole event/, "150");
    await k.press("Create the draft");

    await page.locator("#error-summary").waitFor();
    expect(await k.heading()).toBe(formHeading);
    expect(await page.locator("#error-summary").textContent()).toContain(
      "The last day must be on or after the first day.",
    );
    const message = page.locator("#endsOn-error");
    expect(await message.textContent()).toContain("The last day must be on or after the first day.");
    // The message sits by its field, tied to it for screen readers.
    expect(await page.locator("#field-endsOn").getAttribute("aria-describedby")).toContain("endsOn-error");
    expect(await page.locator("#field-titleEn").inputValue()).toBe(NEW_EVENT);
    expect(await page.locator("#field-venue").inputValue()).toBe("Harbor Hall, Annapolis");
    expect(await page.locator("#field-capacity").inputValue()).toBe("150");
    expect(await page.locator("#field-startsOn").inputValue()).toBe("2030-10-05");
    expect(await k.main.getByLabel("In person", { exact: true }).isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    await k.date("Last day", "2030-10-06");
    await k.press("Create the draft");
    await expect.poll(k.heading).toBe(`Manage ${NEW_EVENT}`);
    await notice(page, "The event was created as a draft.");
    expect(await k.main.textContent()).toContain("Status: Draft");
    await expectNoAxeViolations(page);

    await k.press("Publish");
    await notice(page, "The event is published: everyone can see it.");
    expect(await k.main.textContent()).toContain("Status: Published");
    await expectNoAxeViolations(page);

    const visitor = await (await h.newContext()).newPage();
    await visitor.goto("/events");
    await keyboard(visitor).follow(NEW_EVENT, NEW_EVENT);
    expect(await visitor.locator("main").textContent()).toContain("Harbor Hall, Annapolis");
    await expectNoAxeViolations(visitor);
    await visitor.close();
    await page.close();
  });
});
