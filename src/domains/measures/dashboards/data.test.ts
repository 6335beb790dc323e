import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { buildDistrictWithSchools } from "../../../seed/factories";
import { countSchoolsIn, getNation } from "../../directory/service";
import { nationalView, stateDashboard } from "./data";
import { seedInstruments } from "../instruments/service";

describe.each(DATABASES)("dashboard counts on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
  });
  afterAll(() => t?.close());

  it("counts schools per state, district and nation from indexes, and shows them on the dashboards", async () => {
    const a = await buildDistrictWithSchools(t.db, "WY", 3);
    const b = await buildDistrictWithSchools(t.db, "WY", 2);
    const other = await buildDistrictWithSchools(t.db, "MT", 4);
    const nation = (await getNation(t.db))!;
    const before = await countSchoolsIn(t.db, [nation.id]);

    const counts = await countSchoolsIn(t.db, [
      a.state.id,
      a.district.id,
      b.district.id,
      other.state.id,
      "not-a-uuid",
    ]);
    expect(counts.get(a.district.id)).toBe(3);
    expect(counts.get(b.district.id)).toBe(2);
    expect(counts.get(a.state.id)).toBeGreaterThanOrEqual(5);
    expect(counts.get(other.state.id)).toBeGreaterThanOrEqual(4);
    expect(counts.size).toBe(4);

    const wy = await stateDashboard(t.db, a.state, "2025-26", 1);
    expect(wy.totals.schools).toBe(counts.get(a.state.id));
    // Each district row carries its own number of schools (its children).
    expect(wy.districts.find((d) => d.id === a.district.id)?.schools).toBe(3);
    expect(wy.districts.find((d) => d.id === b.district.id)?.schools).toBe(2);

    const national = await nationalView(t.db, "2025-26");
    expect(national.states.find((s) => s.code === "MT")?.schools).toBe(counts.get(other.state.id));
    expect(national.states.find((s) => s.code === "WY")?.schools).toBe(counts.get(a.state.id));
    expect(before.get(nation.id)).toBeGreaterThanOrEqual(9);
  });
});
