import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { DEMO_MEASURES } from "./demo-measures";
import { catalogueMeasures } from "./schema";

/** The catalogue rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type CatalogueWorld = {
  /** One measure of the catalogue (the demo's first), for the measure's page, its edit form and the API. */
  measureSlug: string;
};

export async function buildCatalogueWorld(base: BaseWorld): Promise<CatalogueWorld> {
  const measure = DEMO_MEASURES[0]!;
  await base.t.db
    .insert(catalogueMeasures)
    .values({ ...measure, items: measure.items ?? null, demo: true })
    .onConflictDoNothing();
  return { measureSlug: measure.slug };
}

export const catalogueParamRules: ParamRule[] = [
  { param: "measureSlug", value: (w) => w.library.catalogue.measureSlug },
];
