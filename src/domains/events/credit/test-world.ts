import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import type { EventsWorld } from "../test-world";

/** The credit rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type CreditWorld = Record<string, never>;

export async function buildCreditWorld(
  _base: BaseWorld,
  _earlier: Pick<EventsWorld, "setup" | "program" | "registration">,
): Promise<CreditWorld> {
  return {};
}

export const creditParamRules: ParamRule[] = [];
