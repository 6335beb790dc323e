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

/** Each part may read the parts built before it (setup first) from `base` plus what it returns. */
export async function buildEventsWorld(base: BaseWorld): Promise<EventsWorld> {
  return {
    setup: await buildSetupWorld(base),
    calls: await buildCallsWorld(base),
    program: await buildProgramWorld(base),
    registration: await buildRegistrationWorld(base),
    credit: await buildCreditWorld(base),
  };
}

export const eventsParamRules: ParamRule[] = [
  ...setupParamRules,
  ...callsParamRules,
  ...programParamRules,
  ...registrationParamRules,
  ...creditParamRules,
];
