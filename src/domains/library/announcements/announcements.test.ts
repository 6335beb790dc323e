import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { TestClient as AnonymousClient } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { type Actor, can } from "../../../platform/policy";
import { addMembership, buildUser } from "../../../seed/factories";
import { buildCommunity } from "../../communities/test-factories";
import { addMember } from "../../communities/membership/service";
import { ensureProfile } from "../../communities/people/service";
import { setEmailFrequency } from "../../communities/notifications/service";
import { getNation, getStateByCode, type Organisation } from "../../directory/service";
import { loadActor } from "../../teams/service";
import {
  announcementReach,
  announcementResource,
  findAnnouncement,
  listArchive,
  unsubscribeToken,
} from "./service";

/*
 * Announcements end to end on both databases: who may send to what, the audience (stakeholder
 * type ∩ state, communities), email settings and one-click unsubscribe respected, one email per
 * person, Spanish for Spanish readers, and a community's own announcement hidden from everyone
 * else in the archive, its page and the API.
 */

interface Mail {
  to: string;
  subject: string;
  text: string;
  headers: string | null;
}

describe.each(DATABASES)("announcements on %s", (kind) => {
  let t: TestApp;
  let nation: Organisation;
  let maryland: Organisation;
  const people: Record<string, { id: string; email: string }> = {};
  const clients: Record<string, TestClient> = {};
  let groupId = "";
  let otherGroupId = "";
  let privateId = "";

  const mails = async (): Promise<Mail[]> =>
    queryRows<Mail>(
      t.db,
      sql`select to_address as "to", subject, body_text as text, headers from email_outbox order by created_at`,
    );
  const mailsTo = async (name: string) => (await mails()).filter((m) => m.to === people[name]!.email);
  const draftIdFrom = (location: unknown) => String(location).match(/drafts\/([0-9a-f-]{36})$/)![1]!;

  beforeAll(async () => {
    t = await startTestApp(kind);
    nation = (await getNation(t.db))!;
    maryland = (await getStateByCode(t.db, "MD"))!;
    const person = async (name: string, options: Parameters<typeof buildUser>[1]) => {
      const user = await buildUser(t.db, { name, email: `${name}@announce.example`, ...options });
      people[name] = { id: user.id, email: user.email };
      return user;
    };
    // Leads are policymakers in DC, so they are in none of the audiences below.
    const lead = { stakeholderRole: "policymaker" as const, stateCode: "DC" };
    await person("nationLead", lead);
    await addMembership(t.db, people.nationLead!.id, nation.id, "lead");
    await person("mdLead", lead);
    await addMembership(t.db, people.mdLead!.id, maryland.id, "lead");
    await person("groupLead", lead);
    await person("eduMd", { stakeholderRole: "educator", stateCode: "MD" });
    await person("eduMdSpanish", { stakeholderRole: "educator", stateCode: "MD", locale: "es" });
    await person("familyMd", { stakeholderRole: "family_member", stateCode: "MD" });
    await person("eduCa", { stakeholderRole: "educator", stateCode: "CA" });
    await person("eduMdNever", { stakeholderRole: "educator", stateCode: "MD" });
    await person("eduMdUnverified", { stakeholderRole: "educator", stateCode: "MD", verified: false });
    await person("eduMdOptsOut", { stakeholderRole: "educator", stateCode: "MD" });
    await person("outsider", { stakeholderRole: "educator", stateCode: "TX" });
    await ensureProfile(t.db, people.eduMdNever!.id);
    await setEmailFrequency(t.db, people.eduMdNever!.id, "never");

    groupId = (await buildCommunity(t.db, { kind: "practice_group", level: "national", stateCode: null })).id;
    otherGroupId = (
      await buildCommunity(t.db, { kind: "practice_group", level: "national", stateCode: null })
    ).id;
    for (const name of ["eduMd", "familyMd", "eduCa"])
      await addMember(t.db, groupId, people[name]!.id, "member");
    // eduMd is in both groups: still one email.
    await addMember(t.db, otherGroupId, people.eduMd!.id, "member");
    await addMember(t.db, otherGroupId, people.eduCa!.id, "member");
    await addMember(t.db, groupId, people.groupLead!.id, "lead");
    privateId = (await buildCommunity(t.db, { visibility: "private", joinPolicy: "request" })).id;
    await addMember(t.db, privateId, people.groupLead!.id, "lead");
    await addMember(t.db, privateId, people.familyMd!.id, "member");
    for (const name of Object.keys(people)) clients[name] = await signedInClient(t, people[name]!.id);
  });
  afterAll(() => t?.close());

  it("a nation lead writes to educators in Maryland, previews the count, sends once; settings and unsubscribes respected", async () => {
    const lead = clients.nationLead!;
    await lead.get(`/library/announcements/new/${nation.id}`);
    const created = await lead.postForm(`/library/announcements/new/${nation.id}`, {
      titleEn: "Screening week",
      bodyEn: "Join us for **screening week**.",
      titleEs: "Semana de evaluación",
      bodyEs: "Acompáñenos en la **semana de evaluación**.",
      stakeholderRoles: ["educator"],
      stateCodes: ["MD"],
    });
    expect(created.statusCode).toBe(303);
    const draftId = draftIdFrom(created.headers.location);

    // Educators in Maryland: eduMd, eduMdSpanish, eduMdOptsOut (not the one who said never, nor the unconfirmed).
    let preview = await lead.get(`/library/announcements/drafts/${draftId}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("emailed to 3 people now (1 of them in Spanish)");
    expect(preview.body).toContain("<strong>screening week</strong>");

    // One click from an earlier announcement's email (RFC 8058), with no session.
    const anonymous = new AnonymousClient(t.app);
    const token = unsubscribeToken(t.config.sessionSecret, people.eduMdOptsOut!.id);
    const oneClick = await anonymous.request({
      method: "POST",
      url: `/library/announcements/unsubscribe/${token}`,
      payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(oneClick.statusCode).toBe(200);
    const forged = await anonymous.request({
      method: "POST",
      url: `/library/announcements/unsubscribe/${token.slice(0, -2)}xx`,
      payload: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(forged.statusCode).toBe(404);

    preview = await lead.get(`/library/announcements/drafts/${draftId}`);
    expect(preview.body).toContain("emailed to 2 people now (1 of them in Spanish)");

    const api = await lead.json("GET", `/api/v1/announcements/drafts/${draftId}`);
    expect(api.json().preview).toMatchObject({ recipients: 2, inSpanish: 1 });

    await lead.get(`/library/announcements/drafts/${draftId}`);
    const sent = await lead.postForm(`/library/announcements/drafts/${draftId}/send`, {});
    expect(sent.statusCode).toBe(303);
    await t.runJobs();

    const english = await mailsTo("eduMd");
    expect(english.map((m) => m.subject)).toEqual(["Screening week"]);
    expect(english[0]!.text).toContain("Join us for **screening week**.");
    const headers = JSON.parse(english[0]!.headers!);
    expect(headers["List-Unsubscribe"]).toMatch(/^<http.*\/library\/announcements\/unsubscribe\/.+>$/);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect((await mailsTo("eduMdSpanish")).map((m) => m.subject)).toEqual(["Semana de evaluación"]);
    for (const name of ["familyMd", "eduCa", "eduMdNever", "eduMdUnverified", "eduMdOptsOut", "nationLead"])
      expect(await mailsTo(name), name).toEqual([]);
    expect((await findAnnouncement(t.db, draftId))!).toMatchObject({ status: "sent", recipientCount: 2 });

    // Sent is sent: a second send changes nothing and emails nobody again.
    await lead.get(`/library/announcements/drafts/${draftId}/edit`);
    await lead.postForm(`/library/announcements/drafts/${draftId}/send`, {});
    await t.runJobs();
    expect(await mailsTo("eduMd")).toHaveLength(1);
    const again = await lead.json("POST", `/api/v1/announcements/drafts/${draftId}/send`, {});
    expect(again.statusCode).toBe(409);

    // The archive shows it to everyone, in the reader's language.
    const archive = await anonymous.get("/library/announcements");
    expect(archive.body).toContain("Screening week");
    const page = await clients.eduMdSpanish!.get(`/library/announcements/${draftId}`, {
      "accept-language": "es",
    });
    expect(page.body).toContain("Semana de evaluación");
  });

  it("practice groups as the audience: one email per person however many groups they are in, ∩ stakeholder type", async () => {
    const before = (await mails()).length;
    const res = await clients.nationLead!.json("POST", `/api/v1/announcements/from/${nation.id}`, {
      titleEn: "Practice group call",
      bodyEn: "Our next call is on Tuesday.",
      communityIds: [groupId, otherGroupId],
    });
    expect(res.statusCode).toBe(201);
    // eduMd (in both groups), familyMd, eduCa and the group's lead: four people, not five.
    expect(res.json().preview.recipients).toBe(4);
    const sent = await clients.nationLead!.json(
      "POST",
      `/api/v1/announcements/drafts/${res.json().id}/send`,
      {},
    );
    expect(sent.statusCode).toBe(202);
    await t.runJobs();
    const added = (await mails()).slice(before);
    expect(added.map((m) => m.to).sort()).toEqual(
      [people.eduMd!.email, people.familyMd!.email, people.eduCa!.email, people.groupLead!.email].sort(),
    );

    const narrowed = await clients.nationLead!.json("POST", `/api/v1/announcements/from/${nation.id}`, {
      titleEn: "For families in the group",
      bodyEn: "Families first.",
      communityIds: [groupId],
      stakeholderRoles: ["family_member"],
    });
    expect(narrowed.json().preview.recipients).toBe(1);
  });

  it("who may send to what: a state's lead to their state only, a non-lead refused", async () => {
    const stateLead = clients.mdLead!;
    await stateLead.get(`/library/announcements/new/${maryland.id}`);
    const wrongState = await stateLead.postForm(`/library/announcements/new/${maryland.id}`, {
      titleEn: "For California",
      bodyEn: "Text kept",
      stateCodes: ["CA"],
    });
    expect(wrongState.statusCode).toBe(400);
    expect(wrongState.body).toContain("writes to people in its own state only");
    expect(wrongState.body).toContain("Text kept");
    expect(wrongState.body).toContain('value="For California"');
    const missing = await stateLead.postForm(`/library/announcements/new/${maryland.id}`, { bodyEn: "Kept" });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="titleEn-error"');

    // A state lead's announcement reaches Maryland only, whatever else was asked through the API.
    const ok = await stateLead.json("POST", `/api/v1/announcements/from/${maryland.id}`, {
      titleEn: "Maryland families",
      bodyEn: "Hello.",
      stakeholderRoles: ["family_member"],
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ stateCodes: ["MD"], preview: { recipients: 1 } });
    expect(
      (await stateLead.json("POST", `/api/v1/announcements/from/${nation.id}`, { titleEn: "x", bodyEn: "y" }))
        .statusCode,
    ).toBe(404);

    for (const name of ["eduMd", "groupLead"]) {
      expect((await clients[name]!.get(`/library/announcements/new/${maryland.id}`)).statusCode, name).toBe(
        404,
      );
      const api = await clients[name]!.json("POST", `/api/v1/announcements/from/${nation.id}`, {
        titleEn: "Not mine",
        bodyEn: "Refused",
      });
      expect(api.statusCode, name).toBe(404);
    }
    expect((await clients.eduMd!.get(`/library/announcements/drafts/${ok.json().id}`)).statusCode).toBe(404);
    expect((await clients.eduMd!.get(`/library/announcements/new/${groupId}`)).statusCode).toBe(404);
    expect((await clients.groupLead!.get(`/library/announcements/new/${groupId}`)).statusCode).toBe(200);
  });

  it("a community's own announcement reaches its members and is hidden from everyone else in archive, page and API", async () => {
    const lead = clients.groupLead!;
    const res = await lead.json("POST", `/api/v1/announcements/from/${privateId}`, {
      titleEn: "Members-only update",
      bodyEn: "Only for us.",
      communityIds: [groupId],
    });
    // A community's leads write to their own members only.
    expect(res.statusCode).toBe(400);
    const draft = await lead.json("POST", `/api/v1/announcements/from/${privateId}`, {
      titleEn: "Members-only update",
      bodyEn: "Only for us.",
    });
    expect(draft.statusCode).toBe(201);
    // Its members: familyMd and the lead.
    expect(draft.json().preview.recipients).toBe(2);
    const id = draft.json().id as string;
    await lead.json("POST", `/api/v1/announcements/drafts/${id}/send`, {});
    await t.runJobs();
    expect((await mailsTo("familyMd")).map((m) => m.subject)).toContain("Members-only update");

    const member = clients.familyMd!;
    expect((await member.get("/library/announcements")).body).toContain("Members-only update");
    expect((await member.get(`/library/announcements/${id}`)).statusCode).toBe(200);
    expect((await member.json("GET", "/api/v1/announcements")).body).toContain("Members-only update");
    for (const client of [clients.eduMd!, clients.nationLead!, new AnonymousClient(t.app)]) {
      expect((await client.get("/library/announcements")).body).not.toContain("Members-only update");
      expect((await client.get(`/library/announcements/${id}`)).statusCode).not.toBe(200);
      expect((await client.json("GET", "/api/v1/announcements")).body).not.toContain("Members-only update");
      expect((await client.json("GET", `/api/v1/announcements/${id}`)).statusCode).toBeGreaterThanOrEqual(
        401,
      );
    }
  });

  it("the archive's SQL asks the same rule as the page (library.read) for every reader and announcement", async () => {
    const admin = await buildUser(t.db, { systemRole: "admin" });
    const readers: (Actor | null)[] = [null];
    for (const id of [people.familyMd!.id, people.eduMd!.id, people.groupLead!.id, admin.id])
      readers.push((await loadActor(t.db, id))!);
    const all = await queryRows<{ id: string }>(
      t.db,
      sql`select id from announcement_items where sent_at is not null`,
    );
    expect(all.length).toBeGreaterThan(2);
    for (const actor of readers) {
      const listed = new Set((await listArchive(t.db, actor, 1)).items.map((i) => i.id));
      for (const { id } of all) {
        const row = (await findAnnouncement(t.db, id))!;
        const allowed = can(actor, "library.read", await announcementResource(t.db, row, actor));
        expect(listed.has(id), `${actor?.userId ?? "signed out"} on ${row.titleEn}`).toBe(allowed);
      }
    }
  });

  it("reach: announcements sent and people reached by month, for the nation, a state and a community", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const range = { from: `${month}-01`, to: new Date().toISOString().slice(0, 10) };
    const nationRows = await announcementReach(t.db, { scopeId: nation.id, ...range });
    expect(nationRows).toEqual([{ month, announcements: 3, peopleReached: 5 }]);
    const mdRows = await announcementReach(t.db, { scopeId: maryland.id, ...range });
    // All three reached someone in Maryland; the people there: eduMd, eduMdSpanish, familyMd.
    expect(mdRows).toEqual([{ month, announcements: 3, peopleReached: 3 }]);
    const groupRows = await announcementReach(t.db, { communityId: groupId, ...range });
    expect(groupRows).toEqual([{ month, announcements: 1, peopleReached: 4 }]);
    expect(
      await announcementReach(t.db, { scopeId: nation.id, from: "2001-01-01", to: "2001-12-31" }),
    ).toEqual([]);
  });
});
