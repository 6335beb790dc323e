import { parse } from "csv-parse/sync";
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
import {
  addDays,
  currentReportingPeriod,
  lastClosedPeriod,
  periodStartOf,
  previousPeriodStart,
  today,
} from "./periods";
import { addMember } from "../../communities/membership/service";
import { ensureProfile } from "../../communities/people/service";
import { buildCommunity } from "../../communities/test-factories";
import type { Organisation } from "../../directory/service";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { sendNetworkReminders } from "./reminders";

/*
 * A CoIIN end to end, as its people use it: the lead invites three schools' teams by NCES id,
 * two accept (the third never does), the lead defines a shared proportion measure, team A
 * reports through the form and the API, team C does not: C is late on the lead's page and gets
 * the reminder emails (once each, and not to a member who asked for no email). Teams see each
 * other as letters until the network shows names; a peer school outside the network, a person
 * with no team and a signed-out visitor are refused every page and API route.
 */

describe.each(DATABASES)("improvement networks on %s", (kind) => {
  let t: TestApp;
  let slug: string;
  let schools: Organisation[];
  const clients = {} as Record<
    "lead" | "leadA" | "memberA" | "leadC" | "memberC" | "memberB" | "outsider",
    TestClient
  >;
  const emails = { memberC: "", quietC: "", memberA: "", leadC: "" };
  const teams = { A: "", C: "" };
  let measureId = "";
  const day = today();
  const closed = lastClosedPeriod(day, "month", 10);
  const previous = previousPeriodStart(periodStartOf(day, "month"), "month");

  beforeAll(async () => {
    t = await startTestApp(kind);
    const built = await buildDistrictWithSchools(t.db, "MD", 3);
    schools = built.schools;
    const community = await buildCommunity(t.db, { kind: "improvement_network", level: "national" });
    slug = community.slug;
    const person = async (name: string, org?: Organisation, role: "member" | "lead" = "member") => {
      const user = await buildUser(t.db, { name });
      if (org) await addMembership(t.db, user.id, org.id, role);
      await ensureProfile(t.db, user.id);
      return user;
    };
    const lead = await person("Network Lead");
    await addMember(t.db, community.id, lead.id, "lead");
    const leadA = await person("Lead A", schools[0], "lead");
    const memberA = await person("Member A", schools[0]);
    const memberB = await person("Member B", schools[1]);
    const leadC = await person("Lead C", schools[2], "lead");
    const memberC = await person("Member C", schools[2]);
    const quietC = await person("Quiet C", schools[2]);
    await t.db.execute(
      sql`update community_profiles set email_frequency = 'never' where user_id = ${quietC.id}`,
    );
    const outsider = await person("Outsider");
    Object.assign(emails, {
      memberC: memberC.email,
      quietC: quietC.email,
      memberA: memberA.email,
      leadC: leadC.email,
    });
    for (const [key, user] of Object.entries({ lead, leadA, memberA, leadC, memberC, memberB, outsider }))
      clients[key as keyof typeof clients] = await signedInClient(t, user.id);
  });
  afterAll(() => t?.close());

  it("links the network's community page to its dashboard for the community's people only", async () => {
    const href = `href="/networks/${slug}"`;
    expect((await clients.lead.get(`/communities/${slug}`)).body).toContain(href);
    const outside = await clients.outsider.get(`/communities/${slug}`);
    expect(outside.statusCode).toBe(200);
    expect(outside.body).not.toContain(href);
  });

  it("lets the lead invite teams by NCES id and define a shared measure; team leads accept", async () => {
    await clients.lead.get(`/networks/${slug}/manage`);
    for (const school of [schools[0]!, schools[2]!, schools[1]!]) {
      const res = await clients.lead.postForm(`/networks/${slug}/teams`, { organisation: school.ncesId! });
      expect(res.statusCode).toBe(303);
    }
    const again = await clients.lead.postForm(`/networks/${slug}/teams`, {
      organisation: schools[0]!.ncesId!,
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain("already invited");
    // Team leads were emailed, and answer on their networks page.
    const invites = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from email_outbox where subject like 'Your team is invited%'`,
    );
    expect(invites[0]!.n).toBe(2); // schools A and C have a lead; B has none
    const listA = await clients.leadA.get("/networks");
    const action = listA.body.match(/action="(\/networks\/[^"]+\/invitation)"/)![1]!;
    expect((await clients.leadA.postForm(action, { decision: "accept" })).statusCode).toBe(303);
    // A member who is not the team's lead cannot answer for it.
    const listC = await clients.leadC.get("/networks");
    const actionC = listC.body.match(/action="(\/networks\/[^"]+\/invitation)"/)![1]!;
    expect((await clients.memberC.postForm(actionC, { decision: "accept" })).statusCode).toBe(404);
    const accepted = await clients.leadC.json(
      "POST",
      `/api/v1${actionC}`,
      { decision: "accept" },
      {
        "x-csrf-token": clients.leadC.csrfToken,
      },
    );
    expect(accepted.statusCode).toBe(200);
    const rows = await queryRows<{ id: string; organisationId: string; status: string }>(
      t.db,
      sql`select id, organisation_id as "organisationId", status from network_teams order by letter_index`,
    );
    teams.A = rows.find((r) => r.organisationId === schools[0]!.id)!.id;
    teams.C = rows.find((r) => r.organisationId === schools[2]!.id)!.id;
    expect(rows.map((r) => r.status)).toEqual(["active", "active", "invited"]);
    // Joined long ago, so missing a closed period makes them late.
    await t.db.execute(
      sql`update network_teams set decided_at = now() - interval '2 years' where status = 'active'`,
    );

    const bad = await clients.lead.json(
      "POST",
      `/api/v1/networks/${slug}/measures`,
      {
        name: "Follow-up",
        definition: "x",
        type: "proportion",
        period: "month",
        numeratorLabel: "Seen",
        startsOn: "2025-01-01",
      },
      { "x-csrf-token": clients.lead.csrfToken },
    );
    expect(bad.statusCode).toBe(400); // a proportion needs its denominator named
    const created = await clients.lead.json(
      "POST",
      `/api/v1/networks/${slug}/measures`,
      {
        name: "Screening follow-up within 30 days",
        definition: "Students screened positive and seen within 30 days, over those screened positive.",
        type: "proportion",
        period: "month",
        numeratorLabel: "Seen within 30 days",
        denominatorLabel: "Screened positive",
        goal: 0.8,
        startsOn: addDays(closed.periodStart, -100),
      },
      { "x-csrf-token": clients.lead.csrfToken },
    );
    expect(created.statusCode).toBe(201);
    measureId = created.json().id;
  });

  it("takes a team's values by form and API, checked (never a half-written row)", async () => {
    await clients.memberA.get(`/networks/${slug}/teams/${teams.A}/report`);
    const tooMany = await clients.memberA.postForm(`/networks/${slug}/teams/${teams.A}/report`, {
      measureId,
      periodStart: closed.periodStart,
      numerator: "30",
      denominator: "20",
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain("cannot be larger than the denominator");
    expect(tooMany.body).toContain('value="30"');
    const saved = await clients.memberA.postForm(`/networks/${slug}/teams/${teams.A}/report`, {
      measureId,
      periodStart: closed.periodStart,
      numerator: "12",
      denominator: "20",
      note: "Counselor schedule changed",
    });
    expect(saved.statusCode).toBe(303);
    const headers = { "x-csrf-token": clients.memberA.csrfToken };
    const notOver = await clients.memberA.json(
      "PUT",
      `/api/v1/networks/${slug}/teams/${teams.A}/values`,
      { measureId, periodStart: periodStartOf(day, "month"), numerator: 1, denominator: 2 },
      headers,
    );
    expect(notOver.statusCode).toBe(400);
    const api = await clients.memberA.json(
      "PUT",
      `/api/v1/networks/${slug}/teams/${teams.A}/values`,
      { measureId, periodStart: previous, numerator: 15, denominator: 20 },
      headers,
    );
    expect(api.statusCode).toBe(200);
    expect(api.json().value).toBe(0.75);
    // Another team's people cannot report for A; the lead of the network cannot either.
    for (const c of [clients.memberC, clients.lead])
      expect(
        (
          await c.json(
            "PUT",
            `/api/v1/networks/${slug}/teams/${teams.A}/values`,
            { measureId, periodStart: previous, numerator: 1, denominator: 2 },
            { "x-csrf-token": c.csrfToken },
          )
        ).statusCode,
      ).toBe(404);
    const audited = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where entity_type = 'network_value'`,
    );
    expect(audited[0]!.n).toBe(2);
  });

  it("lists the team that missed the closed period as late, for the lead only", async () => {
    const page = await clients.lead.get(`/networks/${slug}/manage`);
    const late = page.body.slice(page.body.indexOf("Late teams"), page.body.indexOf("Shared measures"));
    expect(late).toContain(schools[2]!.name);
    expect(late).not.toContain(schools[0]!.name);
    const api = await clients.lead.json("GET", `/api/v1/networks/${slug}/late-teams`);
    expect(api.json().items.map((i: { organisationId: string }) => i.organisationId)).toEqual([
      schools[2]!.id,
    ]);
    expect((await clients.memberA.get(`/networks/${slug}/manage`)).statusCode).toBe(404);
  });

  it("emails the team that has not reported when a period opens and before it closes, once each", async () => {
    const opening = periodStartOf(day, "month");
    const window = currentReportingPeriod(opening, "month", 10);
    expect(window.periodStart).toBe(previous);
    const remindersTo = async () =>
      (
        await queryRows<{ to: string; subject: string }>(
          t.db,
          sql`select to_address as "to", subject from email_outbox where subject like '%report%'`,
        )
      )
        .map((r) => r.to)
        .sort();
    await sendNetworkReminders(t.db, new Date(`${opening}T12:00:00Z`));
    // Team A reported the period; C did not: its lead and member hear, its quiet member asked for no email.
    const teamC = [emails.leadC, emails.memberC].sort();
    expect(await remindersTo()).toEqual(teamC);
    expect(await sendNetworkReminders(t.db, new Date(`${addDays(opening, 2)}T12:00:00Z`))).toBe(0);
    expect(await remindersTo()).toEqual(teamC);
    await sendNetworkReminders(t.db, new Date(`${addDays(window.closesOn, -3)}T08:00:00Z`));
    expect(await remindersTo()).toEqual([...teamC, ...teamC].sort());
    expect(await sendNetworkReminders(t.db, new Date(`${addDays(window.closesOn, -1)}T08:00:00Z`))).toBe(0);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where action like 'network.reminder.%' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["network.reminder.opened", "network.reminder.closing"]);
    const [mail] = await queryRows<{ text: string }>(
      t.db,
      sql`select body_text as text from email_outbox where to_address = ${emails.memberC} limit 1`,
    );
    expect(mail!.text).toContain(`/networks/${slug}/teams/${teams.C}/report`);
  });

  it("shows teams to each other as stable letters until the network shows names", async () => {
    const asC = await clients.memberC.get(`/networks/${slug}`);
    expect(asC.statusCode).toBe(200);
    expect(asC.body).toContain("Team A");
    expect(asC.body).not.toContain(schools[0]!.name);
    expect(asC.body).toContain(schools[2]!.name); // its own name
    expect(asC.body).not.toContain(schools[1]!.name); // invited, not a member: not shown at all
    const asLead = await clients.lead.get(`/networks/${slug}`);
    expect(asLead.body).toContain(schools[0]!.name);
    const apiAsC = await clients.memberC.json("GET", `/api/v1/networks/${slug}`);
    expect(apiAsC.json().teams.map((x: { label: string }) => x.label)).toEqual(["Team A", schools[2]!.name]);
    await clients.lead.get(`/networks/${slug}/manage`);
    const set = await clients.lead.postForm(`/networks/${slug}/settings`, {
      teamNaming: "names",
      reportingDays: "10",
      reminderDaysBefore: "3",
    });
    expect(set.statusCode).toBe(303);
    const named = await clients.memberC.get(`/networks/${slug}`);
    expect(named.body).toContain(schools[0]!.name);
    await clients.lead.postForm(`/networks/${slug}/settings`, {
      teamNaming: "letters",
      reportingDays: "10",
      reminderDaysBefore: "3",
    });
    expect((await clients.memberC.get(`/networks/${slug}`)).body).not.toContain(schools[0]!.name);
  });

  it("draws the dashboard: who reported, each team's chart, the pooled chart with its table, a CSV", async () => {
    const page = await clients.memberA.get(`/networks/${slug}`);
    expect(page.body).toContain("Pooled chart");
    expect(page.body).toMatch(/<svg[^>]+role="img"/);
    expect(page.body).toContain("75%"); // A's value for the period, in the pooled table
    const csv = await clients.memberC.get(`/networks/${slug}/dashboard.csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.team, r.period_start, r.value])).toEqual(
      expect.arrayContaining([["Team A", previous, "0.75"]]),
    );
    expect(csv.body).not.toContain(schools[0]!.name);
    const api = await clients.memberA.json("GET", `/api/v1/networks/${slug}/dashboard`);
    expect(api.statusCode).toBe(200);
    expect(api.json().pooled.points.at(-1)).toMatchObject({ periodStart: previous, value: 0.75, teams: 1 });
    // The page is kept in the page cache, and a new value drops it (its measure's tag is announced).
    const once = await clients.memberA.get(`/networks/${slug}`);
    expect((await clients.memberA.get(`/networks/${slug}`)).body).toBe(once.body);
    expect(once.body).not.toContain("85%");
    const corrected = await clients.memberA.json(
      "PUT",
      `/api/v1/networks/${slug}/teams/${teams.A}/values`,
      { measureId, periodStart: previous, numerator: 17, denominator: 20 },
      { "x-csrf-token": clients.memberA.csrfToken },
    );
    expect(corrected.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, kind === "postgres" ? 100 : 0));
    const after = await clients.memberA.get(`/networks/${slug}`);
    expect(after.body).toContain("85%");
  });

  it("keeps a change package of the changes teams shared, in one step", async () => {
    await clients.memberA.get(`/networks/${slug}/teams/${teams.A}/share`);
    const shared = await clients.memberA.postForm(`/networks/${slug}/teams/${teams.A}/share`, {
      title: "Same-week check-in after a positive screen",
      description: "The counselor calls the family within five school days.",
      result: "worked",
      evidence: "Three cycles; the proportion rose from 45% to 75%.",
      measureId,
    });
    expect(shared.statusCode).toBe(303);
    const pkg = await clients.memberC.get(`/networks/${slug}/change-package`);
    expect(pkg.body).toContain("Same-week check-in");
    expect(pkg.body).toContain("Shared by Team A");
  });

  it("shows nothing of the network outside it: a peer school, a person on no team, a signed-out visitor", async () => {
    const urls = [
      `/networks/${slug}`,
      `/networks/${slug}/dashboard.csv`,
      `/networks/${slug}/change-package`,
      `/networks/${slug}/teams/${teams.A}`,
      `/networks/${slug}/teams/${teams.A}/report`,
      `/networks/${slug}/teams/${teams.A}/share`,
      `/networks/${slug}/manage`,
      `/api/v1/networks/${slug}`,
      `/api/v1/networks/${slug}/dashboard`,
      `/api/v1/networks/${slug}/teams/${teams.A}`,
      `/api/v1/networks/${slug}/change-package`,
      `/api/v1/networks/${slug}/late-teams`,
    ];
    for (const c of [clients.memberB, clients.outsider]) {
      for (const url of urls) {
        const res = url.startsWith("/api") ? await c.json("GET", url) : await c.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain(schools[0]!.name);
      }
      const write = await c.json(
        "PUT",
        `/api/v1/networks/${slug}/teams/${teams.A}/values`,
        { measureId, periodStart: previous, numerator: 1, denominator: 2 },
        { "x-csrf-token": c.csrfToken },
      );
      expect(write.statusCode).toBe(404);
    }
    const anonymous = await t.app.inject({ method: "GET", url: `/networks/${slug}` });
    expect(anonymous.statusCode).toBe(303);
    expect((await t.app.inject({ method: "GET", url: `/api/v1/networks/${slug}` })).statusCode).toBe(401);
  });
});
