import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { auditLog } from "../../../platform/audit/schema";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildUser } from "../../../seed/factories";
import { getNation } from "../../directory/service";
import { seedCatalogueDemo } from "./demo";
import { DEMO_MEASURES } from "./demo-measures";
import type { MeasureInput } from "./fields";
import { catalogueMeasures } from "./schema";

/*
 * The screening and assessment catalogue on both databases: the demo's measures, every filter
 * (page, CSV and API agree), comparing two to four (five refused, with the reason), bad input
 * answered by the field, and editing by the national editors only (audited).
 */

const newMeasure: MeasureInput = {
  slug: "test-scale",
  shortName: "TS-9",
  name: "Test Scale",
  publisher: "Test Publisher",
  summaryEn: "A scale made for this test.",
  focusAreas: ["anxiety", "wellbeing"],
  purposes: ["progressMonitoring"],
  reporters: ["teacher"],
  languages: ["en", "vi"],
  ageMin: 14,
  ageMax: 16,
  items: 9,
  minutes: 3,
  cost: "lowCost",
  obtainEn: "Ask the publisher.",
  evidenceEn: "None yet.",
};

/** A measure as its form posts it: lists repeated, numbers as text. */
const asForm = (input: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
  ) as Record<string, string | string[]>;

describe.each(DATABASES)("screening and assessment catalogue on %s", (kind) => {
  let t: TestApp;
  let anonymous: TestClient;
  let nationLead: TestClient;
  let stateLead: TestClient;
  let nationLeadId = "";

  const apiSlugs = async (query: string) => {
    const res = await anonymous.get(`/api/v1/library/measures${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: { slug: string }[] }).items.map((i) => i.slug);
  };
  const expectedSlugs = (keep: (m: MeasureInput) => boolean) =>
    DEMO_MEASURES.filter(keep)
      .map((m) => m.slug)
      .sort();
  const pageSlugs = (html: string) =>
    [...html.matchAll(/name="m" value="([^"]+)"/g)].map((match) => match[1]!).sort();

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedCatalogueDemo(t.db);
    anonymous = new TestClient(t.app);
    const nation = (await getNation(t.db))!;
    const lead = await buildUser(t.db, { name: "Nadia Nation" });
    await addMembership(t.db, lead.id, nation.id, "lead");
    nationLeadId = lead.id;
    nationLead = await signedInClient(t, lead.id);
    const stateUser = await buildUser(t.db, { name: "Sam State" });
    const [state] = await queryRows<{ id: string }>(
      t.db,
      sql`select id from organisations where kind = 'state' and state_code = 'MD'`,
    );
    await addMembership(t.db, stateUser.id, state!.id, "lead");
    stateLead = await signedInClient(t, stateUser.id);
  });
  afterAll(() => t?.close());

  it("lists at least 20 demo measures, each marked demo data, in English and Spanish", async () => {
    expect(DEMO_MEASURES.length).toBeGreaterThanOrEqual(20);
    const res = await anonymous.get("/library/measures");
    expect(res.statusCode).toBe(200);
    expect(pageSlugs(res.body)).toEqual(expectedSlugs(() => true));
    expect(res.body).toContain("Demo data");
    const measure = await anonymous.get("/library/measures/sdq");
    expect(measure.statusCode).toBe(200);
    expect(measure.body).toContain("Strengths and Difficulties Questionnaire");
    expect(measure.body).toContain("Demo data");
    const es = await anonymous.get("/library/measures/sdq", { "accept-language": "es" });
    expect(es.body).toContain("Datos de demostración");
    expect(es.body).toContain("Un cuestionario breve sobre síntomas emocionales");
    expect(es.body).toContain('lang="es"');
    // An unknown measure is a 404, a malformed address a 400.
    expect((await anonymous.get("/library/measures/no-such-measure")).statusCode).toBe(404);
    expect((await anonymous.get("/library/measures/Bad%20Slug")).statusCode).toBe(400);
    expect((await anonymous.get("/api/v1/library/measures/no-such-measure")).statusCode).toBe(404);
  });

  it("filters on every field, the same on the page, in the CSV and in the API", async () => {
    const cases: [string, (m: MeasureInput) => boolean][] = [
      ["focus=anxiety", (m) => m.focusAreas.includes("anxiety")],
      ["purpose=progressMonitoring", (m) => m.purposes.includes("progressMonitoring")],
      ["reporter=teacher", (m) => m.reporters.includes("teacher")],
      ["language=es", (m) => m.languages.includes("es")],
      ["cost=paid", (m) => m.cost === "paid"],
      ["age=9", (m) => m.ageMin <= 9 && m.ageMax >= 9],
      ["level=earlyChildhood", (m) => m.ageMin <= 4 && m.ageMax >= 3],
      ["maxItems=10", (m) => m.items !== undefined && m.items <= 10],
      ["maxMinutes=1", (m) => m.minutes !== undefined && m.minutes <= 1],
      [
        "q=anxiety",
        (m) => /anxiety/i.test(`${m.shortName} ${m.name} ${m.publisher} ${m.summaryEn} ${m.summaryEs}`),
      ],
      [
        "focus=depression&reporter=parent&cost=free",
        (m) => m.focusAreas.includes("depression") && m.reporters.includes("parent") && m.cost === "free",
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = expectedSlugs(keep);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(expected.length, query).toBeLessThan(DEMO_MEASURES.length);
      const page = await anonymous.get(`/library/measures?${query}`);
      expect(page.statusCode, query).toBe(200);
      expect(pageSlugs(page.body), query).toEqual(expected);
      expect((await apiSlugs(`?${query}`)).sort(), query).toEqual(expected);
      const csv = await anonymous.get(`/library/measures.csv?${query}`);
      expect(csv.headers["content-type"]).toContain("text/csv");
      expect(csv.body.trim().split("\n").length, query).toBe(expected.length + 1);
    }
    // The page's links carry the filters to the CSV and the API.
    const page = await anonymous.get("/library/measures?cost=paid&age=9");
    expect(page.body).toContain('href="/library/measures.csv?cost=paid&amp;age=9"');
    expect(page.body).toContain('href="/api/v1/library/measures?cost=paid&amp;age=9"');
  });

  it("answers a bad filter by its field with nothing filtered, and the API with a 400", async () => {
    const res = await anonymous.get("/library/measures?focus=astrology&maxItems=lots");
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#field-focus"');
    expect(res.body).toContain('href="#field-maxItems"');
    expect(res.body).toContain('value="lots"');
    expect(pageSlugs(res.body)).toEqual(expectedSlugs(() => true));
    expect((await anonymous.get("/api/v1/library/measures?focus=astrology")).statusCode).toBe(400);
    expect((await anonymous.get("/api/v1/library/measures?age=-1")).statusCode).toBe(400);
    expect((await anonymous.get("/library/measures.csv?cost=priceless")).statusCode).toBe(400);
  });

  it("compares two to four measures side by side and refuses five with the reason", async () => {
    const four = ["phq-a", "gad-7", "scared", "sdq"];
    const ok = await anonymous.get(`/library/measures/compare?${four.map((s) => `m=${s}`).join("&")}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("4 measures side by side");
    for (const name of ["PHQ-A", "GAD-7", "SCARED", "SDQ"])
      expect(ok.body).toContain(`<th scope="col">${name}</th>`);
    const api = await anonymous.get(
      `/api/v1/library/measures/compare?${four.map((s) => `m=${s}`).join("&")}`,
    );
    expect((api.json() as { items: { slug: string }[] }).items.map((i) => i.slug)).toEqual(four);

    const five = [...four, "who-5"].map((s) => `m=${s}`).join("&");
    const refused = await anonymous.get(`/library/measures/compare?${five}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("at most four measures");
    expect(refused.body).not.toContain("side by side</caption>");
    const apiRefused = await anonymous.get(`/api/v1/library/measures/compare?${five}`);
    expect(apiRefused.statusCode).toBe(400);
    expect((apiRefused.json() as { detail: string }).detail).toContain("at most four");
    // One is not a comparison; an unknown measure is named; a malformed one is refused.
    expect((await anonymous.get("/library/measures/compare?m=sdq")).body).toContain("at least two");
    const unknown = await anonymous.get("/library/measures/compare?m=sdq&m=nope");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain("nope");
    expect((await anonymous.get("/api/v1/library/measures/compare?m=sdq&m=nope")).statusCode).toBe(404);
    expect((await anonymous.get("/library/measures/compare?m=%3Cb%3E&m=sdq")).statusCode).toBe(400);
  });

  it("lets the nation team's leads add and edit measures (form and API), audited", async () => {
    await nationLead.get("/library/measures/new");
    const created = await nationLead.postForm("/library/measures/new", asForm(newMeasure));
    expect(created.statusCode, created.body).toBe(303);
    expect(created.headers.location).toBe("/library/measures/test-scale");
    expect((await anonymous.get("/api/v1/library/measures?language=vi")).json()).toMatchObject({
      total: 1,
      items: [{ slug: "test-scale", levels: ["high"], demo: false, cost: "lowCost" }],
    });
    // The cached list shows it at once.
    expect(pageSlugs((await anonymous.get("/library/measures?reporter=teacher")).body)).toContain(
      "test-scale",
    );

    await nationLead.get("/library/measures/test-scale/edit");
    const edited = await nationLead.postForm(
      "/library/measures/test-scale/edit",
      asForm({ ...newMeasure, slug: "test-scale-2", items: 12, summaryEs: "Una escala de prueba." }),
    );
    expect(edited.statusCode, edited.body).toBe(303);
    expect(edited.headers.location).toBe("/library/measures/test-scale-2");
    expect((await anonymous.get("/library/measures/test-scale")).statusCode).toBe(404);

    const viaApi = await nationLead.json(
      "PUT",
      "/api/v1/library/measures/test-scale-2",
      { ...newMeasure, slug: "test-scale-2", minutes: 5 },
      { "x-csrf-token": nationLead.csrfToken },
    );
    expect(viaApi.statusCode, viaApi.body).toBe(200);
    expect(viaApi.json()).toMatchObject({ minutes: 5, items: 9, summary: { es: null } });

    const [row] = await t.db
      .select()
      .from(catalogueMeasures)
      .where(eq(catalogueMeasures.slug, "test-scale-2"));
    const trail = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "catalogue_measure"), eq(auditLog.entityId, row!.id)));
    expect(trail.map((a) => a.action).sort()).toEqual([
      "catalogue.measure.create",
      "catalogue.measure.update",
      "catalogue.measure.update",
    ]);
    expect(trail.every((a) => a.actorId === nationLeadId)).toBe(true);
  });

  it("answers bad measures by their fields and writes nothing", async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(catalogueMeasures);
    await nationLead.get("/library/measures/new");
    const bad = await nationLead.postForm("/library/measures/new", {
      ...asForm({ ...newMeasure, slug: "sdq", ageMin: 15, ageMax: 9 }),
      focusAreas: ["anxiety", "astrology"],
      obtainUrl: "javascript:alert(1)",
    });
    expect(bad.statusCode).toBe(400);
    for (const field of ["focusAreas", "obtainUrl"]) expect(bad.body).toContain(`href="#field-${field}"`);
    expect(bad.body).toContain('value="TS-9"');
    // Once the schema passes, a taken address and ages out of order are named by their fields.
    const taken = await nationLead.postForm(
      "/library/measures/new",
      asForm({ ...newMeasure, slug: "sdq", ageMin: 15, ageMax: 9 }),
    );
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain("already uses this address");
    expect(taken.body).toContain("must not be below the youngest");
    const reserved = await nationLead.json(
      "POST",
      "/api/v1/library/measures",
      { ...newMeasure, slug: "compare" },
      { "x-csrf-token": nationLead.csrfToken },
    );
    expect(reserved.statusCode).toBe(400);
    const missing = await nationLead.json(
      "POST",
      "/api/v1/library/measures",
      { ...newMeasure, focusAreas: [] },
      { "x-csrf-token": nationLead.csrfToken },
    );
    expect(missing.statusCode).toBe(400);
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(catalogueMeasures);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("refuses editing to everyone but national editors", async () => {
    expect((await anonymous.get("/library/measures/new")).headers.location).toMatch(/^\/sign-in/);
    expect((await stateLead.get("/library/measures/new")).statusCode).toBe(403);
    expect((await stateLead.get("/library/measures/sdq/edit")).statusCode).toBe(403);
    const put = await stateLead.json("PUT", "/api/v1/library/measures/sdq", newMeasure, {
      "x-csrf-token": stateLead.csrfToken,
    });
    expect(put.statusCode).toBe(403);
    expect((await anonymous.json("POST", "/api/v1/library/measures", newMeasure)).statusCode).toBe(401);
    // The list offers the form to editors only.
    expect((await stateLead.get("/library/measures")).body).not.toContain('href="/library/measures/new"');
    expect((await nationLead.get("/library/measures")).body).toContain('href="/library/measures/new"');
    const [sdq] = await t.db.select().from(catalogueMeasures).where(eq(catalogueMeasures.slug, "sdq"));
    expect(sdq!.name).toBe("Strengths and Difficulties Questionnaire");
  });
});
