import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import type { Db } from "../../../platform/db/client";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import { seedInstruments } from "../instruments/service";
import { getResponse, saveSection, startResponse, submitResponse } from "../responses/service";

/** Rates every indicator of a new quality assessment and submits it. */
async function submitRated(
  db: Db,
  actorId: string,
  organisation: Organisation,
  rating: (itemKey: string) => unknown,
  schoolYear = "2025-26",
) {
  const { id } = await startResponse(db, {
    actorId,
    organisation,
    instrumentKey: "quality",
    schoolYear,
  });
  const view = (await getResponse(db, id))!;
  for (const s of view.instrument.sections) {
    const answers = Object.fromEntries(s.items.map((i) => [i.key, rating(i.key)]));
    await saveSection(db, {
      actorId,
      responseId: id,
      sectionKey: s.key,
      baseVersion: 0,
      answers,
      source: "json",
    });
  }
  return submitResponse(db, { actorId, responseId: id });
}

describe.each(DATABASES)("assessment report on %s", (kind) => {
  let t: TestApp;
  let schools: Organisation[];
  let member: TestClient;
  let peer: TestClient;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    ({ schools } = await buildDistrictWithSchools(t.db, "WY", 11));
    const user = await buildUser(t.db);
    const other = await buildUser(t.db);
    userId = user.id;
    await addMembership(t.db, user.id, schools[0]!.id);
    await addMembership(t.db, other.id, schools[1]!.id);
    member = await signedInClient(t, user.id);
    peer = await signedInClient(t, other.id);
  });
  afterAll(() => t?.close());

  it("shows scores, bands, strengths and priorities, and hides comparisons built from fewer than 10 schools", async () => {
    // Last school year: everything 3 (what "change since last school year" compares with).
    await submitRated(t.db, userId, schools[0]!, () => 3, "2024-25");
    // Teaming 6, 1, 3 and five 2s (mean 2.5); one screening indicator 2; everything else 4.
    const special: Record<string, number> = {
      "teaming.meets": 6,
      "teaming.staff-know": 1,
      "teaming.agreements": 3,
      "screening.consent": 2,
    };
    const submitted = await submitRated(
      t.db,
      userId,
      schools[0]!,
      (k) => special[k] ?? (k.startsWith("teaming.") ? 2 : 4),
    );
    const page = await member.get(`/measures/responses/${submitted.id}/report`);
    expect(page.statusCode).toBe(200);
    // Teaming: (6 + 2 × 7) / 8 = 2.5, emerging.
    expect(page.body).toMatch(/Teaming<\/a><\/th><td[^>]*>2\.5<\/td><td[^>]*>Emerging/);
    expect(page.body).toContain("<svg");
    expect(page.body).toContain("fewer than 10 schools");
    expect(page.body).toContain("Hidden");
    expect(page.body).toContain(`/measures/guidance/${submitted.instrument.id}/teaming`);
    expect(page.body).toContain("Strengths");
    // The chart: the 1–6 scale over the three bands; no mean is drawn while every one is hidden.
    const svg = page.body.slice(page.body.indexOf("<svg"), page.body.indexOf("</svg>"));
    for (const band of ["emerging", "progressing", "mastery"]) expect(svg).toContain(`smh-band-${band}`);
    expect(svg).toMatch(/<title id="domain-chart-title">/);
    expect(svg).toContain("<desc");
    expect(svg).not.toContain("smh-mean-marker");
    // Priorities grouped by domain, the domain with the lowest rating first, lowest first within.
    const priorities = page.body.slice(page.body.indexOf("Priority areas"));
    const groups = [...priorities.matchAll(/<h3>([^<]+)<\/h3><ol class="usa-list">([\s\S]*?)<\/ol>/g)].map(
      (m) => ({
        domain: m[1],
        ratings: [...m[2]!.matchAll(/\(rated (\d)\)/g)].map((r) => Number(r[1])),
      }),
    );
    expect(groups).toEqual([
      { domain: "Teaming", ratings: [1, 2, 2, 2, 2, 2] },
      { domain: "Screening", ratings: [2] },
    ]);
    expect((await peer.get(`/measures/responses/${submitted.id}/report`)).statusCode).toBe(404);
    expect((await peer.json("GET", `/api/v1/responses/${submitted.id}/scores`)).statusCode).toBe(404);
  });

  it("compares with the district mean and its n once 10 or more schools have submitted, with change since last time", async () => {
    for (const school of schools.slice(1)) await submitRated(t.db, userId, school, () => 4);
    // A second time point for the first school: everything 5.
    const second = await submitRated(t.db, userId, schools[0]!, () => 5);
    const scores = await member.json("GET", `/api/v1/responses/${second.id}/scores`);
    expect(scores.statusCode).toBe(200);
    const teaming = scores.json().domains.find((d: { key: string }) => d.key === "teaming");
    // District: ten schools at 4 and this one at 5 → 45 / 11 = 4.09 → 4.1, n = 11. Change: 5.0 − 2.5.
    expect(teaming).toMatchObject({
      score: 5,
      band: "mastery",
      change: 2.5,
      changeSinceLastYear: 2,
      comparisons: { district: { mean: 4.1, n: 11 } },
    });

    const page = await member.get(`/measures/responses/${second.id}/report`);
    expect(page.body).toContain("4.1 (n = 11)");
    expect(page.body).toContain("+2.5");
    // Labelled changes: +2.5 since time point 1 of this year, +2.0 since last school year (3.0).
    expect(page.body).toContain("Change since last time (previous time point)");
    expect(page.body).toContain("Change since last school year");
    expect(page.body).toMatch(
      /Teaming<\/a><\/th><td[^>]*>5\.0<\/td><td[^>]*>Mastery<\/td><td[^>]*>\+2\.5<\/td><td[^>]*>\+2\.0<\/td>/,
    );
    // The district mean is shown, so the chart marks it (D) on every domain's bar.
    // District, state and nation each count these 11 schools: three marks on each of 8 bars.
    expect(page.body.match(/class="smh-mean-marker"/g)).toHaveLength(24);
    expect(page.body).toContain("D = District mean, S = State mean, N = National mean");

    const csv = await member.get(`/measures/responses/${second.id}/report.csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\n")[0]).toContain("district_mean,district_n");
    const school = schools[0]!;
    const identity = `${school.name},${school.ncesId ?? ""},2025-26,2,`;
    expect(csv.body.split("\n")[0]).toMatch(/^school,nces_id,school_year,time_point,domain_key/);
    const lines = csv.body.split("\n").filter(Boolean).slice(1);
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line.startsWith(identity)).toBe(true);
    expect(csv.body).toContain(`${identity}teaming,Teaming,5,mastery,8,8,2.5,2,4.1,11`);

    const pdf = await member.get(`/measures/responses/${second.id}/report.pdf`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    // Tagged: a structure tree with headings, a table and the chart as a figure with alt text.
    const bytes = pdf.rawPayload.toString("latin1");
    expect(bytes).toContain("/StructTreeRoot");
    expect(bytes).toContain("/MarkInfo");
    for (const tag of ["/H1", "/H2", "/Table", "/TR", "/TH", "/TD", "/Figure", "/L", "/LI"])
      expect(bytes).toContain(`/S ${tag}`);
    expect(bytes).toMatch(/\/Alt \(Bar chart of the domain scores on the 1 to 6 scale: Teaming 5\.0/);

    // A school team may not read its district's figures; the district team may.
    const districtId = schools[0]!.parentId!;
    expect((await member.json("GET", `/api/v1/organisations/${districtId}/aggregates`)).statusCode).toBe(404);
    const lead = await buildUser(t.db);
    await addMembership(t.db, lead.id, districtId, "lead");
    const district = await signedInClient(t, lead.id);
    const aggregates = await district.json(
      "GET",
      `/api/v1/organisations/${districtId}/aggregates?schoolYear=2025-26`,
    );
    expect(aggregates.statusCode).toBe(200);
    expect(aggregates.json().means.teaming).toEqual({ mean: 4.1, n: 11 });
  });

  it("serves domain guidance publicly in English and Spanish", async () => {
    const list = await t.app.inject({ url: "/api/v1/instruments" });
    const id = list
      .json()
      .items.find((i: { key: string; variant: string }) => i.key === "quality" && i.variant === "school").id;
    const page = await t.app.inject({ url: `/measures/guidance/${id}/screening` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("First action steps");
    const es = await t.app.inject({
      url: `/measures/guidance/${id}/screening`,
      headers: { cookie: "smh_lang=es" },
    });
    expect(es.body).toContain("Primeros pasos");
  });

  it("shows every school on the district dashboard, participation on the state dashboard and states to admins", async () => {
    const districtId = schools[0]!.parentId!;
    const stateId = schools[0]!.ancestorIds[1]!;
    const profile = await startResponse(t.db, {
      actorId: userId,
      organisation: schools[2]!,
      instrumentKey: "profile",
      schoolYear: "2025-26",
    });
    await submitResponse(t.db, { actorId: userId, responseId: profile.id });

    expect((await member.get(`/measures/dashboards/district/${districtId}`)).statusCode).toBe(404);
    const lead = await buildUser(t.db);
    await addMembership(t.db, lead.id, districtId, "lead");
    const district = await signedInClient(t, lead.id);
    const page = await district.get(`/measures/dashboards/district/${districtId}?year=2025-26`);
    expect(page.statusCode).toBe(200);
    for (const s of schools) expect(page.body).toContain(s.name);
    expect(page.body).toContain("smh-heat-3");
    const filtered = await district.get(
      `/measures/dashboards/district/${districtId}?year=2025-26&profile=submitted`,
    );
    expect(filtered.body).toContain(schools[2]!.name);
    expect(filtered.body).not.toContain(`>${schools[3]!.name}<`);
    const csv = await district.get(`/measures/dashboards/district/${districtId}.csv?year=2025-26`);
    expect(csv.body.split("\n").filter(Boolean)).toHaveLength(schools.length + 1);
    expect(csv.body).toContain(`${schools[0]!.id},${schools[0]!.name},notStarted,`);

    const api = await district.json(
      "GET",
      `/api/v1/organisations/${districtId}/school-scores?schoolYear=2025-26`,
    );
    expect(api.statusCode).toBe(200);
    expect(api.json().items).toHaveLength(schools.length);
    expect(api.json().items.find((i: { id: string }) => i.id === schools[2]!.id)).toMatchObject({
      profile: "submitted",
      scores: { teaming: 4 },
    });
    expect((await member.json("GET", `/api/v1/organisations/${districtId}/school-scores`)).statusCode).toBe(
      404,
    );

    const stateLead = await buildUser(t.db);
    await addMembership(t.db, stateLead.id, stateId, "lead");
    const state = await signedInClient(t, stateLead.id);
    const statePage = await state.get(`/measures/dashboards/state/${stateId}?year=2025-26`);
    expect(statePage.statusCode).toBe(200);
    // 11 schools in the state, 1 with a profile, 11 with an assessment.
    expect(statePage.body).toContain("1 (9%)");
    expect(statePage.body).toContain("11 (100%)");
    // The district's composite mean: ten schools at 4.0 and one at 5.0 → 4.1, n = 11.
    expect(statePage.body).toMatch(
      /Test District \d+<\/a><\/th>(<td[^>]*>[^<]*<\/td>){3}<td[^>]*>4\.1 \(n = 11\)<\/td>/,
    );
    expect((await state.get("/measures/dashboards/national")).statusCode).toBe(404);

    const admin = await signedInClient(t, (await buildUser(t.db, { systemRole: "admin" })).id);
    const national = await admin.get("/measures/dashboards/national?year=2025-26");
    expect(national.statusCode).toBe(200);
    expect(national.body).toContain("Wyoming");
    // The tile map labels Wyoming's tile with its participation: 11 of 11 schools.
    expect(national.body).toMatch(/>WY<\/text><text[^>]*>100%<\/text>/);
    const nationalApi = await admin.json("GET", "/api/v1/measures/national?schoolYear=2025-26");
    expect(nationalApi.json().items.find((i: { stateCode: string }) => i.stateCode === "WY")).toMatchObject({
      schools: 11,
      withAssessment: 11,
      composite: { n: 11 },
    });
    expect((await state.json("GET", "/api/v1/measures/national")).statusCode).toBe(404);
  });
});
