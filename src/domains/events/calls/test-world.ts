import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import type { EventsWorld } from "../test-world";

/** The calls rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type CallsWorld = Record<string, never>;

export async function buildCallsWorld(
  _base: BaseWorld,
  _earlier: Pick<EventsWorld, "setup">,
): Promise<CallsWorld> {
  return {};
}

export const callsParamRules: ParamRule[] = [];
