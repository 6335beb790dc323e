import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The reach rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type ReachWorld = Record<string, never>;

export async function buildReachWorld(_base: BaseWorld): Promise<ReachWorld> {
  return {};
}

/** A reach dashboard's scope is the world's state (`:slug` is the communities' rule). */
export const reachParamRules: ParamRule[] = [
  { param: "scopeId", url: /^(\/api\/v1)?\/library\/reach\/scopes\//, value: (w) => w.state.id },
];
