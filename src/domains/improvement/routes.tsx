import type { FastifyInstance } from "fastify";
import { pageRoutes } from "../../platform/http/web";
import { assistanceRoutes } from "./assistance/routes";
import { chartsRoutes } from "./charts/routes";
import { cyclesRoutes } from "./cycles/routes";
import { diagramsRoutes } from "./diagrams/routes";
import { hubRoutes } from "./hub";
import { networksRoutes } from "./networks/routes";
import { plansRoutes } from "./plans/routes";

/** Each capability registers its own pages and /api/v1 routes. */
export default async function improvementRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(hubRoutes));
  await app.register(plansRoutes);
  await app.register(diagramsRoutes);
  await app.register(cyclesRoutes);
  await app.register(chartsRoutes);
  await app.register(networksRoutes);
  await app.register(assistanceRoutes);
}
