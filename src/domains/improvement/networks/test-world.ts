import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The networks rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
// biome-ignore lint/complexity/noBannedTypes: filled in as this capability adds routes
export type NetworksWorld = {};

export async function buildNetworksWorld(_base: BaseWorld): Promise<NetworksWorld> {
  return {};
}

/** How this capability's route parameters are filled from the world. */
export const networksParamRules: ParamRule[] = [];
