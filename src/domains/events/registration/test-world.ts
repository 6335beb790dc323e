import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import type { EventsWorld } from "../test-world";

/** The registration rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type RegistrationWorld = Record<string, never>;

export async function buildRegistrationWorld(
  _base: BaseWorld,
  _earlier: Pick<EventsWorld, "setup" | "program">,
): Promise<RegistrationWorld> {
  return {};
}

export const registrationParamRules: ParamRule[] = [];
