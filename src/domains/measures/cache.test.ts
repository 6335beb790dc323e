import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../test/support/app";
import type { Organisation } from "../directory/service";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../seed/factories";
import { seedInstruments } from "./instruments/service";
import { getResponse, saveSection } from "./responses/service";

/**
 * Measures pages are cached (reply.cachedPage) and so are the loaders that decide who may read
 * them. To show that a page really came from the cache, a row is changed with the triggers
 * switched off (nothing announced): the page still shows the old state. A real change (an
 * autosave, a submission, a removal) is announced and shows on the very next request.
 */
describe.each(DATABASES)("cached measures pages on %s", (kind) => {
  let t: TestApp;
  let school: Organisation;
  let peerSchool: Organisation;
  let districtId: string;
  let memberId: string;
  let member: TestClient;
  let peer: TestClient;
  let lead: TestClient;

  /** Changes rows without announcing it: a cached page cannot know. */
  async function unannounced(statement: SQL) {
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(statement);
    });
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const built = await buildDistrictWithSchools(t.db, "NV", 2);
    [school, peerSchool] = built.schools as [Organisation, Organisation];
    districtId = built.district.id;
    const [a, b, c] = [await buildUser(t.db), await buildUser(t.db), await buildUser(t.db)];
    memberId = a.id;
    await addMembership(t.db, a.id, school.id);
    await addMembership(t.db, b.id, peerSchool.id);
    await addMembership(t.db, c.id, districtId, "lead");
    [member, peer, lead] = await Promise.all([a, b, c].map((u) => signedInClient(t, u.id)));
  });
  afterAll(() => t?.close());

  async function startQuality(): Promise<string> {
    const res = await member.json("POST", "/api/v1/responses", {
      organisationId: school.id,
      instrument: "quality",
      schoolYear: "2025-26",
    });
    expect([200, 201]).toContain(res.statusCode);
    return res.json().id;
  }

  const checked = (html: string, item: string, value: string) =>
    new RegExp(`name="${item.replace(".", "\\.")}" value="${value}" checked`).test(html);

  it("shows an autosaved answer on the next request for the section form", async () => {
    const id = await startQuality();
    const url = `/measures/responses/${id}/sections/teaming`;
    expect(checked((await member.get(url)).body, "teaming.meets", "5")).toBe(false);
    await unannounced(
      sql`insert into response_sections (response_id, section_key, version, answers, updated_at)
          values (${id}, 'teaming', 1, '{"teaming.meets": 5}'::jsonb, now())`,
    );
    expect(checked((await member.get(url)).body, "teaming.meets", "5")).toBe(false);

    // The autosave script's request: the section through the JSON API.
    const saved = await member.json("PUT", `/api/v1/responses/${id}/sections/teaming`, {
      version: 1,
      answers: { "teaming.meets": 3 },
    });
    expect(saved.statusCode).toBe(200);
    const page = await member.get(url);
    expect(checked(page.body, "teaming.meets", "3")).toBe(true);
    expect(page.body).toContain('name="_version" value="2"');
    // The API read (the same cached loader) agrees.
    const api = await member.json("GET", `/api/v1/responses/${id}`);
    expect(api.json().sections.teaming.answers).toEqual({ "teaming.meets": 3 });
  });

  it("drops nothing but the response's own pages on an autosave (drafts are aggregated nowhere)", async () => {
    const id = await startQuality();
    const dashboardUrl = `/measures/dashboards/district/${districtId}?year=2024-25`;
    expect((await lead.get(dashboardUrl)).body).not.toContain("9.9");
    await unannounced(
      sql`insert into latest_scores (organisation_id, instrument_key, variant, school_year, response_id, submitted_at, domain_scores, composite)
          values (${school.id}, 'quality', 'school', '2024-25', gen_random_uuid(), now(), '{"teaming": 9.9}'::jsonb, 9.9)`,
    );
    const version =
      (await member.json("GET", `/api/v1/responses/${id}`)).json().sections.teaming?.version ?? 0;
    const saved = await member.json("PUT", `/api/v1/responses/${id}/sections/teaming`, {
      version,
      answers: { "teaming.meets": 2 },
    });
    expect(saved.statusCode).toBe(200);
    expect((await lead.get(dashboardUrl)).body).not.toContain("9.9");
    // Once something is announced under the district (here its running counts), it shows.
    await t.db.execute(
      sql`insert into participation (scope_id, instrument_key, variant, school_year, organisations)
          values (${districtId}, 'quality', 'school', '2024-25', 0)
          on conflict (scope_id, instrument_key, variant, school_year) do update set organisations = excluded.organisations`,
    );
    expect((await lead.get(dashboardUrl)).body).toContain("9.9");
  });

  it("shows a submission on the cached organisation page, district dashboard and report", async () => {
    const id = (await getResponse(t.db, await startQuality()))!;
    const orgUrl = `/measures/orgs/${school.id}?year=2025-26`;
    const dashboardUrl = `/measures/dashboards/district/${districtId}?year=2025-26`;
    const schoolRow = (html: string, name: string) =>
      html.slice(html.indexOf(`>${name}</a>`), html.indexOf("</tr>", html.indexOf(`>${name}</a>`)));
    expect(schoolRow((await lead.get(dashboardUrl)).body, school.name)).not.toContain("4.0");
    expect((await member.get(orgUrl)).body).not.toContain(`/measures/responses/${id.id}/report`);
    // A score the dashboard has not been told about stays off the cached page.
    await unannounced(
      sql`insert into latest_scores (organisation_id, instrument_key, variant, school_year, response_id, submitted_at, domain_scores, composite)
          values (${peerSchool.id}, 'quality', 'school', '2025-26', gen_random_uuid(), now(), '{"teaming": 2.0}'::jsonb, 2.0)`,
    );
    expect(schoolRow((await lead.get(dashboardUrl)).body, peerSchool.name)).not.toContain("2.0");

    for (const section of id.instrument.sections) {
      const answers = Object.fromEntries(section.items.map((i) => [i.key, 4]));
      await saveSection(t.db, {
        actorId: memberId,
        responseId: id.id,
        sectionKey: section.key,
        baseVersion: id.sections[section.key]?.version ?? 0,
        answers,
        source: "json",
      });
    }
    expect((await member.json("POST", `/api/v1/responses/${id.id}/submission`)).statusCode).toBe(200);

    const dashboard = (await lead.get(dashboardUrl)).body;
    expect(schoolRow(dashboard, school.name)).toContain("4.0");
    expect(schoolRow(dashboard, peerSchool.name)).toContain("2.0");
    expect((await member.get(orgUrl)).body).toContain(`/measures/responses/${id.id}/report`);

    // The report compares with the district: hidden below 10 schools, shown once the running
    // sums say 12 (announced like any submission's).
    const reportUrl = `/measures/responses/${id.id}/report`;
    const teamingRow = (html: string) => {
      const at = html.indexOf(">Teaming</a></th>");
      return html.slice(at, html.indexOf("</tr>", at));
    };
    expect(teamingRow((await member.get(reportUrl)).body)).not.toContain("(n = 12)");
    await unannounced(
      sql`update score_aggregates set n = 12, sum = 54 where scope_id = ${districtId} and domain_key = 'teaming'`,
    );
    expect(teamingRow((await member.get(reportUrl)).body)).not.toContain("(n = 12)");
    await t.db.execute(
      sql`update score_aggregates set n = 12, sum = 54 where scope_id = ${districtId} and domain_key = 'teaming'`,
    );
    expect(teamingRow((await member.get(reportUrl)).body)).toContain("4.5 (n = 12)");
  });

  it("never serves a cached page to someone of another school, and drops access on removal", async () => {
    const id = await startQuality();
    const pages = [
      `/measures/responses/${id}`,
      `/measures/responses/${id}/sections/teaming`,
      `/measures/orgs/${school.id}`,
    ];
    for (const url of pages) {
      expect((await member.get(url)).statusCode, url).toBe(200);
      expect((await member.get(url)).statusCode, url).toBe(200);
      expect((await peer.get(url)).statusCode, url).toBe(404);
      expect((await lead.get(url)).statusCode, url).toBe(200);
    }
    expect((await peer.get(`/measures/dashboards/district/${districtId}`)).statusCode).toBe(404);
    expect((await member.get("/measures")).body).toContain(school.name);

    await t.db.execute(
      sql`delete from memberships where user_id = ${memberId} and organisation_id = ${school.id}`,
    );
    for (const url of pages) expect((await member.get(url)).statusCode, url).toBe(404);
    expect((await member.get("/measures")).body).not.toContain(school.name);
    expect(
      (await member.json("PUT", `/api/v1/responses/${id}/sections/teaming`, { version: 0, answers: {} }))
        .statusCode,
    ).toBe(404);
  });
});
