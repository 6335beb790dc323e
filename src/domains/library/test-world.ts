import type { BaseWorld, ParamRule } from "../../../test/support/world";
import {
  type AnnouncementsWorld,
  announcementsParamRules,
  buildAnnouncementsWorld,
} from "./announcements/test-world";
import { buildCatalogueWorld, type CatalogueWorld, catalogueParamRules } from "./catalogue/test-world";
import { buildFilesWorld, type FilesWorld, filesParamRules } from "./files/test-world";
import { buildReachWorld, type ReachWorld, reachParamRules } from "./reach/test-world";
import { buildResourcesWorld, type ResourcesWorld, resourcesParamRules } from "./resources/test-world";

/** The library domain's rows in the route-wide tests' world, one part per capability. */
export interface LibraryWorld {
  resources: ResourcesWorld;
  files: FilesWorld;
  catalogue: CatalogueWorld;
  announcements: AnnouncementsWorld;
  reach: ReachWorld;
}

export async function buildLibraryWorld(base: BaseWorld): Promise<LibraryWorld> {
  const resources = await buildResourcesWorld(base);
  return {
    resources,
    files: await buildFilesWorld(base, resources),
    catalogue: await buildCatalogueWorld(base),
    announcements: await buildAnnouncementsWorld(base),
    reach: await buildReachWorld(base),
  };
}

export const libraryParamRules: ParamRule[] = [
  ...resourcesParamRules,
  ...filesParamRules,
  ...catalogueParamRules,
  ...announcementsParamRules,
  ...reachParamRules,
];
