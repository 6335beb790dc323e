import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The program rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type ProgramWorld = Record<string, never>;

export async function buildProgramWorld(_base: BaseWorld): Promise<ProgramWorld> {
  return {};
}

export const programParamRules: ParamRule[] = [];
