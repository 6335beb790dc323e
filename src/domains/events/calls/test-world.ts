import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The calls rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type CallsWorld = Record<string, never>;

export async function buildCallsWorld(_base: BaseWorld): Promise<CallsWorld> {
  return {};
}

export const callsParamRules: ParamRule[] = [];
