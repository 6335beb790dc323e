import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The plans rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
// biome-ignore lint/complexity/noBannedTypes: filled in as this capability adds routes
export type PlansWorld = {};

export async function buildPlansWorld(_base: BaseWorld): Promise<PlansWorld> {
  return {};
}

/** How this capability's route parameters are filled from the world. */
export const plansParamRules: ParamRule[] = [];
