import type { BaseWorld, ParamRule } from "../../../test/support/world";
import { buildSetupWorld, type SetupWorld, setupParamRules } from "./setup/test-world";
import { buildCallsWorld, type CallsWorld, callsParamRules } from "./calls/test-world";
import { buildProgramWorld, type ProgramWorld, programParamRules } from "./program/test-world";
import {
  buildRegistrationWorld,
  type RegistrationWorld,
  registrationParamRules,
} from "./registration/test-world";
import { buildCreditWorld, type CreditWorld, creditParamRules } from "./credit/test-world";

/** The events domain's rows in the route-wide tests' world, one part per capability. */
export interface EventsWorld {
  setup: SetupWorld;
  calls: CallsWorld;
  program: ProgramWorld;
  registration: RegistrationWorld;
  credit: CreditWorld;
}

/** Each part is built on the parts before it (setup first): the ids it needs are theirs. */
export async function buildEventsWorld(base: BaseWorld): Promise<EventsWorld> {
  const setup = await buildSetupWorld(base);
  const calls = await buildCallsWorld(base, { setup });
  const program = await buildProgramWorld(base, { setup, calls });
  const registration = await buildRegistrationWorld(base, { setup, program });
  const credit = await buildCreditWorld(base, { setup, program, registration });
  return { setup, calls, program, registration, credit };
}

export const eventsParamRules: ParamRule[] = [
  ...setupParamRules,
  ...callsParamRules,
  ...programParamRules,
  ...registrationParamRules,
  ...creditParamRules,
];
