import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { listAudit } from "../../../platform/audit";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildUser, findOrganisationByStateCode } from "../../../seed/factories";
import { eventBySlug } from "./service";

/*
 * Events through their pages and API, as the people who use them: a state's team creates,
 * edits, publishes and cancels its events and sets their CE credit; the public and other states'
 * teams see an event only once it is published — in pages, lists and the API alike.
 */

const form = {
  kind: "regional",
  titleEn: "Maryland spring convening",
  titleEs: "Encuentro de primavera de Maryland",
  summaryEn: "Teams from across the state meet on **screening**.",
  startsOn: "2027-04-14",
  endsOn: "2027-04-15",
  timeZone: "America/New_York",
  mode: "in_person",
  venue: "Annapolis Convention Center",
  capacity: "250",
  ceActivityTitle: "Maryland Spring Convening on School Mental Health",
  tracks: "Screening | Detección\nFamily partnership",
};

/** Not shown: 404 signed in; signed out, sent to sign in. */
function refused(res: { statusCode: number; headers: Record<string, unknown> }) {
  const toSignIn = res.statusCode === 303 && String(res.headers.location).startsWith("/sign-in");
  return res.statusCode === 404 || toSignIn;
}

describe.each(DATABASES)("events setup pages and API on %s", (kind) => {
  let t: TestApp;
  let mdTeam: TestClient;
  let vaTeam: TestClient;
  let plain: TestClient;
  let visitor: TestClient;
  let md: { id: string };

  const eventCount = async () =>
    Number((await queryRows<{ n: string }>(t.db, sql`select count(*) as n from events`))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp(kind);
    md = await findOrganisationByStateCode(t.db, "MD");
    const va = await findOrganisationByStateCode(t.db, "VA");
    const ana = await buildUser(t.db, { name: "Ana Maryland" });
    const vic = await buildUser(t.db, { name: "Vic Virginia" });
    await addMembership(t.db, ana.id, md.id, "member");
    await addMembership(t.db, vic.id, va.id, "lead");
    mdTeam = await signedInClient(t, ana.id);
    vaTeam = await signedInClient(t, vic.id);
    plain = await signedInClient(t, (await buildUser(t.db)).id);
    visitor = new TestClient(t.app);
  }, 120_000);
  afterAll(() => t?.close());

  it("a state's team creates a draft only it (and the levels above) sees, then publishes and cancels it", async () => {
    const start = await mdTeam.get("/events/organise");
    expect(start.body).toContain(`/events/organise/${md.id}/new`);
    const blank = await mdTeam.get(`/events/organise/${md.id}/new`);
    expect(blank.statusCode).toBe(200);
    // Tracks start as one per national practice group.
    const lines = blank.body.match(/<textarea[^>]*name="tracks"[^>]*>([^<]*)<\/textarea>/)?.[1]?.split("\n");
    expect(lines).toHaveLength(12);
    expect((await vaTeam.get(`/events/organise/${md.id}/new`)).statusCode).toBe(404);

    const created = await mdTeam.postForm(`/events/organise/${md.id}/new`, form);
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe("/events/maryland-spring-convening/manage");
    const slug = "maryland-spring-convening";
    const row = (await eventBySlug(t.db, slug))!;
    expect(row.status).toBe("draft");
    expect(row.capacity).toBe(250);

    const page = await mdTeam.get(`/events/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Maryland spring convening");
    expect(page.body).toContain("Family partnership");
    expect(page.body).toContain("<strong>screening</strong>");
    for (const outsider of [visitor, vaTeam, plain]) {
      expect(refused(await outsider.get(`/events/${slug}`))).toBe(true);
      expect((await outsider.get("/events")).body).not.toContain("Maryland spring convening");
      const api = await outsider.json("GET", "/api/v1/events");
      expect(api.json().items.map((e: { slug: string }) => e.slug)).not.toContain(slug);
      expect([401, 404]).toContain((await outsider.json("GET", `/api/v1/events/${slug}`)).statusCode);
    }
    expect((await mdTeam.get("/events")).body).toContain("Maryland spring convening");

    const manage = await mdTeam.get(`/events/${slug}/manage`);
    expect(manage.statusCode).toBe(200);
    expect(manage.body).toContain(`/events/${slug}/manage/edit`);
    expect(refused(await vaTeam.get(`/events/${slug}/manage`))).toBe(true);

    const edited = await mdTeam.postForm(`/events/${slug}/manage/edit`, {
      ...form,
      titleEn: "Maryland spring convening 2027",
      tracks: "Screening | Detección\nFamily partnership\nYouth voice | Voz juvenil",
    });
    expect(edited.statusCode).toBe(303);
    const tracks = await queryRows<{ name: string }>(
      t.db,
      sql`select name_en as name from event_tracks where event_id = ${row.id} order by position`,
    );
    expect(tracks.map((x) => x.name)).toEqual(["Screening", "Family partnership", "Youth voice"]);

    expect((await mdTeam.postForm(`/events/${slug}/manage/publish`, {})).statusCode).toBe(303);
    const seen = await visitor.get(`/events/${slug}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain("Maryland spring convening 2027");
    expect((await visitor.get("/events?state=MD")).body).toContain("Maryland spring convening 2027");
    expect((await visitor.get("/events?state=VA")).body).not.toContain("Maryland spring convening 2027");
    const es = await visitor.get(`/events/${slug}`, { "accept-language": "es" });
    expect(es.body).toContain("Encuentro de primavera de Maryland");
    expect(es.body).toContain("Voz juvenil");

    expect((await mdTeam.postForm(`/events/${slug}/manage/cancel`, {})).statusCode).toBe(303);
    expect((await visitor.get(`/events/${slug}`)).body).toContain("This event has been cancelled.");
    const audit = await listAudit(t.db, { entityId: row.id }, { page: 1, perPage: 20 });
    expect(audit.items.map((a) => a.action).sort()).toEqual([
      "event.cancel",
      "event.create",
      "event.publish",
      "event.tracks",
      "event.update",
    ]);
  });

  it("a bad time zone or an end before the start gives the form again (400) with the input kept, and writes nothing", async () => {
    const before = await eventCount();
    const badZone = await mdTeam.postForm(`/events/organise/${md.id}/new`, {
      ...form,
      titleEn: "Zone test",
      timeZone: "Mars/Olympus_Mons",
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.body).toContain("Choose a time zone from the list.");
    expect(badZone.body).toContain('value="Zone test"');
    const backwards = await mdTeam.postForm(`/events/organise/${md.id}/new`, {
      ...form,
      titleEn: "Order test",
      startsOn: "2027-04-15",
      endsOn: "2027-04-14",
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain("The last day must be on or after the first day.");
    const badDay = await mdTeam.postForm(`/events/organise/${md.id}/new`, {
      ...form,
      startsOn: "2027-02-30",
    });
    expect(badDay.statusCode).toBe(400);
    const apiBody = {
      kind: "webinar",
      titleEn: "API webinar",
      startsOn: "2027-05-01",
      endsOn: "2027-05-01",
      timeZone: "America/Chicago",
      mode: "online",
      onlineUrl: "https://meet.example.org/api",
    };
    const url = `/api/v1/events/organisers/${md.id}/events`;
    expect((await mdTeam.json("POST", url, { ...apiBody, timeZone: "Nowhere/Else" })).statusCode).toBe(400);
    expect((await mdTeam.json("POST", url, { ...apiBody, endsOn: "2027-04-30" })).statusCode).toBe(400);
    expect((await mdTeam.json("POST", url, { ...apiBody, mode: "in_person" })).statusCode).toBe(400);
    expect(await eventCount()).toBe(before);

    const made = await mdTeam.json("POST", url, { ...apiBody, tracks: [{ nameEn: "Only track" }] });
    expect(made.statusCode).toBe(201);
    expect(made.json().status).toBe("draft");
    expect(made.json().tracks.map((x: { nameEn: string }) => x.nameEn)).toEqual(["Only track"]);
    expect((await vaTeam.json("POST", url, apiBody)).statusCode).toBe(404);
    expect((await visitor.json("POST", url, apiBody)).statusCode).toBe(401);
    const slug = made.json().slug as string;
    expect((await mdTeam.json("POST", `/api/v1/events/${slug}/publish`)).json().status).toBe("published");
    expect((await mdTeam.json("POST", `/api/v1/events/${slug}/publish`)).statusCode).toBe(409);
    const listed = await visitor.json("GET", "/api/v1/events?kind=webinar&state=MD");
    expect(listed.json().items.map((e: { slug: string }) => e.slug)).toContain(slug);
    expect((await visitor.json("GET", "/api/v1/events?kind=party")).statusCode).toBe(400);
  });

  it("organisers set the CE credit types shown on the event's page", async () => {
    const made = await mdTeam.json("POST", `/api/v1/events/organisers/${md.id}/events`, {
      kind: "training_series",
      titleEn: "Credit series",
      startsOn: "2027-06-01",
      endsOn: "2027-06-30",
      timeZone: "America/New_York",
      mode: "online",
      onlineUrl: "https://meet.example.org/credit",
      ceActivityTitle: "Credit Series on Tier 2 Supports",
    });
    const slug = made.json().slug as string;
    const base = `/events/${slug}/manage/credit-types`;
    const added = await mdTeam.postForm(base, {
      profession: "psychologist",
      label: "CE credits (APA)",
      providerName: "Maryland Center for School Mental Health",
      approvalStatement:
        "The center is approved by the American Psychological Association to sponsor continuing education.",
      retentionYears: "5",
    });
    expect(added.statusCode).toBe(303);
    const twice = await mdTeam.postForm(base, {
      profession: "psychologist",
      label: "Again",
      providerName: "X",
      approvalStatement: "Y",
      retentionYears: "5",
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain("This profession already has a credit type for this event.");
    const badYears = await mdTeam.postForm(base, {
      profession: "counselor",
      label: "NBCC",
      providerName: "X",
      approvalStatement: "Y",
      retentionYears: "500",
    });
    expect(badYears.statusCode).toBe(400);
    const viaApi = await mdTeam.json("POST", `/api/v1/events/${slug}/credit-types`, {
      profession: "social_worker",
      label: "ACE credits",
      providerName: "Maryland Center for School Mental Health",
      approvalStatement: "Approved by the ASWB ACE program.",
      retentionYears: 6,
    });
    expect(viaApi.statusCode).toBe(201);
    expect((await vaTeam.json("POST", `/api/v1/events/${slug}/credit-types`, viaApi.json())).statusCode).toBe(
      404,
    );
    await mdTeam.json("POST", `/api/v1/events/${slug}/publish`);
    const page = (await visitor.get(`/events/${slug}`)).body;
    expect(page).toContain("CE credits (APA)");
    expect(page).toContain("Approved by the ASWB ACE program.");
    expect(page).toContain("Credit Series on Tier 2 Supports");
    const removed = await mdTeam.json("DELETE", `/api/v1/events/${slug}/credit-types/${viaApi.json().id}`);
    expect(removed.statusCode).toBe(204);
    expect((await visitor.json("GET", `/api/v1/events/${slug}`)).json().creditTypes).toHaveLength(1);
  });

  it("reports registrations and attendance by stakeholder type and state to organisers only, as a page, CSV and JSON", async () => {
    const made = await mdTeam.json("POST", `/api/v1/events/organisers/${md.id}/events`, {
      kind: "webinar",
      titleEn: "Report webinar",
      startsOn: "2027-03-01",
      endsOn: "2027-03-01",
      timeZone: "America/New_York",
      mode: "online",
      onlineUrl: "https://meet.example.org/report",
    });
    const { id, slug } = made.json() as { id: string; slug: string };
    const people = [
      await buildUser(t.db, { stakeholderRole: "family_member", stateCode: "MD" }),
      await buildUser(t.db, { stakeholderRole: "family_member", stateCode: "VA" }),
      await buildUser(t.db, { stakeholderRole: "educator", stateCode: "MD" }),
    ];
    for (const [i, person] of people.entries())
      await t.db.execute(
        sql`insert into event_registrations (event_id, user_id, status, check_in_code, answers, checked_in_at)
            values (${id}, ${person.id}, ${i === 2 ? "waitlisted" : "registered"}, ${`CODE${i}${kind}`},
                    ${JSON.stringify({ dietary: "Secret-answer-7" })}::jsonb, ${i === 0 ? new Date() : null})`,
      );
    const page = await mdTeam.get(`/events/${slug}/manage/reports`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Family members");
    expect(page.body).not.toContain("Secret-answer-7");
    const csv = await mdTeam.get(`/events/${slug}/manage/reports.csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("stakeholder_type,family_member,registered,2");
    expect(csv.body).toContain("state,MD,checkedIn,1");
    expect(csv.body).not.toContain("Secret-answer-7");
    const api = await mdTeam.json("GET", `/api/v1/events/${slug}/reports`);
    expect(api.json().byStakeholder).toContainEqual({
      group: "educator",
      registered: 0,
      waitlisted: 1,
      cancelled: 0,
      checkedIn: 0,
      attended: 0,
    });
    expect(refused(await vaTeam.get(`/events/${slug}/manage/reports`))).toBe(true);
    expect((await plain.json("GET", `/api/v1/events/${slug}/reports`)).statusCode).toBe(404);
  });
  it("pages a visitor has already seen (kept in the page cache) show an organiser's change at once", async () => {
    const made = await mdTeam.json("POST", `/api/v1/events/organisers/${md.id}/events`, {
      kind: "webinar",
      titleEn: "Kept webinar",
      startsOn: "2027-09-01",
      endsOn: "2027-09-01",
      timeZone: "America/New_York",
      mode: "online",
      onlineUrl: "https://meet.example.org/kept",
    });
    const slug = made.json().slug as string;
    expect((await mdTeam.postForm(`/events/${slug}/manage/publish`, {})).statusCode).toBe(303);
    // Each read twice: the second comes from the cache.
    for (let i = 0; i < 2; i++) {
      expect((await visitor.get(`/events/${slug}`)).body).toContain("Kept webinar");
      expect((await visitor.get("/events")).body).toContain("Kept webinar");
    }
    const row = (await eventBySlug(t.db, slug))!;
    await t.db.execute(sql`update events set title_en = 'Renamed webinar' where id = ${row.id}`);
    expect((await visitor.get(`/events/${slug}`)).body).toContain("Renamed webinar");
    expect((await visitor.get("/events")).body).toContain("Renamed webinar");

    const credit = await mdTeam.postForm(`/events/${slug}/manage/credit-types`, {
      profession: "counselor",
      label: "NBCC clock hours",
      providerName: "Kept provider",
      approvalStatement: "Kept provider is an approved continuing education provider.",
      retentionYears: "6",
    });
    expect(credit.statusCode).toBe(303);
    expect((await visitor.get(`/events/${slug}`)).body).toContain("NBCC clock hours");

    // No link to a program that is not published yet; one as soon as it is.
    const programLink = `href="/events/${slug}/program"`;
    expect((await visitor.get(`/events/${slug}`)).body).not.toContain(programLink);
    const published = await mdTeam.json("PUT", `/api/v1/events/${slug}/program/publication`, {
      published: true,
    });
    expect(published.statusCode).toBe(204);
    expect((await visitor.get(`/events/${slug}`)).body).toContain(programLink);
  });
});
