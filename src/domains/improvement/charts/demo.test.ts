import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { getStateByCode, listSchoolsIn } from "../../directory/service";
import { listProjects } from "../plans/service";
import { listMeasures, measureChartData } from "./service";

describe.each(DATABASES)("charts demo data on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { SEED_DEMO: "true" });
  }, 600_000);
  afterAll(() => t?.close());

  it("gives Harbor Point's plan two measures of 24 months with a real shift, a frozen baseline and an annotation", async () => {
    const state = await getStateByCode(t.db, "MD");
    const school = (await listSchoolsIn(t.db, state!.id)).find(
      (s) => s.name === "Harbor Point Elementary School",
    );
    const [project] = await listProjects(t.db, school!.id);
    const measures = await listMeasures(t.db, project!.id);
    const entered = measures.filter((m) => m.source === "entered");
    expect(entered.map((m) => m.kind).sort()).toEqual(["outcome", "process"]);
    for (const measure of entered) {
      const data = await measureChartData(t.db, project!, measure, "auto", undefined, "en");
      expect(data.series).toHaveLength(24);
      expect(measure.baselineTo).not.toBeNull();
      expect(data.chart.kind).not.toBe("run");
      expect(data.chart.trial).toBe(false);
      const rules = data.chart.view.signals.map((s) => s.rule);
      expect(rules).toContain("eight-one-side");
    }
    const followUp = entered.find((m) => m.kind === "process")!;
    const data = await measureChartData(t.db, project!, followUp, "auto", undefined, "en");
    expect(data.chart.kind).toBe("p");
    expect(data.annotations).toHaveLength(1);
    expect(measures.some((m) => m.source === "assessment")).toBe(true);
  });
});
