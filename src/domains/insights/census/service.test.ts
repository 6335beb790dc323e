import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { rebuildAggregates, setSharing } from "../../measures/service";
import {
  type CensusRollup,
  censusFigures,
  censusRollup,
  censusRollupsByState,
  censusTrend,
  figuresForViewer,
  listRecommendations,
  similarStates,
} from "./service";
import { buildCensusWorld } from "./test-world";

const role = (r: CensusRollup, name: string) => r.staffing.find((s) => s.role === name)!;
const value = (r: CensusRollup, key: string) => censusFigures(r).find((f) => f.key === key)?.value;

describe.each(DATABASES)("census roll-ups on %s", (kind) => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof buildCensusWorld>>;
  beforeAll(async () => {
    t = await startTestApp(kind);
    world = await buildCensusWorld(t.db);
  });
  afterAll(() => t?.close());

  it("adds up a state's schools as worked by hand", async () => {
    const r = await censusRollup(t.db, { level: "state", stateId: world.state.id }, "2025-26");
    expect(r.schools).toBe(3);
    expect(r.enrolment).toBe(2000);
    // Psychologists: 1 + 0.5 (community) + 1 FTE for 2,000 students.
    expect(role(r, "psychologist")).toMatchObject({
      n: 3,
      enrolment: 2000,
      fte: { school: 2, community: 0.5, total: 2.5 },
      studentsPerFte: { school: 1000, community: 4000, total: 800 },
    });
    expect(role(r, "counselor").fte).toEqual({ school: 5, community: 1, total: 6 });
    expect(role(r, "counselor").studentsPerFte.total).toBeCloseTo(333.33, 2);
    // A full-time nurse in 2 of 3 schools (1.0 school-employed; 1.0 community-employed).
    expect(role(r, "nurse").schoolsWithFullTime).toBe(2);
    expect(value(r, "staff.nurse.fullTime")).toBeCloseTo(66.67, 2);
    expect(role(r, "social-worker")).toMatchObject({ n: 0, studentsPerFte: { total: null } });
    expect(r.tiers).toEqual([
      { tier: 1, schools: 2, n: 2 },
      { tier: 2, schools: 0, n: 1 },
      { tier: 3, schools: 1, n: 1 },
    ]);
    expect(r.screening.screens).toEqual({ schools: 2, n: 3 });
    expect(r.screening.gradesN).toBe(1);
    expect(r.screening.grades.find((g) => g.grade === "6")?.schools).toBe(1);
    expect(r.screening.studentsScreened).toEqual({ students: 700, enrolment: 1500, n: 2 });
    expect(value(r, "screening.students")).toBeCloseTo(46.67, 2);
    expect(r.served.tier2).toEqual({ students: 170, enrolment: 2000, n: 3 });
    expect(value(r, "served.tier2")).toBeCloseTo(8.5, 5);
    expect(r.served.tier3).toEqual({ students: 40, enrolment: 1500, n: 2 });
    expect(r.funding.n).toBe(3);
    expect(r.funding.sources.filter((s) => s.schools > 0)).toEqual([
      { source: "general", schools: 2 },
      { source: "medicaid", schools: 2 },
    ]);
    expect(r.partnerships).toEqual({
      partners: 2,
      schoolsWithPartners: { schools: 1, n: 2 },
      agreements: { schools: 1, n: 1 },
    });
  });

  it("adds up a district's own schools only, and the nation's", async () => {
    const d = await censusRollup(t.db, { level: "district", districtId: world.districtA.id }, "2025-26");
    expect(d.schools).toBe(2);
    expect(d.enrolment).toBe(1000);
    expect(role(d, "psychologist").studentsPerFte.total).toBeCloseTo(666.67, 2);
    const nation = await censusRollup(t.db, { level: "nation" }, "2025-26");
    expect(nation.schools).toBe(3);
    const byState = await censusRollupsByState(t.db, "2025-26");
    expect(byState.get(world.state.id)?.schools).toBe(3);
    const empty = await censusRollup(t.db, { level: "district", districtId: world.districtA.id }, "2019-20");
    expect(empty).toMatchObject({ schools: 0, enrolment: 0 });
    expect(value(empty, "staff.psychologist.perFte.total")).toBeNull();
  });

  it("leaves a school that does not share a year out of its state's and the nation's census, not its district's", async () => {
    const [s1] = world.schools;
    const share = (shared: boolean) =>
      setSharing(t.db, { actorId: world.actor.id, organisation: s1, schoolYear: "2025-26", shared });
    await share(false);
    try {
      const district = await censusRollup(
        t.db,
        { level: "district", districtId: world.districtA.id },
        "2025-26",
      );
      const state = await censusRollup(t.db, { level: "state", stateId: world.state.id }, "2025-26");
      const nation = await censusRollup(t.db, { level: "nation" }, "2025-26");
      expect([district.schools, state.schools, nation.schools]).toEqual([2, 2, 2]);
      expect((await censusRollupsByState(t.db, "2025-26")).get(world.state.id)?.schools).toBe(2);
      // Its other years are still shared.
      const trend = await censusTrend(t.db, { level: "state", stateId: world.state.id });
      expect(trend.find((r) => r.schoolYear === "2024-25")?.schools).toBe(1);
    } finally {
      await share(true);
    }
    expect((await censusRollup(t.db, { level: "nation" }, "2025-26")).schools).toBe(3);
  });

  it("gives every year on record, oldest first", async () => {
    const trend = await censusTrend(t.db, { level: "district", districtId: world.districtA.id });
    expect(trend.map((r) => [r.schoolYear, r.schools])).toEqual([
      ["2023-24", 1],
      ["2024-25", 1],
      ["2025-26", 2],
    ]);
    expect(trend.map((r) => role(r, "psychologist").fte.school)).toEqual([0.5, 1, 1]);
    expect(trend.map((r) => r.screening.screens.schools)).toEqual([0, 1, 1]);
  });

  it("hides figures built from fewer than 10 schools from those who may not read the schools", async () => {
    const r = await censusRollup(t.db, { level: "state", stateId: world.state.id }, "2025-26");
    const shown = figuresForViewer(r, true);
    expect(shown.find((f) => f.key === "staff.psychologist.perFte.total")).toMatchObject({
      value: 800,
      n: 3,
    });
    const hidden = figuresForViewer(r, false);
    for (const f of hidden) {
      if (f.value !== null) throw new Error(`${f.key} shown from ${f.n} schools`);
    }
    expect(hidden.find((f) => f.key === "schools")).toMatchObject({ suppressed: true, n: null });
  });

  it("stays the same after the measures aggregates are rebuilt", async () => {
    const before = await censusTrend(t.db, { level: "state", stateId: world.state.id });
    await rebuildAggregates(t.db);
    expect(await censusTrend(t.db, { level: "state", stateId: world.state.id })).toEqual(before);
    const [facts] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from census_school_facts`,
    );
    expect(facts?.n).toBe(5);
  });

  it("keeps the recommendations with their source, and finds states of similar size", async () => {
    const recs = await listRecommendations(t.db);
    expect(recs.map((r) => [r.role, r.studentsPerFte, r.ftePerSchool])).toEqual([
      ["counselor", 250, null],
      ["nurse", null, 1],
      ["psychologist", 500, null],
      ["social-worker", 250, null],
    ]);
    expect(recs.every((r) => r.sourceName.length > 0 && r.sourceUrl.startsWith("https://"))).toBe(true);
    const states = [10, 50, 40, 60, 100, 5].map((schools, i) => ({ id: `s${i}`, schools }));
    expect(similarStates(states, "s1", 2).map((s) => s.id)).toEqual(["s3", "s2"]);
  });
});
