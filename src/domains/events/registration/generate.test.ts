import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitlistCase } from "../../../../bench/events/registration";
import { startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { findOrganisationByStateCode } from "../../../seed/factories";
import { generateRegistrations } from "./generate";
import { buildAttendanceSession, buildRegistrationEvent } from "./test-factories";

/** The bench's generator and its waitlist case on PostgreSQL, small: the rows they make add up. */
describe("registration bench data on postgres", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp("postgres");
  });
  afterAll(async () => t?.close());

  it("generates attendees, tickets, registrations and attendance, then fills the last 10 places exactly", async () => {
    const { event } = await buildRegistrationEvent(t.db, { capacity: null, tickets: [] });
    for (let i = 0; i < 5; i++)
      await buildAttendanceSession(t.db, event.id, {
        startsAt: new Date(Date.UTC(2030, 4, 1, 13 + i)),
        endsAt: new Date(Date.UTC(2030, 4, 1, 14 + i)),
      });
    await generateRegistrations(t.db, {
      eventId: event.id,
      attendees: 300,
      attendanceShare: 0.5,
      tag: "gen-test",
    });
    const [counts] = await queryRows<{
      registrations: number;
      codes: number;
      attended: number;
      free: number;
    }>(
      t.db,
      sql`select count(*)::int as registrations, count(distinct check_in_code)::int as codes,
            (select count(*)::int from event_session_attendance a join event_registrations r2 on r2.id = a.registration_id
              where r2.event_id = ${event.id}) as attended,
            count(*) filter (where t.price_cents = 0)::int as free
          from event_registrations r join event_ticket_types t on t.id = r.ticket_type_id where r.event_id = ${event.id}`,
    );
    expect(counts!.registrations).toBe(300);
    expect(counts!.codes).toBe(300);
    expect(counts!.free).toBe(100);
    expect(counts!.attended).toBeGreaterThan(500);
    expect(counts!.attended).toBeLessThan(1000);

    const row = await waitlistCase({
      db: t.db,
      databaseUrl: t.config.DATABASE_URL!,
      baseUrl: "http://127.0.0.1:1",
      sessionSecret: t.config.sessionSecret,
      eventId: event.id,
      eventSlug: event.slug,
      organiserId: (await findOrganisationByStateCode(t.db, "MD")).id,
      quick: true,
    });
    expect(row.verdict).toBe("met");
    expect(row.size).toContain("10 registered, 190 waitlisted");
  });
});
