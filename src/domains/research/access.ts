import type { FastifyRequest } from "fastify";
import { type Access, uuidParam } from "../../platform/http/access";
import { notFound } from "../../platform/http/problem";
import type { ResearchApplicationResource } from "../../platform/policy";
import { asResource, findApplication } from "./applications/service";

/**
 * The application named by the route's `:id`, read from the database on every request (never
 * cached), so an expiry date that has passed or a decision just made counts at once.
 */
async function applicationInPath(request: FastifyRequest): Promise<ResearchApplicationResource> {
  const application = await findApplication(request.server.db, uuidParam(request, "id"));
  if (!application) throw notFound();
  return asResource(application);
}

/**
 * A file route's application and its `:instrument` / `:year`: a file the application does not
 * cover is no file at all (404), whoever asks.
 */
async function applicationFileInPath(request: FastifyRequest): Promise<ResearchApplicationResource> {
  const application = await findApplication(request.server.db, uuidParam(request, "id"));
  const { instrument, year } = request.params as Record<string, unknown>;
  if (
    !application ||
    typeof instrument !== "string" ||
    typeof year !== "string" ||
    !application.instrumentKeys.includes(instrument) ||
    !application.schoolYears.includes(year)
  )
    throw notFound();
  return asResource(application);
}

/** Its applicant and national admins see an application; anyone else is told there is none. */
export const readApplication: Access = {
  action: "research.readApplication",
  load: applicationInPath,
  refuse: 404,
};

/** Files and codebooks: the applicant, while the application is approved and not past its last day. */
export const downloadUnderApplication: Access = { action: "research.download", load: applicationFileInPath };

/** Deciding: national admins. */
export const decideApplications: Access = { action: "admin.manage" };
export const decideApplication: Access = { action: "admin.manage", load: applicationInPath };

/** The signed-in person; only reached once the route's access rule let them in. */
export const viewerId = (request: FastifyRequest): string => request.viewer!.id;
