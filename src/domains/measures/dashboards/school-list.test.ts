import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import type { Db } from "../../../platform/db/client";
import type { Actor } from "../../../platform/policy";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import { seedInstruments } from "../instruments/service";
import {
  getResponse,
  previousSchoolYear,
  saveSection,
  schoolYearOf,
  startResponse,
  submitResponse,
} from "../responses/service";
import { levelOf, placeOf } from "./school-list";
import { visibleTo } from "./visibility";

const YEAR = schoolYearOf(new Date());
const LAST_YEAR = previousSchoolYear(YEAR);

/** A quality assessment submitted with every item rated `rating` (so every domain and the composite is `rating`). */
async function submitAssessment(db: Db, actorId: string, school: Organisation, year: string, rating: number) {
  const started = await startResponse(db, {
    actorId,
    organisation: school,
    instrumentKey: "quality",
    schoolYear: year,
  });
  for (const section of (await getResponse(db, started.id))!.instrument.sections) {
    const answers = Object.fromEntries(section.items.map((item) => [item.key, rating]));
    await saveSection(db, {
      actorId,
      responseId: started.id,
      sectionKey: section.key,
      baseVersion: 0,
      answers,
      source: "json",
    });
  }
  await submitResponse(db, { actorId, responseId: started.id });
}

const idsIn = (html: string) =>
  [...html.matchAll(/href="\/measures\/orgs\/([0-9a-f-]{36})\?year=/g)].map((m) => m[1]);

describe.each(DATABASES)("every school for district and state teams on %s", (kind) => {
  let t: TestApp;
  let state: Organisation;
  let a: { state: Organisation; district: Organisation; schools: Organisation[] };
  let b: { district: Organisation; schools: Organisation[] };
  let stateLead: TestClient;
  let peerLead: TestClient;
  let districtBLead: TestClient;
  const list = (query = "") => `/measures/dashboards/state/${state.id}/schools?year=${YEAR}${query}`;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    a = await buildDistrictWithSchools(t.db, "VT", 3);
    b = await buildDistrictWithSchools(t.db, "VT", 53);
    state = a.state;
    // Locale and grades make the place and level filters mean something.
    await t.db.execute(
      sql`update organisations set locale_code = '41', grade_low = '09', grade_high = '12', enrollment = 900 where id = ${a.schools[0]!.id}`,
    );
    await t.db.execute(
      sql`update organisations set locale_code = '11', grade_low = 'KG', grade_high = '05', enrollment = 300 where id = ${a.schools[1]!.id}`,
    );
    const [lead, peer, bLead] = await Promise.all([buildUser(t.db), buildUser(t.db), buildUser(t.db)]);
    await addMembership(t.db, lead!.id, state.id, "lead");
    await addMembership(t.db, peer!.id, a.schools[0]!.id, "lead");
    await addMembership(t.db, bLead!.id, b.district.id, "lead");
    // Three schools assessed this year (4, 2 and 5 everywhere), one of them last year too (3).
    await submitAssessment(t.db, peer!.id, a.schools[0]!, YEAR, 4);
    await submitAssessment(t.db, peer!.id, a.schools[1]!, YEAR, 2);
    await submitAssessment(t.db, peer!.id, b.schools[0]!, YEAR, 5);
    await submitAssessment(t.db, peer!.id, a.schools[0]!, LAST_YEAR, 3);
    await startResponse(t.db, {
      actorId: peer!.id,
      organisation: a.schools[2]!,
      instrumentKey: "quality",
      schoolYear: YEAR,
    });
    stateLead = await signedInClient(t, lead!.id);
    peerLead = await signedInClient(t, peer!.id);
    districtBLead = await signedInClient(t, bLead!.id);
  }, 300_000);
  afterAll(() => t?.close());

  it("shows the state team its state's and districts' means whatever n is, with the change since last year", async () => {
    const page = await stateLead.get(`/measures/dashboards/state/${state.id}?year=${YEAR}`);
    expect(page.statusCode).toBe(200);
    // (4 + 2 + 5) / 3 schools; last year 3 from one school.
    expect(page.body).toContain("3.7 (n = 3)");
    expect(page.body).toContain("3.0 (n = 1)");
    expect(page.body).toContain("+0.7");
    // District A: (4 + 2) / 2; district B: 5 from one school.
    expect(page.body).toContain("3.0 (n = 2)");
    expect(page.body).toContain("5.0 (n = 1)");
    expect(page.body).not.toContain(">Hidden<");
    expect(page.body).toContain(`/measures/dashboards/state/${state.id}/schools?year=${YEAR}`);
  });

  it("hides a mean built from fewer than 10 schools from anyone who may not read them", () => {
    const cell = { shown: true, value: 3.7, n: 3 } as const;
    const actor = (organisationId: string): Actor => ({
      userId: "u",
      systemRole: "user",
      emailVerified: true,
      memberships: [{ organisationId, role: "lead" }],
    });
    expect(visibleTo(actor(state.id), state, cell)).toEqual(cell);
    expect(visibleTo(actor(a.schools[0]!.id), state, cell)).toEqual({ shown: false, reason: "smallCell" });
    expect(visibleTo(actor(b.district.id), a.district, cell)).toEqual({ shown: false, reason: "smallCell" });
    expect(visibleTo(null, state, cell)).toEqual({ shown: false, reason: "smallCell" });
    expect(visibleTo(null, state, { shown: true, value: 3.7, n: 10 })).toEqual({
      shown: true,
      value: 3.7,
      n: 10,
    });
  });

  it("lists every school a page at a time, filtered by district, locale, level, band and status", async () => {
    const first = await stateLead.get(list());
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain("56 schools.");
    expect(idsIn(first.body)).toHaveLength(50);
    expect(first.body).toContain("Page 1 of 2");
    const second = await stateLead.get(list("&page=2"));
    expect(idsIn(second.body)).toHaveLength(6);
    expect(new Set([...idsIn(first.body), ...idsIn(second.body)]).size).toBe(56);

    const inA = await stateLead.get(list(`&district=${a.district.id}`));
    expect(inA.body).toContain("3 of 56 schools match the filters.");
    expect(idsIn(inA.body).sort()).toEqual(a.schools.map((s) => s.id).sort());
    expect(idsIn((await stateLead.get(list("&place=rural"))).body)).toEqual([a.schools[0]!.id]);
    expect(idsIn((await stateLead.get(list("&level=elementary"))).body)).toEqual([a.schools[1]!.id]);
    expect(idsIn((await stateLead.get(list("&band=mastery"))).body)).toEqual([b.schools[0]!.id]);
    expect(idsIn((await stateLead.get(list("&band=emerging"))).body)).toEqual([a.schools[1]!.id]);
    expect(idsIn((await stateLead.get(list("&assessment=draft"))).body)).toEqual([a.schools[2]!.id]);
    expect(idsIn((await stateLead.get(list("&assessment=submitted"))).body)).toHaveLength(3);
    // The filters stay in the page links.
    expect((await stateLead.get(list("&assessment=notStarted"))).body).toMatch(
      /href="[^"]*assessment=notStarted&amp;page=2"/,
    );
  });

  it("sorts by a score with schools without one last, and the CSV holds exactly what the filters show", async () => {
    const sorted = await stateLead.get(list("&sort=composite&dir=desc"));
    expect(idsIn(sorted.body).slice(0, 3)).toEqual([b.schools[0]!.id, a.schools[0]!.id, a.schools[1]!.id]);
    const ascending = await stateLead.get(list("&sort=composite&dir=asc"));
    expect(idsIn(ascending.body).slice(0, 3)).toEqual([a.schools[1]!.id, a.schools[0]!.id, b.schools[0]!.id]);

    const query = `&district=${a.district.id}&sort=enrollment&dir=desc`;
    const page = await stateLead.get(list(query));
    const csv = await stateLead.get(
      `/measures/dashboards/state/${state.id}/schools.csv?year=${YEAR}${query}`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trim().split("\n");
    expect(lines[0]).toMatch(
      /^school_id,nces_id,school,district,locale,level,enrollment,profile_status,assessment_status,last_submission,/,
    );
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(idsIn(page.body));
    expect(lines[1]).toContain(",rural,high,900,notStarted,submitted,");
    expect(lines[1]).toMatch(/,4,progressing$/);

    // The API twin answers the same schools in the same order.
    const api = await stateLead.get(`/api/v1/organisations/${state.id}/schools?year=${YEAR}${query}`);
    expect(api.statusCode).toBe(200);
    const body = api.json() as {
      matching: number;
      total: number;
      items: { id: string; band: string | null }[];
    };
    expect(body.total).toBe(56);
    expect(body.matching).toBe(3);
    expect(body.items.map((i) => i.id)).toEqual(idsIn(page.body));
  });

  it("lets a district team list its own schools and nobody list a scope they may not read", async () => {
    const own = await districtBLead.get(
      `/measures/dashboards/district/${b.district.id}/schools?year=${YEAR}`,
    );
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain("53 schools.");
    for (const url of [
      `/measures/dashboards/district/${a.district.id}/schools`,
      `/measures/dashboards/district/${a.district.id}/schools.csv`,
      `/measures/dashboards/state/${state.id}/schools`,
      `/api/v1/organisations/${a.district.id}/schools`,
    ]) {
      expect((await districtBLead.get(url)).statusCode, url).toBe(404);
      expect((await peerLead.get(url)).statusCode, url).toBe(404);
    }
  });

  it("derives place and level from NCES codes", () => {
    expect(placeOf("21")).toBe("suburb");
    expect(placeOf(null)).toBeNull();
    expect(levelOf("06", "08")).toBe("middle");
    expect(levelOf("PK", "05")).toBe("elementary");
    expect(levelOf("KG", "12")).toBe("other");
    expect(levelOf("09", "12")).toBe("high");
  });
});
