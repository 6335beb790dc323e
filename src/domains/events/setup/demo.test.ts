import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { buildUser } from "../../../seed/factories";
import { seedSetupDemo } from "./demo";
import { DEMO_EVENT_SLUGS, eventBySlug, eventCreditTypesOf, eventTracksOf, listEvents } from "./service";

describe.each(DATABASES)("demo events on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await buildUser(t.db, { email: "admin@demo.smhcommons.org", systemRole: "admin" });
    await seedSetupDemo(t.db);
    await seedSetupDemo(t.db); // a second run adds nothing
  }, 120_000);
  afterAll(() => t?.close());

  it("has the past and the upcoming national conference and a Maryland webinar, published, marked as demo", async () => {
    const today = "2026-11-27";
    const upcoming = await listEvents(t.db, null, { when: "upcoming" }, today);
    const past = await listEvents(t.db, null, { when: "past" }, today);
    expect(past.map((e) => e.slug)).toEqual(["annual-conference-2026"]);
    expect(upcoming.map((e) => e.slug)).toEqual(["maryland-webinar-2027", "annual-conference-2027"]);
    expect(upcoming.find((e) => e.slug === "maryland-webinar-2027")?.stateCode).toBe("MD");
    for (const slug of DEMO_EVENT_SLUGS) {
      const event = (await eventBySlug(t.db, slug))!;
      expect(event.summaryEn.startsWith("Demo data.")).toBe(true);
      expect((await eventCreditTypesOf(t.db, event.id)).length).toBeGreaterThanOrEqual(1);
    }
    const conference = (await eventBySlug(t.db, "annual-conference-2027"))!;
    expect(await eventTracksOf(t.db, conference.id)).toHaveLength(12);
  });
});
