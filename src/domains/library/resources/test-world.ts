import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The resources rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type ResourcesWorld = Record<string, never>;

export async function buildResourcesWorld(_base: BaseWorld): Promise<ResourcesWorld> {
  return {};
}

export const resourcesParamRules: ParamRule[] = [];
