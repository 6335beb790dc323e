import type { BaseWorld, ParamRule } from "../../../../test/support/world";

/** The catalogue rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type CatalogueWorld = Record<string, never>;

export async function buildCatalogueWorld(_base: BaseWorld): Promise<CatalogueWorld> {
  return {};
}

export const catalogueParamRules: ParamRule[] = [];
