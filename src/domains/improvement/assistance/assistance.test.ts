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
import { declaredRoutesOf } from "../../../platform/http/access";
import { buildDistrictWithSchools, buildUser, addMembership } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import {
  getResponse,
  previousSchoolYear,
  saveSection,
  schoolYearOf,
  seedInstruments,
  startResponse,
  submitResponse,
} from "../../measures/service";
import { closeEpisode, logContact, requestHelp, triageEpisode } from "./service";

/*
 * Technical assistance from request to report, on both databases: school A asks (its state's lead
 * is emailed), the state lead accepts and assigns a provider from the state's team, the provider
 * logs contacts and objectives and closes, the team answers the survey once, and the next
 * assessment fills the score after. The report then counts the hours; nine more closed episodes
 * make its row reach 10, three on another topic show the suppression (and its complement).
 */

const year = previousSchoolYear(schoolYearOf(new Date()));
const today = () => new Date().toISOString().slice(0, 10);

describe.each(DATABASES)("technical assistance on %s", (kind) => {
  let t: TestApp;
  let state: Organisation;
  let schoolA: Organisation;
  let schoolB: Organisation;
  const ids: Record<string, string> = {};
  const clients: Record<string, TestClient> = {};
  let episodeId = "";

  async function submitRated(school: Organisation, actorId: string, rating: number) {
    const response = await startResponse(t.db, {
      actorId,
      organisation: school,
      instrumentKey: "quality",
      schoolYear: year,
    });
    for (const section of (await getResponse(t.db, response.id))!.instrument.sections) {
      const answers = Object.fromEntries(section.items.map((item) => [item.key, rating]));
      const input = {
        actorId,
        responseId: response.id,
        sectionKey: section.key,
        baseVersion: 0,
        answers,
        source: "json",
      };
      await saveSection(t.db, input as Parameters<typeof saveSection>[1]);
    }
    await submitResponse(t.db, { actorId, responseId: response.id });
  }

  const outboxTo = (userKey: string) =>
    queryRows<{ subject: string; body: string }>(
      t.db,
      sql`select o.subject, o.body_text as body from email_outbox o join users u on u.email = o.to_address where u.id = ${ids[userKey]} order by o.created_at`,
    );
  const episodeRow = async () =>
    (
      await queryRows<{
        status: string;
        hours: number;
        contact_count: number;
        score_before: number | null;
        score_after: number | null;
      }>(
        t.db,
        sql`select status, hours::float8 as hours, contact_count, score_before, score_after from ta_episodes where id = ${episodeId}`,
      )
    )[0]!;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const built = await buildDistrictWithSchools(t.db, "MD", 2);
    state = built.state;
    [schoolA, schoolB] = built.schools as [Organisation, Organisation];
    const people: [string, string, "member" | "lead"][] = [
      ["leadA", schoolA.id, "lead"],
      ["memberB", schoolB.id, "member"],
      ["stateLead", state.id, "lead"],
      ["provider", state.id, "member"],
      ["districtMember", built.district.id, "member"],
    ];
    for (const [key, org, role] of people) {
      const user = await buildUser(t.db, { name: `TA ${key}` });
      ids[key] = user.id;
      await addMembership(t.db, user.id, org, role);
      clients[key] = await signedInClient(t, user.id);
    }
    await submitRated(schoolA, ids.leadA!, 2);
  });
  afterAll(() => t?.close());

  it("a team asks for help by the form; its state's coordinators are emailed", async () => {
    const lead = clients.leadA!;
    const page = await lead.get(`/assistance/teams/${schoolA.id}/request`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Do not enter student names");
    const bad = await lead.postForm(`/assistance/teams/${schoolA.id}/request`, {
      topic: "astrology",
      need: "Help",
      urgency: "soon",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Help");
    expect(await queryRows(t.db, sql`select 1 from ta_episodes`)).toHaveLength(0);
    const sent = await lead.postForm(`/assistance/teams/${schoolA.id}/request`, {
      topic: "screening",
      need: "We want to choose a screening measure for grades 3-5.",
      urgency: "soon",
    });
    expect(sent.statusCode).toBe(303);
    episodeId = String(sent.headers.location).split("/").pop()!;
    const row = await episodeRow();
    expect(row.status).toBe("requested");
    expect(row.score_before).toBe(2);
    expect((await outboxTo("stateLead")).map((m) => m.subject)).toEqual([
      expect.stringContaining("New TA request"),
    ]);
    const audit = await queryRows(
      t.db,
      sql`select 1 from audit_log where action = 'assistance.request' and entity_id = ${episodeId}`,
    );
    expect(audit).toHaveLength(1);
  });

  it("the state's lead triages: accepts, classifies and assigns a provider from the state's team", async () => {
    const coordinator = clients.stateLead!;
    const page = await coordinator.get(`/assistance/episodes/${episodeId}`);
    expect(page.body).toContain("TA provider");
    // The team reads its episode but cannot triage it.
    expect(
      (
        await clients.leadA!.postForm(`/assistance/episodes/${episodeId}/triage`, {
          decision: "decline",
          declineReason: "x",
        })
      ).statusCode,
    ).toBe(404);
    const missing = await coordinator.postForm(`/assistance/episodes/${episodeId}/triage`, {
      decision: "accept",
      intensity: "targeted",
    });
    expect(missing.statusCode).toBe(400);
    const stranger = await coordinator.postForm(`/assistance/episodes/${episodeId}/triage`, {
      decision: "accept",
      intensity: "targeted",
      providerId: ids.memberB!,
    });
    expect(stranger.statusCode).toBe(400);
    expect((await episodeRow()).status).toBe("requested");
    const ok = await coordinator.postForm(`/assistance/episodes/${episodeId}/triage`, {
      decision: "accept",
      intensity: "targeted",
      providerId: ids.provider!,
    });
    expect(ok.statusCode).toBe(303);
    expect((await episodeRow()).status).toBe("accepted");
    expect((await outboxTo("leadA")).map((m) => m.subject)).toContain("Your TA request was accepted");
    expect((await outboxTo("provider")).map((m) => m.subject)).toEqual([
      expect.stringContaining("You are the TA provider"),
    ]);
  });

  it("the provider logs contacts in quarter hours and objectives, then closes the episode", async () => {
    const provider = clients.provider!;
    await provider.get(`/assistance/episodes/${episodeId}`);
    const contact = {
      contactDate: today(),
      mode: "video",
      hours: "1.5",
      educators: "4",
      families: "2",
      summary: "Compared three screeners",
    };
    for (const bad of [
      { hours: "0.3" },
      { hours: "25" },
      { hours: "0" },
      { hours: "two" },
      { contactDate: "2999-01-01" },
      { educators: "-1" },
    ]) {
      const res = await provider.postForm(`/assistance/episodes/${episodeId}/contacts`, {
        ...contact,
        ...bad,
      });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.body).toContain("Compared three screeners");
    }
    expect((await episodeRow()).contact_count).toBe(0);
    expect((await provider.postForm(`/assistance/episodes/${episodeId}/contacts`, contact)).statusCode).toBe(
      303,
    );
    expect(
      (
        await provider.postForm(`/assistance/episodes/${episodeId}/contacts`, {
          ...contact,
          mode: "phone",
          hours: "0.75",
          educators: "",
          families: "",
        })
      ).statusCode,
    ).toBe(303);
    const row = await episodeRow();
    expect(row.hours).toBe(2.25);
    expect(row.contact_count).toBe(2);
    const [participants] = await queryRows<{ p: Record<string, number> }>(
      t.db,
      sql`select participants as p from ta_contacts where hours = 1.5`,
    );
    expect(participants!.p).toEqual({ educators: 4, families: 2 });

    expect(
      (
        await provider.postForm(`/assistance/episodes/${episodeId}/objectives`, {
          text: "Pick a screener by March",
        })
      ).statusCode,
    ).toBe(303);
    const [objective] = await queryRows<{ id: string }>(
      t.db,
      sql`select id from ta_objectives where episode_id = ${episodeId}`,
    );
    expect(
      (
        await provider.postForm(`/assistance/episodes/${episodeId}/objectives/${objective!.id}`, {
          status: "finished",
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await provider.postForm(`/assistance/episodes/${episodeId}/objectives/${objective!.id}`, {
          status: "completed",
        })
      ).statusCode,
    ).toBe(303);
    // Another state member who is not the provider may read but not log.
    expect(
      (await clients.districtMember!.postForm(`/assistance/episodes/${episodeId}/objectives`, { text: "x" }))
        .statusCode,
    ).toBe(404);

    expect(
      (await provider.postForm(`/assistance/episodes/${episodeId}/close`, { outcomeNote: "" })).statusCode,
    ).toBe(400);
    expect(
      (
        await provider.postForm(`/assistance/episodes/${episodeId}/close`, {
          outcomeNote: "Screener chosen; pilot in spring.",
        })
      ).statusCode,
    ).toBe(303);
    expect((await episodeRow()).status).toBe("closed");
    // A closed episode takes no more contacts.
    await provider.postForm(`/assistance/episodes/${episodeId}/contacts`, contact);
    expect((await episodeRow()).contact_count).toBe(2);
    expect((await outboxTo("leadA")).map((m) => m.subject)).toContain(
      "TA episode closed: tell us how it went",
    );
  });

  it("the team answers the survey once; the next assessment fills the score after", async () => {
    const lead = clients.leadA!;
    const page = await lead.get(`/assistance/episodes/${episodeId}`);
    expect(page.body).toContain("Satisfaction survey");
    const answers = {
      useful: "5",
      timely: "4",
      knowledgeable: "5",
      wouldRecommend: "5",
      comment: "Very helpful",
    };
    expect(
      (await lead.postForm(`/assistance/episodes/${episodeId}/survey`, { ...answers, useful: "6" }))
        .statusCode,
    ).toBe(400);
    // The provider is not the team.
    expect(
      (await clients.provider!.postForm(`/assistance/episodes/${episodeId}/survey`, answers)).statusCode,
    ).toBe(404);
    expect((await lead.postForm(`/assistance/episodes/${episodeId}/survey`, answers)).statusCode).toBe(303);
    expect((await lead.postForm(`/assistance/episodes/${episodeId}/survey`, answers)).statusCode).toBe(303);
    expect(await queryRows(t.db, sql`select 1 from ta_surveys where episode_id = ${episodeId}`)).toHaveLength(
      1,
    );
    const api = await lead.json("POST", `/api/v1/assistance/episodes/${episodeId}/survey`, {
      useful: 5,
      timely: 5,
      knowledgeable: 5,
      wouldRecommend: 5,
    });
    expect(api.statusCode).toBe(409);

    expect((await episodeRow()).score_after).toBeNull();
    await submitRated(schoolA, ids.leadA!, 4);
    expect((await episodeRow()).score_after).toBe(4);
    const json = await lead.json("GET", `/api/v1/assistance/episodes/${episodeId}`);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({
      status: "closed",
      hours: 2.25,
      scoreBefore: 2,
      scoreAfter: 4,
      survey: { useful: 5 },
    });
  });

  it("the report counts the hours of 10 episodes, hides rows under 10 (and their complement), and is the state's and nation's", async () => {
    const report = async (client: TestClient, query = "by=topic") =>
      client.json("GET", `/api/v1/assistance/reports/${state.id}?${query}`);
    // One episode: the row and the total are under 10.
    let body = (await report(clients.stateLead!)).json();
    expect(body.total).toMatchObject({ episodes: null, hours: null, suppressed: true });

    // Nine more closed screening episodes of school A with an hour each, before its next assessment.
    for (let i = 0; i < 9; i++) {
      const e = await requestHelp(t.db, {
        actorId: ids.leadA!,
        team: schoolA,
        input: { topic: "screening", need: `More ${i}`, urgency: "routine" },
        publicUrl: "",
      });
      await triageEpisode(t.db, {
        actorId: ids.stateLead!,
        episodeId: e.id,
        triage: { decision: "accept", intensity: "universal", providerId: ids.provider! },
        publicUrl: "",
      });
      await logContact(t.db, {
        actorId: ids.provider!,
        episodeId: e.id,
        input: { contactDate: today(), mode: "email", hours: 1, summary: "Sent resources" },
      });
      await closeEpisode(t.db, {
        actorId: ids.provider!,
        episodeId: e.id,
        input: { outcomeNote: "Done" },
        publicUrl: "",
      });
    }
    await submitRated(schoolA, ids.leadA!, 3);
    body = (await report(clients.stateLead!)).json();
    expect(body.rows).toEqual([
      expect.objectContaining({
        key: "screening",
        episodes: 10,
        hours: 11.25,
        teamsServed: 1,
        scorePairs: 10,
        suppressed: false,
      }),
    ]);
    // The first episode went from 2 to 4, the nine others from 4 to 3: (2 - 9) / 10.
    expect(body.rows[0].meanScoreChange).toBe(-0.7);
    expect(body.total).toMatchObject({ episodes: 10, hours: 11.25 });

    const csv = await clients.stateLead!.get(`/assistance/reports/${state.id}.csv?by=topic`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("11.25");
    // The page is kept for everyone reading the same figures: the screening row and the total.
    const hoursShown = async () =>
      ((await clients.stateLead!.get(`/assistance/reports/${state.id}?by=topic`)).body.match(/11\.25/g) ?? [])
        .length;
    expect(await hoursShown()).toBe(2);

    // Three on another topic: that row is hidden, and screening beside it, or it could be worked out from the total.
    for (let i = 0; i < 3; i++) {
      const e = await requestHelp(t.db, {
        actorId: ids.leadA!,
        team: schoolA,
        input: { topic: "teaming", need: "Teaming", urgency: "routine" },
        publicUrl: "",
      });
      await triageEpisode(t.db, {
        actorId: ids.stateLead!,
        episodeId: e.id,
        triage: { decision: "accept", intensity: "intensive", providerId: ids.provider! },
        publicUrl: "",
      });
    }
    body = (await report(clients.stateLead!)).json();
    expect(
      body.rows.map((r: { key: string; suppressed: boolean; hours: number | null }) => [
        r.key,
        r.suppressed,
        r.hours,
      ]),
    ).toEqual([
      ["screening", true, null],
      ["teaming", true, null],
    ]);
    expect(body.total).toMatchObject({ episodes: 13, hours: 11.25, suppressed: false });
    // The kept page was dropped with the figures: only the total's hours show now.
    expect(await hoursShown()).toBe(1);

    const page = await clients.stateLead!.get(`/assistance/reports/${state.id}?by=intensity`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Universal");
    // A school team, a peer, a district: not the state's report.
    for (const who of ["leadA", "memberB", "districtMember"])
      expect((await report(clients[who]!)).statusCode, who).toBe(404);
  });

  it("a peer school's member is refused every page and API route of school A's episodes", async () => {
    const peer = clients.memberB!;
    const [objective] = await queryRows<{ id: string }>(
      t.db,
      sql`select id from ta_objectives where episode_id = ${episodeId}`,
    );
    const routes = declaredRoutesOf(t.app).filter((r) =>
      /^(\/api\/v1)?\/assistance\/(episodes|teams)\//.test(r.url),
    );
    expect(routes.length).toBeGreaterThan(15);
    const before = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log`);
    for (const route of routes) {
      const url = route.url
        .replace(":episodeId", episodeId)
        .replace(":teamId", schoolA.id)
        .replace(":objectiveId", objective!.id);
      const res = url.startsWith("/api/")
        ? await peer.json(route.method as "GET", url, route.method === "GET" ? undefined : {})
        : route.method === "GET"
          ? await peer.get(url)
          : await peer.postForm(url, {});
      expect(res.statusCode, `${route.method} ${url}`).toBe(404);
      expect(res.body).not.toContain("screening measure");
    }
    const after = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
