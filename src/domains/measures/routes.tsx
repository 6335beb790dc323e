import type { FastifyInstance } from "fastify";
import { apiRoutes, pageRoutes } from "../../platform/http/web";
import { measuresDashboardApi } from "./dashboards/api";
import { dashboardPages } from "./dashboards/pages";
import { measuresImportApi } from "./import/api";
import { followupPages } from "./followup/pages";
import { importPages } from "./import/pages";
import { reportPages } from "./reports/pages";
import { measuresApi } from "./responses/api";
import { sharingApi, sharingPages } from "./sharing/routes";
import { measuresPages } from "./responses/pages";

/** Census and performance measures: instruments, responses, reports, dashboards; pages and /api/v1. */
export default async function measuresRoutes(app: FastifyInstance) {
  await app.register(pageRoutes(measuresPages));
  await app.register(pageRoutes(reportPages));
  await app.register(pageRoutes(dashboardPages));
  await app.register(pageRoutes(followupPages));
  await app.register(pageRoutes(importPages));
  await app.register(pageRoutes(sharingPages));
  await app.register(apiRoutes(measuresApi), { prefix: "/api/v1" });
  await app.register(apiRoutes(measuresImportApi), { prefix: "/api/v1" });
  await app.register(apiRoutes(measuresDashboardApi), { prefix: "/api/v1" });
  await app.register(apiRoutes(sharingApi), { prefix: "/api/v1" });
}
