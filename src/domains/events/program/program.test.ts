import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { auditLog } from "../../../platform/audit/schema";
import type { Actor } from "../../../platform/policy";
import { addMembership, buildUser } from "../../../seed/factories";
import { getNation } from "../../directory/service";
import { createEvent, eventBySlug, setEventStatus } from "../setup/service";
import { eventSessions } from "./schema";

/*
 * The program on both databases, through its pages and API: the organisers' schedule (rooms,
 * sessions typed in the event's zone across the end of daylight saving, conflicts flagged but
 * saved with a warning, bad input answered by the field with nothing written), an unpublished
 * program hidden from everyone but organisers, personal agendas, and the calendar feed (a
 * valid VCALENDAR, gone once revoked).
 */

describe.each(DATABASES)("events program on %s", (kind) => {
  let t: TestApp;
  let organiser: TestClient;
  let attendee: TestClient;
  let anonymous: TestClient;
  let slug = "";

  const sessionRows = async () =>
    (await t.db.select().from(eventSessions)).sort((a, b) => a.title.localeCompare(b.title));
  const schedule = () => `/events/${slug}/manage/program`;
  const sessionForm = (over: Record<string, string | number>) => ({
    title: "A session",
    format: "presentation",
    mode: "in_person",
    language: "en",
    countsForCredit: "yes",
    ...over,
  });

  beforeAll(async () => {
    t = await startTestApp(kind);
    const nation = (await getNation(t.db))!;
    const lead = await buildUser(t.db, { name: "Olga Organiser" });
    await addMembership(t.db, lead.id, nation.id, "lead");
    const actor: Actor = {
      userId: lead.id,
      systemRole: "user",
      emailVerified: true,
      memberships: [{ organisationId: nation.id, role: "lead" }],
    };
    // Two days across the end of daylight saving in New York (Sunday 1 November 2026, 02:00 EDT → 01:00 EST).
    const created = await createEvent(
      t.db,
      actor,
      { id: nation.id, ancestorIds: nation.ancestorIds },
      {
        slug: "autumn-institute",
        kind: "conference",
        titleEn: "Autumn Institute",
        titleEs: "Instituto de otoño",
        summaryEn: "Two days.",
        startsOn: "2026-10-31",
        endsOn: "2026-11-01",
        timeZone: "America/New_York",
        mode: "hybrid",
        venue: "Harbor Hall",
        onlineUrl: "https://meet.example.org/autumn",
        capacity: 500,
        ceActivityTitle: "Autumn Institute",
      },
      [{ nameEn: "Screening", nameEs: "Detección" }],
    );
    slug = created.slug;
    await setEventStatus(t.db, actor, (await eventBySlug(t.db, slug))!, "published");
    organiser = await signedInClient(t, lead.id);
    const person = await buildUser(t.db, { name: "Ari Attendee", email: "ari@example.org" });
    attendee = await signedInClient(t, person.id);
    anonymous = new TestClient(t.app);
  });
  afterAll(async () => t?.close());

  it("places rooms and sessions in the event's zone, across the end of daylight saving", async () => {
    let res = await organiser.postForm(`${schedule()}/rooms/new`, { name: "Room A", capacity: "30" });
    expect(res.statusCode, res.body).toBe(303);
    await organiser.get(`${schedule()}/sessions/new`);
    const roomA = (await organiser.json("GET", `/api/v1/events/${slug}/program/schedule`)).json().rooms[0]
      .id as string;
    // Saturday, still EDT (UTC-4): 09:00 is 13:00Z. Sunday, EST (UTC-5): 09:00 is 14:00Z.
    res = await organiser.postForm(
      `${schedule()}/sessions/new`,
      sessionForm({
        title: "Saturday opening",
        roomId: roomA,
        day: "2026-10-31",
        startTime: "09:00",
        endTime: "09:50",
        presenters: "Ana Ruiz; Bay School; ari@example.org",
      }),
    );
    expect(res.statusCode, res.body).toBe(303);
    res = await organiser.postForm(
      `${schedule()}/sessions/new`,
      sessionForm({
        title: "Sunday keynote",
        format: "plenary",
        day: "2026-11-01",
        startTime: "09:00",
        endTime: "10:30",
      }),
    );
    expect(res.statusCode).toBe(303);
    const [saturday, sunday] = [...(await sessionRows())].sort(
      (a, b) => a.startsAt!.getTime() - b.startsAt!.getTime(),
    );
    expect(saturday!.startsAt!.toISOString()).toBe("2026-10-31T13:00:00.000Z");
    expect(sunday!.startsAt!.toISOString()).toBe("2026-11-01T14:00:00.000Z");
    expect(sunday!.endsAt!.toISOString()).toBe("2026-11-01T15:30:00.000Z");
    // The edit form gives the wall-clock times back.
    const form = await organiser.get(`${schedule()}/sessions/${sunday!.id}`);
    expect(form.body).toContain('value="09:00"');
    expect(form.body).toContain('value="10:30"');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "events.session.create"));
    expect(audit).toHaveLength(2);
  });

  it("answers bad input by the field and writes nothing", async () => {
    const before = (await sessionRows()).length;
    let res = await organiser.postForm(
      `${schedule()}/sessions/new`,
      sessionForm({ title: "Backwards", day: "2026-10-31", startTime: "11:00", endTime: "10:00" }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("The end must be after the start.");
    expect(res.body).toContain('value="Backwards"');
    res = await organiser.postForm(
      `${schedule()}/sessions/new`,
      sessionForm({ title: "Half", day: "2026-10-31" }),
    );
    expect(res.statusCode).toBe(400);
    res = await organiser.postForm(
      `${schedule()}/sessions/new`,
      sessionForm({ mode: "teleport", creditHours: "0.3" }),
    );
    expect(res.statusCode).toBe(400);
    res = await organiser.json(
      "POST",
      `/api/v1/events/${slug}/program/sessions`,
      sessionForm({ roomId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toBe("/roomId");
    expect((await sessionRows()).length).toBe(before);
  });

  it("flags conflicts on the schedule and saves with a warning", async () => {
    const { rooms } = (await organiser.json("GET", `/api/v1/events/${slug}/program/schedule`)).json();
    const res = await organiser.json(
      "POST",
      `/api/v1/events/${slug}/program/sessions`,
      sessionForm({
        title: "Clashing workshop",
        roomId: rooms[0].id,
        day: "2026-10-31",
        startTime: "09:30",
        endTime: "10:30",
        capacity: 45,
        presenters: "Someone Else; X\nana ruiz; Bay School",
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const kinds = (res.json().conflicts as { kind: string }[]).map((c) => c.kind).sort();
    expect(kinds).toEqual(["overRoomCapacity", "presenterTwice", "roomTwice"]);
    const page = await organiser.get(schedule());
    expect(page.body).toContain(
      "Room A is booked for two overlapping sessions: Saturday opening and Clashing workshop.",
    );
    expect(page.body).toContain("Ana Ruiz presents two overlapping sessions");
    expect(page.body).toContain("Clashing workshop has 45 places but its room holds 30.");
    // Through the form, the organiser is told it saved with conflicts.
    await organiser.postForm(
      `${schedule()}/sessions/new`,
      sessionForm({ title: "Late night", day: "2026-11-02", startTime: "20:00", endTime: "21:00" }),
    );
    const after = await organiser.get(schedule());
    expect(after.body).toContain("Late night is outside the event");
  });

  it("hides an unpublished program from everyone but its organisers", async () => {
    expect((await anonymous.get(`/events/${slug}/program`)).statusCode).toBe(404);
    expect((await attendee.get(`/events/${slug}/program`)).statusCode).toBe(404);
    expect((await anonymous.json("GET", `/api/v1/events/${slug}/program`)).statusCode).toBe(404);
    const sessionId = (await sessionRows())[0]!.id;
    expect((await anonymous.get(`/events/${slug}/program/sessions/${sessionId}`)).statusCode).toBe(404);
    const seen = await organiser.get(`/events/${slug}/program`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain("The program is not published yet");
    expect((await organiser.postForm(`${schedule()}/publish`, {})).statusCode).toBe(303);
    const page = await anonymous.get(`/events/${slug}/program`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Saturday opening");
    // Sunday's keynote at 9:00 in New York, after the clocks went back.
    expect(page.body).toMatch(/9:00\s*AM\s*–\s*10:30\s*AM EST/);
    const filtered = await anonymous.get(`/events/${slug}/program?day=2026-11-01`);
    expect(filtered.body).toContain("Sunday keynote");
    expect(filtered.body).not.toContain("Saturday opening");
    const es = await anonymous.get(`/events/${slug}/program`, { "accept-language": "es" });
    expect(es.body).toContain("Programa: Instituto de otoño");
    const api = (await anonymous.json("GET", `/api/v1/events/${slug}/program?format=plenary`)).json();
    expect(api.sessions.map((s: { title: string }) => s.title)).toEqual(["Sunday keynote"]);
    expect(api.sessions[0].creditHours).toBe(1.5);
    expect(api.sessions[0].attendanceCode).toBeUndefined();
  });

  it("keeps a personal agenda with a calendar feed that can be revoked", async () => {
    const rows = await sessionRows();
    const keynote = rows.find((r) => r.title === "Sunday keynote")!;
    await attendee.get(`/events/${slug}/program`);
    let res = await attendee.postForm(`/events/${slug}/agenda/sessions/${keynote.id}/add`, {});
    expect(res.statusCode).toBe(303);
    const agenda = await attendee.get(`/events/${slug}/agenda`);
    expect(agenda.body).toContain("Sunday keynote");
    expect(agenda.body).not.toContain("Saturday opening");
    res = await attendee.postForm(`/events/${slug}/agenda/feed`, {});
    expect(res.statusCode).toBe(200);
    const url = /(http[^\s<"]+\/agenda\/feed\/[A-Za-z0-9_-]{43})/.exec(res.body)?.[1];
    expect(url).toBeTruthy();
    const path = new URL(url!).pathname;
    const feed = await anonymous.get(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toContain("text/calendar");
    expect(feed.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(feed.body).toContain("BEGIN:VEVENT");
    expect(feed.body).toContain("DTSTART:20261101T140000Z");
    expect(feed.body).toContain("SUMMARY:Sunday keynote");
    expect(feed.body.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(feed.body.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
    // Revoked: the old address is gone.
    res = await attendee.postForm(`/events/${slug}/agenda/feed/revoke`, {});
    expect(res.statusCode).toBe(303);
    expect((await anonymous.get(path)).statusCode).toBe(404);
    // One session's .ics.
    const one = await anonymous.get(`/events/${slug}/program/sessions/${keynote.id}/calendar.ics`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain("DTEND:20261101T153000Z");
    // Removing it empties the agenda (API agrees).
    await attendee.postForm(`/events/${slug}/agenda/sessions/${keynote.id}/remove`, {});
    expect((await attendee.json("GET", `/api/v1/events/${slug}/agenda`)).json().sessions).toEqual([]);
  });

  it("shows an online session's code to organisers and its presenters, not to others", async () => {
    const res = await organiser.json(
      "POST",
      `/api/v1/events/${slug}/program/sessions`,
      sessionForm({
        title: "Online clinic",
        mode: "online",
        presenters: "Ari Attendee; Home; ari@example.org",
        day: "2026-11-01",
        startTime: "13:00",
        endTime: "14:00",
      }),
    );
    const { id, attendanceCode } = res.json().session as { id: string; attendanceCode: string };
    expect(attendanceCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect((await attendee.get(`/events/${slug}/program/sessions/${id}`)).body).toContain(attendanceCode);
    expect((await organiser.get(`/events/${slug}/program/sessions/${id}`)).body).toContain(attendanceCode);
    expect((await anonymous.get(`/events/${slug}/program/sessions/${id}`)).body).not.toContain(
      attendanceCode,
    );
  });
});
