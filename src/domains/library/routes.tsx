import type { FastifyInstance } from "fastify";
import { announcementsRoutes } from "./announcements/routes";
import { catalogueRoutes } from "./catalogue/routes";
import { filesRoutes } from "./files/routes";
import { reachRoutes } from "./reach/routes";
import { resourcesRoutes } from "./resources/routes";

/** Each capability registers its own pages and /api/v1 routes. */
export default async function libraryRoutes(app: FastifyInstance): Promise<void> {
  await app.register(resourcesRoutes);
  await app.register(filesRoutes);
  await app.register(catalogueRoutes);
  await app.register(announcementsRoutes);
  await app.register(reachRoutes);
}
