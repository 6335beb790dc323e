import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildUser, findOrganisationByStateCode } from "../../../seed/factories";
import { eventRegistrations } from "./schema";
import { CORRECTION_MATCHES_SHOWN } from "./service";
import { buildAttendanceSession, buildRegistrationEvent } from "./test-factories";

/*
 * The attendance correction finds its person by a search instead of listing every registrant (a
 * conference has thousands): at most 50 people on the page, found by name, email or check-in
 * code (typed with its dash, in lower case), only people with a place; then the correction of
 * the one chosen, with its reason required and kept in the audit trail.
 */

const correctLinks = (html: string) => html.match(/aria-label="Correct attendance of /g)?.length ?? 0;

describe.each(DATABASES)("attendance corrections by search on %s", (kind) => {
  let t: TestApp;
  let organiser: TestClient;
  let page = "";
  let sessionId = "";
  const target = { id: "", code: "CDEF4679" };
  let waitlistedId = "";

  beforeAll(async () => {
    t = await startTestApp(kind);
    const fixture = await buildRegistrationEvent(t.db, { capacity: null });
    const event = fixture.event;
    const staff = await buildUser(t.db, { name: "Sam Organiser" });
    await addMembership(t.db, staff.id, (await findOrganisationByStateCode(t.db, "MD")).id, "member");
    organiser = await signedInClient(t, staff.id);
    const session = await buildAttendanceSession(t.db, event.id, {
      startsAt: new Date("2030-05-01T14:00:00Z"),
      endsAt: new Date("2030-05-01T15:00:00Z"),
      mode: "in_person",
    });
    sessionId = session.id;
    page = `/events/${event.slug}/manage/attendance`;
    // 59 registrants named so they sort before the one searched for, then her: 60 with a place.
    for (let i = 1; i <= 59; i++) {
      const person = await buildUser(t.db, { name: `Attendee ${String(i).padStart(2, "0")}` });
      await t.db.insert(eventRegistrations).values({
        eventId: event.id,
        userId: person.id,
        ticketTypeId: fixture.tickets[0]!.id,
        status: "registered",
        checkInCode: `C${String(i).padStart(7, "0")}`,
      });
    }
    const wanted = await buildUser(t.db, { name: "Yolanda Quintero", email: "yolanda.q@schools.example" });
    const [row] = await t.db
      .insert(eventRegistrations)
      .values({
        eventId: event.id,
        userId: wanted.id,
        ticketTypeId: fixture.tickets[0]!.id,
        status: "registered",
        checkInCode: target.code,
      })
      .returning();
    target.id = row!.id;
    const waiting = await buildUser(t.db, { name: "Yolanda Waitlisted" });
    const [w] = await t.db
      .insert(eventRegistrations)
      .values({
        eventId: event.id,
        userId: waiting.id,
        ticketTypeId: fixture.tickets[0]!.id,
        status: "waitlisted",
        checkInCode: "WWWWWWWW",
        waitlistedAt: new Date(),
      })
      .returning();
    waitlistedId = w!.id;
  }, 120_000);
  afterAll(async () => t?.close());

  it("lists at most 50 of the 60 people with a place and says the list goes on", async () => {
    const res = await organiser.get(`${page}?sessionId=${sessionId}`);
    expect(res.statusCode).toBe(200);
    expect(CORRECTION_MATCHES_SHOWN).toBe(50);
    expect(correctLinks(res.body)).toBe(50);
    expect(res.body).toContain("Only the first 50 are listed");
    // No select of every registrant any more.
    expect(res.body).not.toContain('name="registrationId"');
    expect(res.body).not.toContain("Yolanda Quintero");
  });

  it("finds one person by name, by email and by check-in code, never someone without a place", async () => {
    for (const q of ["quintero", "YOLANDA.Q@", "cdef-4679"]) {
      const res = await organiser.get(`${page}?sessionId=${sessionId}&q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(correctLinks(res.body), q).toBe(1);
      expect(res.body).toContain(`registrationId=${target.id}`);
      expect(res.body).not.toContain("Only the first");
    }
    const yolandas = await organiser.get(`${page}?sessionId=${sessionId}&q=yolanda`);
    expect(correctLinks(yolandas.body)).toBe(1);
    expect(yolandas.body).not.toContain(waitlistedId);
    const nobody = await organiser.get(`${page}?sessionId=${sessionId}&q=nobody-by-this-name`);
    expect(correctLinks(nobody.body)).toBe(0);
    expect(nobody.body).toContain("No one with a place matches.");
  });

  it("corrects the chosen person only with a reason, in the audit trail", async () => {
    const chosen = await organiser.get(
      `${page}?sessionId=${sessionId}&q=quintero&registrationId=${target.id}`,
    );
    expect(chosen.statusCode).toBe(200);
    expect(chosen.body).toContain("Correct the attendance of Yolanda Quintero");
    expect(chosen.body).toContain(`name="registrationId" value="${target.id}"`);
    const noReason = await organiser.postForm(page, { sessionId, registrationId: target.id, present: "yes" });
    expect(noReason.statusCode).toBe(400);
    // The form comes back for the same person.
    expect(noReason.body).toContain("Correct the attendance of Yolanda Quintero");
    const done = await organiser.postForm(page, {
      sessionId,
      registrationId: target.id,
      present: "yes",
      reason: "Signed the paper sheet",
    });
    expect(done.statusCode).toBe(303);
    const audit = await queryRows<{ action: string; after: { reason: string } }>(
      t.db,
      sql`select action, after from audit_log where entity_id = ${target.id} and action like 'event_attendance.%'`,
    );
    expect(audit).toMatchObject([
      { action: "event_attendance.add", after: { reason: "Signed the paper sheet" } },
    ]);
    // Someone without a place cannot be corrected, even by a hand-made post.
    const refused = await organiser.postForm(page, {
      sessionId,
      registrationId: waitlistedId,
      present: "yes",
      reason: "Trying anyway",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("This person has no place at the event now");
  });
});
