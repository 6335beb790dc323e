import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { getResponse } from "../../measures/service";
import { startCycle, startNextCycle } from "../cycles/service";
import { addNode } from "../diagrams/service";
import { addGoal, addStep, startProjectFromReport } from "./service";

/** The plans rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface PlansWorld {
  /** School A's plan, started from its submitted assessment's first domain. */
  projectId: string;
  goalId: string;
  /** A step owned by school A's member. */
  stepId: string;
  /** A change idea under a secondary driver (another primary driver beside it to move to). */
  nodeId: string;
  /** A PDSA cycle on that change idea, the first of a ramp of two. */
  cycleId: string;
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
  const primary = await addNode(db, lead, project, { kind: "driver", title: "World primary driver" });
  await addNode(db, lead, project, { kind: "driver", title: "World other primary driver" });
  const secondary = await addNode(db, lead, project, {
    kind: "driver",
    title: "World secondary driver",
    parentId: primary.id,
  });
  const idea = await addNode(db, lead, project, {
    kind: "change",
    title: "World change idea",
    parentId: secondary.id,
  });
  const cycle = await startCycle(db, lead, project, idea, {
    title: "World cycle",
    startsOn: "2026-09-01",
    endsOn: "2026-09-14",
  });
  await startNextCycle(db, lead, project, cycle);
  return { projectId: project.id, goalId: goal.id, stepId: step.id, nodeId: idea.id, cycleId: cycle.id };
}

/** How this capability's route parameters are filled from the world (all school A's rows). */
export const plansParamRules: ParamRule[] = [
  { param: "orgId", url: /^(\/api\/v1)?\/improvement\/teams\/:orgId/, value: (w) => w.schoolA.id },
  { param: "responseId", url: /^\/improvement\/reports\/:responseId/, value: (w) => w.submittedAssessmentId },
  { param: "projectId", value: (w) => w.improvement.plans.projectId },
  { param: "goalId", value: (w) => w.improvement.plans.goalId },
  { param: "stepId", value: (w) => w.improvement.plans.stepId },
  { param: "nodeId", value: (w) => w.improvement.plans.nodeId },
  { param: "cycleId", value: (w) => w.improvement.plans.cycleId },
];
