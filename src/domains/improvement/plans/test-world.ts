import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { getResponse } from "../../measures/service";
import { addGoal, addStep, startProjectFromReport } from "./service";

/** The plans rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface PlansWorld {
  /** School A's plan, started from its submitted assessment's first domain. */
  projectId: string;
  goalId: string;
  /** A step owned by school A's member. */
  stepId: string;
}

export async function buildPlansWorld(base: BaseWorld): Promise<PlansWorld> {
  const { db } = base.t;
  const response = (await getResponse(db, base.submittedAssessmentId))!;
  const domainKey = response.instrument.sections.find((s) => s.scored)!.key;
  const lead = base.users.leadA.id;
  const project = await startProjectFromReport(db, lead, response, domainKey, "en");
  const goal = await addGoal(db, lead, project, "World goal");
  const step = await addStep(db, lead, project, {
    goalId: goal.id,
    title: "World step",
    ownerId: base.users.memberA.id,
    dueOn: "2030-01-31",
  });
  return { projectId: project.id, goalId: goal.id, stepId: step.id };
}

/** How this capability's route parameters are filled from the world (all school A's rows). */
export const plansParamRules: ParamRule[] = [
  { param: "orgId", url: /^(\/api\/v1)?\/improvement\/teams\/:orgId/, value: (w) => w.schoolA.id },
  { param: "responseId", url: /^\/improvement\/reports\/:responseId/, value: (w) => w.submittedAssessmentId },
  { param: "projectId", value: (w) => w.improvement.plans.projectId },
  { param: "goalId", value: (w) => w.improvement.plans.goalId },
  { param: "stepId", value: (w) => w.improvement.plans.stepId },
];
