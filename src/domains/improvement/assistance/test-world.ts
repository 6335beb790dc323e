import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The assistance rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
// biome-ignore lint/complexity/noBannedTypes: filled in as this capability adds routes
export type AssistanceWorld = {};

export async function buildAssistanceWorld(_base: BaseWorld): Promise<AssistanceWorld> {
  return {};
}

/** How this capability's route parameters are filled from the world. */
export const assistanceParamRules: ParamRule[] = [];
