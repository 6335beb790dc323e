import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { openApiProblems } from "../../../../test/support/openapi";
import { queryRows } from "../../../platform/db/client";
import { outbox } from "../../../platform/email/schema";
import { buildUser } from "../../../seed/factories";
import { issueFeedToken } from "../../../platform/auth/feed-tokens";
import { meetingJobs, zonedTimeToUtc } from "../meetings/service";
import { communities, memberProfiles } from "../schema";
import { agendaItems, meetings } from "./schema";
import { topics } from "../discussions/schema";
import { addMember } from "../membership/service";
import { ensureProfile } from "../people/service";
import { buildCommunity } from "../test-factories";

/** Unfolds RFC 5545 content lines (a CRLF followed by a space or tab continues the line). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "").split("\r\n");

describe.each(DATABASES)("agenda, meetings, people and reach on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("turns local time in an IANA zone into the right instant, across daylight saving", () => {
    expect(zonedTimeToUtc("2026-12-10T15:00", "America/Chicago").toISOString()).toBe(
      "2026-12-10T21:00:00.000Z",
    );
    expect(zonedTimeToUtc("2026-07-10T15:00", "America/Chicago").toISOString()).toBe(
      "2026-07-10T20:00:00.000Z",
    );
    expect(zonedTimeToUtc("2026-03-08T12:00", "America/New_York").toISOString()).toBe(
      "2026-03-08T16:00:00.000Z",
    );
    expect(zonedTimeToUtc("2026-01-05T09:30", "Pacific/Honolulu").toISOString()).toBe(
      "2026-01-05T19:30:00.000Z",
    );
  });

  it("keeps a shared agenda per community and shows the practice groups' agenda nationally", async () => {
    const [group] = await t.db.select().from(communities).where(eq(communities.slug, "youth-leadership"));
    const lead = await buildUser(t.db, { stakeholderRole: "youth" });
    await addMember(t.db, group!.id, lead.id, "lead");
    const [topic] = await t.db
      .insert(topics)
      .values({ communityId: group!.id, authorId: lead.id, title: "Youth advisory boards" })
      .returning();
    const client = await signedInClient(t, lead.id);
    await client.get(`/communities/${group!.slug}/agenda/new`);
    const saved = await client.postForm(`/communities/${group!.slug}/agenda/new`, {
      title: "Youth seats on every district team",
      priority: "high",
      status: "active",
      ownerId: lead.id,
      topicIds: [topic!.id],
    });
    expect(saved.statusCode).toBe(303);
    const national = await new TestClient(t.app).get("/agenda?status=active");
    expect(national.body).toContain("Youth seats on every district team");
    expect(national.body).toContain("Youth advisory boards");
    const done = await new TestClient(t.app).get("/agenda?status=done");
    expect(done.body).not.toContain("Youth seats on every district team");
    const api = await new TestClient(t.app).json("GET", "/api/v1/agenda?priority=high");
    expect(api.json().items.map((i: { title: string }) => i.title)).toContain(
      "Youth seats on every district team",
    );
    // A topic from another community cannot be linked; nothing is written.
    const other = await buildCommunity(t.db);
    const [foreign] = await t.db
      .insert(topics)
      .values({ communityId: other.id, authorId: lead.id, title: "Elsewhere" })
      .returning();
    const before = (await t.db.select().from(agendaItems)).length;
    const bad = await client.json("POST", `/api/v1/communities/${group!.slug}/agenda`, {
      title: "Bad link",
      priority: "low",
      status: "proposed",
      topicIds: [foreign!.id],
    });
    expect(bad.statusCode).toBe(400);
    expect((await t.db.select().from(agendaItems)).length).toBe(before);
    // Members who are not leads cannot add items.
    const member = await buildUser(t.db);
    await addMember(t.db, group!.id, member.id);
    const memberClient = await signedInClient(t, member.id);
    expect(
      (
        await memberClient.json("POST", `/api/v1/communities/${group!.slug}/agenda`, {
          title: "Mine",
          priority: "low",
          status: "proposed",
        })
      ).statusCode,
    ).toBe(403);
  });

  it("schedules meetings with RSVP, a parsable iCal feed per community and a personal feed link", async () => {
    const c = await buildCommunity(t.db);
    const lead = await buildUser(t.db);
    await addMember(t.db, c.id, lead.id, "lead");
    const member = await buildUser(t.db);
    await addMember(t.db, c.id, member.id);
    const leadClient = await signedInClient(t, lead.id);
    const created = await leadClient.json("POST", `/api/v1/communities/${c.slug}/meetings`, {
      title: "Quarterly learning session, part 2",
      startsAt: "2030-12-10T15:00",
      timeZone: "America/Chicago",
      durationMinutes: 90,
      onlineUrl: "https://meet.example.org/abc",
      agenda: "1. Welcome\n2. Data review",
    });
    expect(created.statusCode).toBe(201);
    const meeting = created.json();
    expect(meeting.startsAt).toBe("2030-12-10T21:00:00.000Z");
    const memberClient = await signedInClient(t, member.id);
    expect((await memberClient.get("/notifications")).body).toContain("Quarterly learning session");
    await memberClient.get(`/communities/${c.slug}/meetings/${meeting.id}`);
    await memberClient.postForm(`/communities/${c.slug}/meetings/${meeting.id}/rsvp`, { response: "yes" });
    const page = await memberClient.get(`/communities/${c.slug}/meetings/${meeting.id}`);
    expect(page.body).toContain("1 yes");

    const feed = await new TestClient(t.app).get(`/communities/${c.slug}/calendar.ics`);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers["content-type"]).toContain("text/calendar");
    const lines = unfold(feed.body);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("BEGIN:VEVENT");
    expect(lines).toContain("DTSTART:20301210T210000Z");
    expect(
      lines.some((l) => l.startsWith("SUMMARY:Quarterly learning session") && l.includes("part 2")),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith("UID:") && l.includes(meeting.id))).toBe(true);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(1);

    const { token } = await issueFeedToken(t.db, member.id, "calendar");
    const personal = await new TestClient(t.app).get(`/communities/calendar/${token}.ics`);
    expect(personal.statusCode).toBe(200);
    expect(unfold(personal.body)).toContain("DTSTART:20301210T210000Z");
    const forged = await new TestClient(t.app).get(`/communities/calendar/cal-${"0".repeat(64)}.ics`);
    expect(forged.statusCode).toBe(404);

    // The reminder goes to members who did not decline, with an unsubscribe link.
    await meetingJobs["communities.meeting-reminder"]!({ meetingId: meeting.id }, { db: t.db });
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.to, member.email));
    expect(mail?.subject).toContain("Reminder: Quarterly learning session");
    expect(mail?.text).toContain("/communities/unsubscribe/");
    expect(JSON.parse(mail!.headers!)["List-Unsubscribe"]).toContain("/communities/unsubscribe/");
  });

  it("rejects a bad meeting (time zone, time, missing place) with 400 and writes nothing", async () => {
    const c = await buildCommunity(t.db);
    const lead = await buildUser(t.db);
    await addMember(t.db, c.id, lead.id, "lead");
    const client = await signedInClient(t, lead.id);
    const base = {
      title: "Planning",
      startsAt: "2030-01-10T10:00",
      timeZone: "America/Denver",
      durationMinutes: 60,
      place: "Room 4",
    };
    for (const bad of [
      { ...base, timeZone: "Mars/Olympus" },
      { ...base, startsAt: "next tuesday" },
      { ...base, durationMinutes: 0 },
      { ...base, place: undefined },
      { ...base, onlineUrl: "javascript:alert(1)" },
    ]) {
      const res = await client.json("POST", `/api/v1/communities/${c.slug}/meetings`, bad);
      expect(res.statusCode).toBe(400);
    }
    await client.get(`/communities/${c.slug}/meetings/new`);
    const form = await client.postForm(`/communities/${c.slug}/meetings/new`, {
      title: "Planning",
      startsAt: "",
      timeZone: "America/Denver",
      durationMinutes: "60",
    });
    expect(form.statusCode).toBe(400);
    expect(await t.db.select().from(meetings).where(eq(meetings.communityId, c.id))).toHaveLength(0);
  });

  it("shows member profiles within their privacy settings", async () => {
    const hidden = await buildCommunity(t.db, { visibility: "private", nameEn: "Hidden working group" });
    const open = await buildCommunity(t.db, { nameEn: "Open working group" });
    const person = await buildUser(t.db, {
      name: "Priya Profile",
      stakeholderRole: "researcher",
      stateCode: "OR",
    });
    await addMember(t.db, hidden.id, person.id);
    await addMember(t.db, open.id, person.id, "lead");
    const handle = await ensureProfile(t.db, person.id);
    const self = await signedInClient(t, person.id);
    await self.get("/people/me/edit");
    const saved = await self.postForm("/people/me/edit", {
      organisation: "Coastal University",
      bio: "I study school screening.",
      privacy: ["showOrganisation", "showCommunities"],
    });
    expect(saved.statusCode).toBe(303);
    const other = await signedInClient(t, (await buildUser(t.db)).id);
    const page = await other.get(`/people/${handle}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Priya Profile");
    expect(page.body).toContain("Coastal University");
    expect(page.body).toContain("Open working group");
    expect(page.body).not.toContain("Hidden working group");
    expect(page.body).not.toContain(person.email);
    expect(page.body).not.toContain("Oregon");
    const api = (await other.json("GET", `/api/v1/people/${handle}`)).json();
    expect(api.email).toBeNull();
    expect(api.stateCode).toBeNull();
    await self.json("PUT", "/api/v1/people/me", { showEmail: true, showState: true, showCommunities: false });
    const after = (await other.json("GET", `/api/v1/people/${handle}`)).json();
    expect(after.email).toBe(person.email);
    expect(after.stateCode).toBe("OR");
    expect(after.communities).toBeNull();
    const [profile] = await t.db.select().from(memberProfiles).where(eq(memberProfiles.userId, person.id));
    expect(profile!.showEmail).toBe(true);
    expect((await other.get("/people/nobody-by-this-name")).statusCode).toBe(404);
  });

  it("describes every communities API operation in the OpenAPI document under the communities tag", async () => {
    const doc = (await t.app.inject({ url: "/api/v1/openapi.json" })).json();
    expect(openApiProblems(doc)).toEqual([]);
    const ours = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[] }>>).filter(
      ([path]) => /^\/api\/v1\/(communities|community-|notifications|agenda|people)/.test(path),
    );
    expect(ours.length).toBeGreaterThan(20);
    for (const [path, item] of ours)
      for (const op of Object.values(item)) expect(op.tags, path).toContain("communities");
  });

  it("counts reach by stakeholder type and state, with a CSV download", async () => {
    const c = await buildCommunity(t.db);
    for (const [role, state] of [
      ["family_member", "TX"],
      ["family_member", "TX"],
      ["youth", "NM"],
    ] as const) {
      const u = await buildUser(t.db, { stakeholderRole: role, stateCode: state });
      await addMember(t.db, c.id, u.id);
    }
    const api = (await new TestClient(t.app).json("GET", `/api/v1/communities/${c.slug}/reach`)).json();
    expect(api.total).toBe(3);
    expect(api.byStakeholder).toEqual([
      { key: "family_member", n: 2 },
      { key: "youth", n: 1 },
    ]);
    const csv = await new TestClient(t.app).get(`/communities/${c.slug}/reach?format=csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const rows = csv.body.trim().split("\n");
    expect(rows[0]).toBe("dimension,value,label,members");
    expect(rows).toContain("stakeholder_role,family_member,Family members,2");
    expect(rows).toContain("state,TX,Texas,2");
    expect(rows).toContain("total,,,3");
    const all = (await new TestClient(t.app).json("GET", "/api/v1/communities/reach")).json();
    expect(all.total).toBeGreaterThanOrEqual(3);
    const [distinct] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(distinct user_id)::int as n from community_members m join communities c on c.id = m.community_id where c.visibility = 'public'`,
    );
    expect(all.total).toBe(distinct!.n);
  });
});
