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
import { checkInAtDoor, recordSessionCode, register, registrationOf } from "./service";
import { buildAttendanceSession, buildRegistrationEvent } from "./test-factories";

/*
 * Registration through its pages and API on both databases: registering (the QR code and the
 * short code on "my registration", in Spanish too), registrations and answers invisible to
 * anyone but the person and the organisers, check-in idempotent (fifty at once: one record),
 * session codes only within the session's time, corrections with a reason in the audit trail.
 */

const codeOnPage = (html: string) => html.match(/id="check-in-code">([A-Z0-9-]+)</)?.[1];

describe.each(DATABASES)("event registration pages and API on %s", (kind) => {
  let t: TestApp;
  let fixture: Awaited<ReturnType<typeof buildRegistrationEvent>>;
  let attendee: TestClient;
  let attendeeId: string;
  let organiser: TestClient;
  let outsider: TestClient;

  beforeAll(async () => {
    t = await startTestApp(kind);
    fixture = await buildRegistrationEvent(t.db);
    const person = await buildUser(t.db, {
      name: "Rosa Attendee",
      stakeholderRole: "school_mh_professional",
    });
    attendeeId = person.id;
    attendee = await signedInClient(t, person.id);
    const staff = await buildUser(t.db, { name: "Sam Organiser" });
    await addMembership(t.db, staff.id, (await findOrganisationByStateCode(t.db, "MD")).id, "member");
    organiser = await signedInClient(t, staff.id);
    outsider = await signedInClient(t, (await buildUser(t.db, { name: "Olga Outsider" })).id);
  });
  afterAll(async () => t?.close());

  const slug = () => fixture.event.slug;

  it("registers through the form, shows the QR code and the code, in Spanish too, and emails the code", async () => {
    const form = await attendee.get(`/events/${slug()}/register`);
    expect(form.statusCode).toBe(200);
    // The free family ticket is not offered to a school mental health professional.
    expect(form.body).toContain("In person");
    expect(form.body).not.toContain("Families and youth");
    const bad = await attendee.postForm(`/events/${slug()}/register`, { dietary: "Vegetarian" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="Vegetarian"');
    const sent = await attendee.postForm(`/events/${slug()}/register`, {
      ticketTypeId: fixture.tickets[0]!.id,
      accessibility: "ASL interpreter",
      dietary: "Vegetarian",
      certificateName: "Rosa M. Attendee",
    });
    expect(sent.statusCode).toBe(303);
    const page = await attendee.get(`/events/${slug()}/registration`);
    expect(page.body).toContain("<svg");
    const code = codeOnPage(page.body)!;
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const es = await attendee.get(`/events/${slug()}/registration`, { "accept-language": "es" });
    expect(es.body).toContain("Su código de registro de entrada");
    expect(es.body).toContain("Inscrito");
    const ics = await attendee.get(`/events/${slug()}/registration/event.ics`);
    expect(ics.headers["content-type"]).toContain("text/calendar");
    expect(ics.body).toContain("DTSTART;VALUE=DATE:20300501");
    const [mail] = await queryRows<{ body_text: string }>(
      t.db,
      sql`select body_text from email_outbox where subject like ${`You are registered for ${fixture.event.titleEn}%`}`,
    );
    expect(mail!.body_text).toContain(code);
    expect(mail!.body_text).toContain(`/events/${slug()}/registration/event.ics`);
  });

  it("shows registrations and answers to the organisers and the person only (pages, CSV, API)", async () => {
    const list = await organiser.get(`/events/${slug()}/manage/registrations`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("Rosa Attendee");
    expect(list.body).toContain("ASL interpreter");
    const csv = await organiser.get(`/events/${slug()}/manage/registrations.csv`);
    expect(csv.body).toContain("ASL interpreter");
    const api = await organiser.json("GET", `/api/v1/events/${slug()}/registrations`);
    expect(api.json().total).toBe(1);
    for (const url of [
      `/events/${slug()}/manage/registrations`,
      `/events/${slug()}/manage/registrations.csv`,
      `/api/v1/events/${slug()}/registrations`,
      `/events/${slug()}/manage/check-in`,
    ]) {
      const res = url.startsWith("/api") ? await outsider.json("GET", url) : await outsider.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain("ASL interpreter");
    }
    // The outsider's own registration page and API know nothing of Rosa's.
    const mine = await outsider.get(`/events/${slug()}/registration`);
    expect(mine.body).toContain("You are not registered");
    expect(mine.body).not.toContain("Rosa");
    const none = await outsider.json("GET", `/api/v1/events/${slug()}/registration`);
    expect(none.statusCode).toBe(200);
    expect(none.json()).toBeNull();
    // And the calendar file is for registered people only.
    expect((await outsider.get(`/events/${slug()}/registration/event.ics`)).statusCode).toBe(303);
    const own = await attendee.json("GET", `/api/v1/events/${slug()}/registration`);
    expect(own.json()).toMatchObject({ status: "registered", answers: { accessibility: "ASL interpreter" } });
  });

  it("checks in once: a second check-in says when the first was, fifty at once leave one record", async () => {
    const registration = (await registrationOf(t.db, fixture.event.id, attendeeId))!;
    const code = registration.checkInCode;
    const first = await organiser.postForm(`/events/${slug()}/manage/check-in`, {
      code: `${code.slice(0, 4)}-${code.slice(4).toLowerCase()}`,
    });
    expect(first.body).toContain("Rosa Attendee is checked in.");
    expect(first.body).toContain("Accessibility needs: ASL interpreter");
    expect(first.body).toContain("<p>In person</p>");
    const again = await organiser.postForm(`/events/${slug()}/manage/check-in`, { code });
    expect(again.body).toContain("Rosa Attendee was already checked in at");
    const unknown = await organiser.postForm(`/events/${slug()}/manage/check-in`, { code: "ZZZZZZZZ" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("No registration has this code");

    const other = await buildUser(t.db);
    const staff = (await buildUser(t.db)).id;
    await register(t.db, fixture.event, other.id, {
      ticketTypeId: fixture.tickets[0]!.id,
      answers: {},
      certificateName: null,
      licenceNumber: null,
    });
    const target = (await registrationOf(t.db, fixture.event.id, other.id))!;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => checkInAtDoor(t.db, fixture.event.id, target.checkInCode, staff)),
    );
    expect(results.filter((r) => r.kind === "checked_in")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "already")).toHaveLength(49);
    const viaApi = await organiser.json(
      "POST",
      `/api/v1/events/${slug()}/check-ins`,
      { code: target.checkInCode },
      {
        "x-csrf-token": organiser.csrfToken,
      },
    );
    expect(viaApi.json()).toMatchObject({ result: "already", name: other.name, ticket: "In person" });
  });

  it("accepts a session code only from the session's start to 10 minutes after its end, for a registered person", async () => {
    const start = new Date(Date.now() - 30 * 60_000);
    const session = await buildAttendanceSession(t.db, fixture.event.id, {
      startsAt: start,
      endsAt: new Date(start.getTime() + 60 * 60_000),
      attendanceCode: "HOPE42",
    });
    const registration = (await registrationOf(t.db, fixture.event.id, attendeeId))!;
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    expect((await recordSessionCode(t.db, registration, session, "HOPE42", at(-1))).kind).toBe("too_early");
    expect((await recordSessionCode(t.db, registration, session, "HOPE42", at(71))).kind).toBe("too_late");
    expect((await recordSessionCode(t.db, registration, session, "WRONG1", at(5))).kind).toBe("wrong_code");
    expect((await recordSessionCode(t.db, null, session, "HOPE42", at(5))).kind).toBe("not_registered");
    expect((await recordSessionCode(t.db, registration, session, "hope42", at(69))).kind).toBe("recorded");
    expect((await recordSessionCode(t.db, registration, session, "HOPE42", at(20))).kind).toBe("already");
    // Through the page, now (the session is running): already recorded, told so.
    const page = await attendee.postForm(`/events/${slug()}/registration/attendance`, {
      sessionId: session.id,
      code: "HOPE42",
    });
    expect(page.statusCode).toBe(303);
    const outsiderTry = await outsider.json(
      "POST",
      `/api/v1/events/${slug()}/registration/attendance`,
      { sessionId: session.id, code: "HOPE42" },
      { "x-csrf-token": outsider.csrfToken },
    );
    expect(outsiderTry.statusCode).toBe(400);
    expect(outsiderTry.body).toContain("not_registered");
  });

  it("corrects attendance only with a reason, in the audit trail", async () => {
    const session = await buildAttendanceSession(t.db, fixture.event.id, {
      startsAt: new Date("2030-05-01T14:00:00Z"),
      endsAt: new Date("2030-05-01T15:00:00Z"),
      mode: "in_person",
    });
    const registration = (await registrationOf(t.db, fixture.event.id, attendeeId))!;
    await organiser.get(`/events/${slug()}/manage/attendance?sessionId=${session.id}`);
    const noReason = await organiser.postForm(`/events/${slug()}/manage/attendance`, {
      sessionId: session.id,
      registrationId: registration.id,
      present: "yes",
    });
    expect(noReason.statusCode).toBe(400);
    const added = await organiser.postForm(`/events/${slug()}/manage/attendance`, {
      sessionId: session.id,
      registrationId: registration.id,
      present: "yes",
      reason: "Signed the paper sheet; the scanner was down",
    });
    expect(added.statusCode).toBe(303);
    const rows = await queryRows<{ source: string }>(
      t.db,
      sql`select source from event_session_attendance where registration_id = ${registration.id} and session_id = ${session.id}`,
    );
    expect(rows).toEqual([{ source: "correction" }]);
    const [audit] = await queryRows<{ action: string; after: { reason: string } }>(
      t.db,
      sql`select action, after from audit_log where entity_id = ${registration.id} and action like 'event_attendance.%'`,
    );
    expect(audit).toMatchObject({
      action: "event_attendance.add",
      after: { reason: "Signed the paper sheet; the scanner was down" },
    });
    const page = await organiser.get(`/events/${slug()}/manage/attendance?sessionId=${session.id}`);
    expect(page.body).toContain("corrected by the organisers");
  });
});
