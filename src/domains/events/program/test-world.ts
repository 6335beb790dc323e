import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import type { EventsWorld } from "../test-world";

/** The program rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type ProgramWorld = Record<string, never>;

export async function buildProgramWorld(
  _base: BaseWorld,
  _earlier: Pick<EventsWorld, "setup" | "calls">,
): Promise<ProgramWorld> {
  return {};
}

export const programParamRules: ParamRule[] = [];
