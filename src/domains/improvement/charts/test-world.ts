import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { createProject } from "../plans/service";
import { addAnnotation, createMeasure, saveValues } from "./service";

/** The charts rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface ChartsWorld {
  /** School A's proportion measure with three months of values and an annotation. */
  measureId: string;
}

export async function buildChartsWorld(base: BaseWorld): Promise<ChartsWorld> {
  const { db } = base.t;
  const lead = base.users.leadA.id;
  const project = await createProject(db, lead, base.schoolA.id, { title: "World charts plan" });
  const measure = await createMeasure(db, lead, project, {
    name: "World referrals followed up within a week",
    kind: "process",
    type: "proportion",
    period: "month",
    definition: "Referrals followed up within 7 days over referrals made that month.",
    numeratorLabel: "Followed up within 7 days",
    denominatorLabel: "Referrals made",
    goal: 80,
  });
  await saveValues(db, lead, project, measure, [
    { period: "2025-01", value: 5, denominator: 10 },
    { period: "2025-02", value: 6, denominator: 12 },
    { period: "2025-03", value: 9, denominator: 11 },
  ]);
  await addAnnotation(db, lead, project, measure, { onDate: "2025-02-10", text: "World annotation" });
  return { measureId: measure.id };
}

/** How this capability's route parameters are filled from the world (school A's rows). */
export const chartsParamRules: ParamRule[] = [
  { param: "measureId", value: (w) => w.improvement.charts.measureId },
];
