import type { Db } from "../../platform/db/client";
import { seedAnnouncementsDemo } from "./announcements/demo";
import { seedCatalogueDemo } from "./catalogue/demo";
import { seedReachDemo } from "./reach/demo";
import { seedResourcesDemo } from "./resources/demo";

/** Demo library: resources first (reach counts their use), after communities and measures exist. */
export async function seedLibraryDemo(db: Db): Promise<void> {
  await seedResourcesDemo(db);
  await seedCatalogueDemo(db);
  await seedAnnouncementsDemo(db);
  await seedReachDemo(db);
}
