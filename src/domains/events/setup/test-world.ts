import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The setup rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type SetupWorld = Record<string, never>;

export async function buildSetupWorld(_base: BaseWorld): Promise<SetupWorld> {
  return {};
}

export const setupParamRules: ParamRule[] = [];
