import type { BaseWorld, ParamRule } from "../../../test/support/world";
import { type AssistanceWorld, assistanceParamRules, buildAssistanceWorld } from "./assistance/test-world";
import { type ChartsWorld, buildChartsWorld, chartsParamRules } from "./charts/test-world";
import { type NetworksWorld, buildNetworksWorld, networksParamRules } from "./networks/test-world";
import { type PlansWorld, buildPlansWorld, plansParamRules } from "./plans/test-world";

/**
 * The improvement domain's rows in the route-wide tests' world, one part per capability (plans
 * also holds the diagrams' and cycles' rows), built after the rest of the world exists.
 */
export interface ImprovementWorld {
  plans: PlansWorld;
  charts: ChartsWorld;
  networks: NetworksWorld;
  assistance: AssistanceWorld;
}

export async function buildImprovementWorld(base: BaseWorld): Promise<ImprovementWorld> {
  const plans = await buildPlansWorld(base);
  return {
    plans,
    charts: await buildChartsWorld(base),
    networks: await buildNetworksWorld(base),
    assistance: await buildAssistanceWorld(base),
  };
}

export const improvementParamRules: ParamRule[] = [
  ...plansParamRules,
  ...chartsParamRules,
  ...networksParamRules,
  ...assistanceParamRules,
];
