import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The charts rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
// biome-ignore lint/complexity/noBannedTypes: filled in as this capability adds routes
export type ChartsWorld = {};

export async function buildChartsWorld(_base: BaseWorld): Promise<ChartsWorld> {
  return {};
}

/** How this capability's route parameters are filled from the world. */
export const chartsParamRules: ParamRule[] = [];
