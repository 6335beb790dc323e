import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../platform/http/web";
import { adminPages } from "./admin-pages";
import { directoryApi } from "./api";
import { directoryPages } from "./public-pages";

export default async function directoryRoutes(app: FastifyInstance) {
  await app.register(
    pageRoutes(async (pages) => {
      await directoryPages(pages);
      await adminPages(pages);
    }),
  );
  await app.register(apiRoutes(directoryApi), { prefix: "/api/v1" });
}
