import type { BaseWorld, ParamRule } from "../../../test/support/world";
import {
  type AnnouncementsWorld,
  announcementsParamRules,
  buildAnnouncementsWorld,
} from "./announcements/test-world";
import { buildCatalogueWorld, type CatalogueWorld, catalogueParamRules } from "./catalogue/test-world";
import { buildReachWorld, type ReachWorld, reachParamRules } from "./reach/test-world";
import { buildResourcesWorld, type ResourcesWorld, resourcesParamRules } from "./resources/test-world";

/** The library domain's rows in the route-wide tests' world, one part per capability. */
export interface LibraryWorld {
  resources: ResourcesWorld;
  catalogue: CatalogueWorld;
  announcements: AnnouncementsWorld;
  reach: ReachWorld;
}

export async function buildLibraryWorld(base: BaseWorld): Promise<LibraryWorld> {
  const resources = await buildResourcesWorld(base);
  return {
    resources,
    catalogue: await buildCatalogueWorld(base),
    announcements: await buildAnnouncementsWorld(base),
    reach: await buildReachWorld(base),
  };
}

export const libraryParamRules: ParamRule[] = [
  ...resourcesParamRules,
  ...catalogueParamRules,
  ...announcementsParamRules,
  ...reachParamRules,
];
