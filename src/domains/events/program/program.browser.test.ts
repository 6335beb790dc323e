import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateOrganiser } from "../setup/test-factories";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../../test/support/browser";
import { buildUser } from "../../../seed/factories";
import { createEvent, eventBySlug, eventTracksOf, setEventStatus } from "../setup/service";
import { zonedToUtc } from "../setup/time";
import { inContext, keyboard, notice } from "../test-keyboard";
import { createRoom, createSession, setProgramPublished } from "./service";

/*
 * The published program in Chromium, by keyboard with axe on every page: signed out, filtered by
 * day, track and format; a session's page; a signed-in attendee adds a session to their agenda
 * and finds it on "My agenda"; the program in Spanish.
 */

const SLUG = "program-browser-days";
const TITLE = "Program Browser Days";
const TITLE_ES = "Jornadas del programa";

describe("the program in Chromium", () => {
  let h: BrowserHarness;
  let attendeeId = "";

  beforeAll(async () => {
    h = await startBrowserHarness();
    const db = h.t.db;
    const { user: organiser, actor, scope } = await stateOrganiser(db, "MD", "Paula Planner");
    await createEvent(
      db,
      actor,
      scope,
      {
        slug: SLUG,
        kind: "regional",
        titleEn: TITLE,
        titleEs: TITLE_ES,
        summaryEn: "Two days.",
        startsOn: "2030-09-17",
        endsOn: "2030-09-18",
        timeZone: "America/Chicago",
        mode: "hybrid",
        venue: "Riverside Hall",
        onlineUrl: "https://meet.example.org/days",
        capacity: 300,
        ceActivityTitle: null,
      },
      [
        { nameEn: "Screening", nameEs: "Detección" },
        { nameEn: "Family partnership", nameEs: "Alianza con las familias" },
      ],
    );
    const event = (await eventBySlug(db, SLUG))!;
    await setEventStatus(db, actor, event, "published");
    const [screening, families] = await eventTracksOf(db, event.id);
    const room = await createRoom(db, organiser.id, event.id, { name: "Room Cedar", capacity: 60 });
    const at = (day: string, time: string) => zonedToUtc(day, time, "America/Chicago");
    const session = (
      title: string,
      day: string,
      from: string,
      to: string,
      extra: Partial<Parameters<typeof createSession>[2]> = {},
    ) =>
      createSession(db, organiser.id, {
        eventId: event.id,
        title,
        format: "presentation",
        mode: "in_person",
        roomId: room.id,
        startsAt: at(day, from),
        endsAt: at(day, to),
        presenters: [{ name: "Nia Presenter", organisation: "Bay District" }],
        ...extra,
      });
    await session("Universal screening in week one", "2030-09-17", "09:00", "10:00", {
      trackId: screening!.id,
      learningObjectives: "Choose a screener\nPlan the follow-up",
    });
    await session("Screening workshop: from score to support", "2030-09-17", "10:30", "12:00", {
      trackId: screening!.id,
      format: "workshop",
    });
    await session("Families at the table", "2030-09-17", "13:00", "14:00", { trackId: families!.id });
    await session("Screening data on day two", "2030-09-18", "09:00", "10:00", {
      trackId: screening!.id,
      mode: "online",
      roomId: null,
    });
    await setProgramPublished(db, organiser.id, event.id, true);
    attendeeId = (await buildUser(db, { name: "Ari Agenda" })).id;
  });
  afterAll(() => h?.close());

  const programPath = `/events/${SLUG}/program`;

  it("filters the program by day, track and format signed out, and opens a session", async () => {
    const page = await (await h.newContext()).newPage();
    const k = keyboard(page);
    const count = () => page.locator("main p[role=status]").first().textContent();
    await page.goto(programPath);
    expect(await k.heading()).toBe(`Program: ${TITLE}`);
    expect(await count()).toBe("4 sessions");
    await expectNoAxeViolations(page);

    await k.choose(/^Day/, /September 17/);
    await k.press("Apply filters");
    await expect.poll(count).toBe("3 sessions");
    expect(page.url()).toContain("day=2030-09-17");
    await expectNoAxeViolations(page);

    await k.choose(/^Track/, "Screening");
    await k.press("Apply filters");
    await expect.poll(count).toBe("2 sessions");
    expect(await k.main.textContent()).not.toContain("Families at the table");

    await k.choose(/^Format/, "Workshop");
    await k.press("Apply filters");
    await expect.poll(count).toBe("1 session");
    await expectNoAxeViolations(page);

    await k.follow("Screening workshop: from score to support", "Screening workshop: from score to support");
    expect(await k.main.textContent()).toContain("Room Cedar");
    expect(await k.main.textContent()).toContain("Nia Presenter, Bay District");
    await expectNoAxeViolations(page);
    await k.follow("Back to the program", `Program: ${TITLE}`);
    expect(await count()).toBe("4 sessions");

    // The same program in Spanish, signed out.
    await page.goto(`/language/es?next=${encodeURIComponent(programPath)}`);
    expect(await page.getAttribute("html", "lang")).toBe("es");
    expect(await k.heading()).toBe(`Programa: ${TITLE_ES}`);
    expect(await count()).toBe("4 sesiones");
    expect(await k.main.textContent()).toContain("Detección");
    await expectNoAxeViolations(page);
    await page.close();
  });

  it("adds a session to one's agenda by keyboard and finds it on the agenda page", async () => {
    const page = await (await h.signedInContext(attendeeId)).newPage();
    const k = keyboard(page);
    await page.goto(programPath);
    await expectNoAxeViolations(page);
    await k.press(inContext("Add to my agenda", "Families at the table"));
    await expect.poll(k.heading).toBe("Families at the table");
    await notice(page, "Added to your agenda.");
    expect(await k.main.textContent()).toContain("In your agenda");
    await expectNoAxeViolations(page);

    await k.follow("Back to the program", `Program: ${TITLE}`);
    await k.follow("My agenda", `My agenda: ${TITLE}`);
    await expectNoAxeViolations(page);
    const agenda = (await k.main.textContent()) ?? "";
    expect(agenda).toContain("Families at the table");
    expect(agenda).not.toContain("Universal screening in week one");

    await k.press(inContext("Remove from my agenda", "Families at the table"));
    await notice(page, "Removed from your agenda.");
    await page.goto(`/events/${SLUG}/agenda`);
    expect(await k.main.textContent()).toContain("Your agenda is empty.");
    await page.close();
  });
});
