import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp, TestClient } from "../../../../test/support/app";
import { sql } from "drizzle-orm";
import { buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { submitProfile } from "../census/test-world";
import { seedInstruments } from "../../measures/service";
import { protectYear } from "./figures";
import { districtRating } from "./test-world";

describe("a year's table, protected (pure)", () => {
  it("hides a small state, its complement, and shows the nation", () => {
    const scope = (code: string, quality: number, sum: number) => ({
      code,
      name: code,
      schools: 100,
      profile: 0,
      quality,
      means: { composite: { sum, n: quality } },
    });
    const year = protectYear(
      "2025-26",
      ["composite"],
      [scope("VT", 12, 48), scope("NH", 11, 33), scope("ME", 3, 18)],
      scope("US", 26, 99),
    );
    const [vt, nh, me] = year.states;
    expect(vt!.quality).toEqual({ value: 12, hidden: null });
    expect(vt!.means.composite).toEqual({ value: 4, hidden: null });
    expect(nh!.quality).toEqual({ value: null, hidden: "complementary" });
    expect(nh!.means.composite).toEqual({ value: null, hidden: "complementary" });
    expect(me!.quality).toEqual({ value: null, hidden: "small" });
    expect(year.nation.quality).toEqual({ value: 26, hidden: null });
    // 99 / 26 = 3.807…
    expect(year.nation.means.composite).toEqual({ value: 3.8, hidden: null });
    // No school submitted a profile anywhere: every profile count is under 10.
    expect(year.nation.profile.hidden).toBe("small");
  });
});

/*
 * The world, by hand (every rating of a school's assessment the same, so its domain scores and
 * composite are that rating):
 *   2025-26  VT 12 schools: 4 rated 2, 8 rated 5 → mean 48/12 = 4.0
 *            NH 11 schools rated 3              → 3.0 (hidden: protects ME)
 *            ME  3 schools rated 6              → hidden (fewer than 10)
 *            nation 26 schools, 99/26           → 3.8
 *   2024-25  VT 12 schools rated 3: the only state, so hidden (the nation would give it); nation 3.0
 */
describe.each(DATABASES)("the public national dashboard on %s", (kind) => {
  let t: TestApp;
  let visitor: TestClient;
  let actorId: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    actorId = (await buildUser(t.db)).id;
    await districtRating(t.db, actorId, "VT", [2, 2, 2, 2, 5, 5, 5, 5, 5, 5, 5, 5], "2025-26");
    await districtRating(t.db, actorId, "NH", Array(11).fill(3), "2025-26");
    await districtRating(t.db, actorId, "ME", [6, 6, 6], "2025-26");
    await districtRating(t.db, actorId, "VT", Array(12).fill(3), "2024-25");
    visitor = new TestClient(t.app);
  }, 240_000);
  afterAll(() => t?.close());

  it("API: the hand-worked figures, the small state and its complement hidden", async () => {
    const response = await visitor.get("/api/v1/public/national");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.schoolYear).toBe("2025-26");
    expect(body.years).toEqual(["2025-26", "2024-25"]);
    const state = (code: string) => body.states.find((s: { code: string }) => s.code === code);
    expect(state("VT").quality).toEqual({ value: 12, hidden: null });
    expect(state("VT").means.composite).toEqual({ value: 4, hidden: null });
    expect(state("NH").quality).toEqual({ value: null, hidden: "complementary" });
    expect(state("NH").means.composite.hidden).toBe("complementary");
    expect(state("ME").quality).toEqual({ value: null, hidden: "small" });
    expect(state("ME").means.composite).toEqual({ value: null, hidden: "small" });
    expect(body.nation.quality).toEqual({ value: 26, hidden: null });
    expect(body.nation.means.composite).toEqual({ value: 3.8, hidden: null });
    for (const domain of body.domains)
      expect(body.nation.means[domain.key]).toEqual({ value: 3.8, hidden: null });
  });

  it("no cell under 10 and none derivable: the shown states and the hidden ones' sum both come from 10 or more", async () => {
    for (const year of ["2025-26", "2024-25"]) {
      const body = (await visitor.get(`/api/v1/public/national?year=${year}`)).json();
      const shown = body.states.filter(
        (s: { quality: { value: number | null } }) => s.quality.value !== null,
      );
      for (const s of shown) expect(s.quality.value).toBeGreaterThanOrEqual(10);
      const shownSum = shown.reduce((a: number, s: { quality: { value: number } }) => a + s.quality.value, 0);
      const hiddenSum = body.nation.quality.value - shownSum;
      expect(hiddenSum).toBeGreaterThanOrEqual(10);
      // Never exactly one state hidden while the nation is shown.
      const hidden = body.states.filter((s: { quality: { hidden: string | null } }) => s.quality.hidden);
      expect(hidden.length).not.toBe(1);
    }
    // 2024-25: VT alone would be the nation's figure, so it is hidden although it has 12 schools.
    const old = (await visitor.get("/api/v1/public/national?year=2024-25")).json();
    expect(old.states.find((s: { code: string }) => s.code === "VT").quality.hidden).toBe("complementary");
    expect(old.nation.quality).toEqual({ value: 12, hidden: null });
    expect(old.nation.means.composite).toEqual({ value: 3, hidden: null });
  });

  it("trend API: the nation for every year on record, oldest first", async () => {
    const body = (await visitor.get("/api/v1/public/national/trend")).json();
    expect(body.years.map((y: { schoolYear: string }) => y.schoolYear)).toEqual(["2024-25", "2025-26"]);
    expect(
      body.years.map(
        (y: { nation: { means: { composite: { value: number } } } }) => y.nation.means.composite.value,
      ),
    ).toEqual([3, 3.8]);
  });

  it("page: signed out, figures in the table, the map and the trend; Spanish by the language cookie", async () => {
    const page = await visitor.get("/insights/national");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("National school mental health dashboard");
    expect(page.body).toContain('id="national-map-title"');
    expect(page.body).toContain('id="national-trend-title"');
    expect(page.body).toMatch(/Vermont<\/th><td[^>]*>4\.0<\/td>/);
    expect(page.body).toMatch(/Maine<\/th><td[^>]*>Hidden \(fewer than 10 schools\)<\/td>/);
    expect(page.body).toMatch(/New Hampshire<\/th><td[^>]*>Hidden \(protects another hidden figure\)<\/td>/);
    const inSpanish = new TestClient(t.app);
    inSpanish.cookies.set("smh_lang", "es");
    const spanish = await inSpanish.get("/insights/national");
    expect(spanish.body).toContain("Tablero nacional de salud mental escolar");
    expect(spanish.body).toContain("Oculto (menos de 10 escuelas)");
    expect(spanish.body).toContain('lang="es"');
    const older = await visitor.get("/insights/national?year=2024-25");
    expect(older.body).toMatch(/Vermont<\/th><td[^>]*>Hidden \(protects another hidden figure\)<\/td>/);
  });

  it("CSV: exactly the page's table (states then the nation, hidden cells marked)", async () => {
    const csv = await visitor.get("/insights/national.csv?year=2025-26");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const rows: Record<string, string>[] = parse(csv.body, { columns: true });
    const api = (await visitor.get("/api/v1/public/national?year=2025-26")).json();
    expect(rows.length).toBe(api.states.length + 1);
    const vt = rows.find((r) => r.state_code === "VT")!;
    expect(vt.schools_with_assessment).toBe("12");
    expect(vt.mean_composite).toBe("4");
    expect(rows.find((r) => r.state_code === "ME")!.mean_composite).toBe("hidden");
    expect(rows.find((r) => r.state_code === "NH")!.schools_with_assessment).toBe("hidden");
    const nation = rows[rows.length - 1]!;
    expect(nation.state).toBe("Nation");
    expect(nation.mean_composite).toBe("3.8");
    // Every shown count is 10 or more.
    for (const row of rows.slice(0, -1)) {
      for (const key of ["schools_with_profile", "schools_with_assessment"]) {
        if (row[key] !== "hidden") expect(Number(row[key])).toBeGreaterThanOrEqual(10);
      }
    }
    const trend: Record<string, string>[] = parse((await visitor.get("/insights/national/trend.csv")).body, {
      columns: true,
    });
    expect(trend.map((r) => [r.school_year, r.mean_composite])).toEqual([
      ["2024-25", "3"],
      ["2025-26", "3.8"],
    ]);
  });

  it("a year not on record is 404, a malformed one 400", async () => {
    expect((await visitor.get("/insights/national?year=2019-20")).statusCode).toBe(404);
    expect((await visitor.get("/api/v1/public/national?year=2019-20")).statusCode).toBe(404);
    expect((await visitor.get("/api/v1/public/national?year=soon")).statusCode).toBe(400);
    expect((await visitor.get("/insights/national.csv?year=x")).statusCode).toBe(400);
  });

  it("served from the cache until a submission: the next request shows the new figures and protection", async () => {
    const before = await visitor.get("/insights/national");
    const csvBefore = (await visitor.get("/insights/national.csv")).body;
    expect((await visitor.get("/insights/national.csv")).body).toBe(csvBefore);
    expect(before.body).toMatch(
      /New Hampshire<\/th><td[^>]*>Hidden \(protects another hidden figure\)<\/td>/,
    );
    // Rhode Island's 10 schools rated 5 are now the smallest shown state: they protect Maine
    // instead of New Hampshire, which is shown. The nation: (99 + 50) / 36 = 4.14 → 4.1.
    await districtRating(t.db, actorId, "RI", Array(10).fill(5), "2025-26");
    const after = await visitor.get("/insights/national");
    expect(after.body).toMatch(/New Hampshire<\/th><td[^>]*>3\.0<\/td>/);
    expect(after.body).toMatch(/Rhode Island<\/th><td[^>]*>Hidden \(protects another hidden figure\)<\/td>/);
    const api = (await visitor.get("/api/v1/public/national")).json();
    expect(api.nation.quality.value).toBe(36);
    expect(api.nation.means.composite.value).toBe(4.1);
    // The kept CSV and trend answers were dropped with the page.
    const csvAfter = (await visitor.get("/insights/national.csv")).body;
    expect(csvAfter).not.toBe(csvBefore);
    expect(csvAfter).toMatch(/,NH,New Hampshire,/);
  });
  it("census highlights: a figure from fewer than 10 schools' profiles is hidden, shown from 10", async () => {
    const { schools } = await buildDistrictWithSchools(t.db, "CT", 10);
    await t.db.execute(
      sql`update organisations set enrollment = 500 where id in ${sql.raw(`(${schools.map((s) => `'${s.id}'`).join(",")})`)}`,
    );
    const psychologists = /School psychologists?[^<]*<\/th><td[^>]*>([^<]*)<\/td>/;
    for (const school of schools.slice(0, 9))
      await submitProfile(t.db, actorId, school, "2025-26", { "staff.psychologist.school": 1 });
    const nine = await visitor.get("/insights/national");
    expect(nine.body).toContain('id="census-heading"');
    expect(nine.body).toMatch(psychologists);
    expect(nine.body.match(psychologists)![1]).toBe("Hidden (fewer than 10 schools)");
    await submitProfile(t.db, actorId, schools[9]!, "2025-26", { "staff.psychologist.school": 1 });
    // 10 schools of 500 students, one psychologist each: 500 students per FTE.
    const ten = await visitor.get("/insights/national");
    expect(ten.body.match(psychologists)![1]).toBe("500");
    expect(ten.body).toContain('href="/census/nation?year=2025-26"');
  });
});
