import { Readable } from "node:stream";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { FieldErrors } from "../../../platform/http/forms";
import { badRequest, notFound } from "../../../platform/http/problem";
import { IdParams, problemResponses } from "../../../platform/http/schemas";
import { can } from "../../../platform/policy";
import { decideApplication as decideAccess, decideApplications, readApplication, viewerId } from "../access";
import {
  ApplicationBody,
  ApplicationListResponse,
  type ApplicationResponse,
  DecisionFields,
  PendingQuery,
} from "./schema";
import {
  type ApplicationRow,
  type ApplicationWithApplicant,
  accessOpen,
  applicationsByStatus,
  applicationsOf,
  asResource,
  checkChoices,
  checkDecision,
  decideApplication,
  deleteIrbFile,
  filesOf,
  findApplication,
  IrbFileError,
  storeIrbFile,
  submitApplication,
} from "./service";
import { ApplicationResponse as ApplicationSchema } from "./schema";

const tags = ["research"];
const FIELD_PROBLEMS: Record<string, string> = {
  instrumentKeys: "names an instrument that has no school-level file",
  schoolYears: "names a school year not on offer (this one and the four before)",
  irbFile: "must be a PDF, PNG or JPEG file of at most 4 MB",
  reason: "is required when declining",
  expiresOn: "is required when approving, after today and at most three years ahead",
};
const problemsOf = (errors: FieldErrors) =>
  Object.keys(errors).map((field) => ({
    pointer: `/${field}`,
    detail: `${field} ${FIELD_PROBLEMS[field] ?? "is not valid"}`,
  }));

/** An application as the API shows it; files are listed with their addresses when they may be downloaded. */
export function presentApplication(
  a: ApplicationRow | ApplicationWithApplicant,
  mayDownload: boolean,
): Static<typeof ApplicationResponse> {
  const base = `/api/v1/research/applications/${a.id}`;
  return {
    id: a.id,
    projectTitle: a.projectTitle,
    institution: a.institution,
    purpose: a.purpose,
    irbNumber: a.irbNumber,
    irbFileName: a.irbFileName,
    instrumentKeys: a.instrumentKeys,
    schoolYears: a.schoolYears,
    status: a.status,
    accessOpen: accessOpen(a),
    expiresOn: a.expiresOn,
    declineReason: a.declineReason,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    applicant: "applicantName" in a ? { name: a.applicantName, email: a.applicantEmail } : undefined,
    files: mayDownload
      ? filesOf(a).map((f) => ({
          ...f,
          file: `${base}/files/${f.instrumentKey}/${f.schoolYear}`,
          codebook: `${base}/codebooks/${f.instrumentKey}/${f.schoolYear}`,
        }))
      : [],
  };
}

/** The researcher's applications under /api/v1/research. */
export async function applicationApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/research/applications",
    {
      config: { access: "signedIn" },
      schema: {
        tags,
        summary: "Your research access applications, newest first",
        response: { 200: ApplicationListResponse, ...problemResponses(401) },
      },
    },
    async (request) => {
      const rows = await applicationsOf(app.db, viewerId(request));
      return { items: rows.map((a) => presentApplication(a, accessOpen(a))) };
    },
  );

  app.post(
    "/research/applications",
    {
      config: { access: "signedIn" },
      // The IRB letter travels base64-encoded in the body: room for a 4 MB file.
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags,
        summary: "Apply for research access (with the IRB approval letter, base64-encoded)",
        body: ApplicationBody,
        response: { 201: ApplicationSchema, ...problemResponses(400, 401, 413) },
      },
    },
    async (request, reply) => {
      const { irbFile, ...fields } = request.body;
      const errors = await checkChoices(app.db, fields);
      if (Object.keys(errors).length > 0)
        throw badRequest("Some choices are not on offer.", problemsOf(errors));
      let irb: { fileId: string; fileName: string };
      try {
        const bytes = Buffer.from(irbFile.contentBase64, "base64");
        irb = await storeIrbFile(app.db, Readable.from([bytes]), irbFile.fileName);
      } catch (error) {
        if (error instanceof IrbFileError)
          throw badRequest("The IRB letter cannot be kept.", problemsOf({ irbFile: { code: "invalid" } }));
        throw error;
      }
      try {
        const application = await submitApplication(app.db, viewerId(request), fields, irb);
        return reply.status(201).send(presentApplication(application, false));
      } catch (error) {
        await deleteIrbFile(app.db, irb.fileId);
        throw error;
      }
    },
  );

  app.get(
    "/research/applications/:id",
    {
      config: { access: readApplication },
      schema: {
        tags,
        summary: "One research access application, with its files when access is open to you",
        params: IdParams,
        response: { 200: ApplicationSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const application = await findApplication(app.db, request.params.id);
      if (!application) throw notFound();
      const actor = await request.actor();
      return presentApplication(application, can(actor, "research.download", asResource(application)));
    },
  );
}

/** Deciding, under /api/v1/admin: national admins. */
export async function decisionApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/admin/research-applications",
    {
      config: { access: decideApplications },
      schema: {
        tags,
        summary: "Research access applications waiting for a decision (or recently decided)",
        querystring: PendingQuery,
        response: { 200: ApplicationListResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const rows = await applicationsByStatus(app.db, request.query.status ?? "pending");
      return { items: rows.map((a) => presentApplication(a, false)) };
    },
  );

  app.post(
    "/admin/research-applications/:id/decision",
    {
      config: { access: decideAccess },
      schema: {
        tags,
        summary:
          "Approve an application until a date, or decline it with a reason (the applicant is emailed)",
        params: IdParams,
        body: DecisionFields,
        response: { 200: ApplicationSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const checked = checkDecision(request.body);
      if (!checked.ok) throw badRequest("The decision is incomplete.", problemsOf(checked.errors));
      const decided = await decideApplication(
        app.db,
        viewerId(request),
        request.params.id,
        checked.value,
        app.config.publicUrl,
      );
      if (!decided) throw notFound();
      return presentApplication(decided, false);
    },
  );
}
