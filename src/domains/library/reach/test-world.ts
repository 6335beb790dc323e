import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The reach rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type ReachWorld = Record<string, never>;

export async function buildReachWorld(_base: BaseWorld): Promise<ReachWorld> {
  return {};
}

export const reachParamRules: ParamRule[] = [];
