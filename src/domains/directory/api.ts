import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { eq } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { STATES } from "../../platform/geo/states";
import { badRequest, conflict, HttpProblem, notFound } from "../../platform/http/problem";
import { IdParams, PageQuery, problemResponses, SingleLine } from "../../platform/http/schemas";
import { ADMIN_ONLY, adminId, uploadErrorCode } from "./admin-pages";
import {
  ImportOut,
  OrganisationInput,
  OrganisationListQuery,
  OrganisationOut,
  OrganisationPatch,
  presentOrganisation,
  pagedOf,
  StateCodeParams,
  StateSummaryOut,
} from "./contracts";
import { directoryCatalog, type DirectoryKey } from "./messages";
import { type DirectoryImport, getImport, listImportErrors, listImports, startImport } from "./nces-import";
import { ImportFileError, MAX_UPLOAD_BYTES, saveUpload } from "./nces-upload";
import { createOrganisation, OrganisationRuleError, updateOrganisation } from "./organisation-admin";
import { organisations } from "./schema";
import {
  countSchoolsByState,
  getOrganisation,
  getStateByCode,
  listChildren,
  listStateInitiatives,
  searchOrganisations,
} from "./service";

const tags = ["directory"];
const en = directoryCatalog.en;
const publicRead = { access: "public" } as const;
const adminOnly = { access: ADMIN_ONLY };

/** A text/csv body, which the content-type parser hands over as the request's stream. */
const isStream = (body: unknown): body is Readable =>
  !!body && typeof (body as { pipe?: unknown }).pipe === "function";

function ruleProblem(error: OrganisationRuleError): HttpProblem {
  const detail = en[`rule_${error.code}` as DirectoryKey];
  const errors = [{ pointer: `/body/${error.field}`, detail }];
  return error.code === "ncesTaken" ? conflict(detail, { errors }) : badRequest(detail, errors);
}

function presentImport(item: DirectoryImport, errors: Awaited<ReturnType<typeof listImportErrors>>) {
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    ...item,
    createdAt: iso(item.createdAt)!,
    startedAt: iso(item.startedAt),
    finishedAt: iso(item.finishedAt),
    errors: errors.items.map((e) => ({
      line: e.line,
      field: e.field,
      code: e.code,
      message: en[`problem_${e.code}` as DirectoryKey] ?? e.code,
      value: e.value,
    })),
    errorsTotal: errors.total,
  };
}

async function stateSummaries(app: FastifyInstance) {
  const [counts, stateOrgs] = await Promise.all([
    countSchoolsByState(app.db),
    app.db
      .select({ id: organisations.id, code: organisations.stateCode })
      .from(organisations)
      .where(eq(organisations.kind, "state")),
  ]);
  const ids = new Map(stateOrgs.filter((s) => s.code).map((s) => [s.code!, s.id]));
  const byCode = new Map(counts.map((c) => [c.stateCode, c]));
  return STATES.map((s) => ({
    code: s.code,
    name: s.name,
    fips: s.fips,
    territory: !!s.territory,
    id: ids.get(s.code) ?? null,
    districts: byCode.get(s.code)?.districts ?? 0,
    schools: byCode.get(s.code)?.schools ?? 0,
  }));
}

async function publicApi(instance: FastifyInstance) {
  const api = instance.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    "/states",
    {
      config: publicRead,
      schema: {
        tags,
        summary: "The states, DC and territories with their district and school counts",
        response: { 200: Type.Object({ items: Type.Array(StateSummaryOut) }) },
      },
    },
    async () => ({ items: await stateSummaries(api) }),
  );

  api.get(
    "/states/:code",
    {
      config: publicRead,
      schema: {
        tags,
        summary: "One state or territory: its districts (paged) and state initiatives",
        params: StateCodeParams,
        querystring: PageQuery,
        response: {
          200: Type.Object({
            state: OrganisationOut,
            districts: pagedOf(OrganisationOut),
            initiatives: Type.Array(OrganisationOut),
          }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request) => {
      const { code } = request.params;
      const { page, perPage } = request.query;
      const state = await getStateByCode(api.db, code);
      if (!state) throw notFound();
      const [districts, initiatives] = await Promise.all([
        listChildren(api.db, state.id, { kind: "district", page, perPage }),
        listStateInitiatives(api.db, state.stateCode!),
      ]);
      return {
        state: presentOrganisation(state),
        districts: { ...districts, items: districts.items.map(presentOrganisation) },
        initiatives: initiatives.map(presentOrganisation),
      };
    },
  );

  api.get(
    "/organisations",
    {
      config: publicRead,
      schema: {
        tags,
        summary: "Search organisations by kind, state, parent and name, city or NCES ID",
        querystring: OrganisationListQuery,
        response: { 200: pagedOf(OrganisationOut), ...problemResponses(400) },
      },
    },
    async (request) => {
      const result = await searchOrganisations(api.db, request.query);
      return { ...result, items: result.items.map(presentOrganisation) };
    },
  );

  api.get(
    "/organisations/:id",
    {
      config: publicRead,
      schema: {
        tags,
        summary: "One organisation of any kind",
        params: IdParams,
        response: { 200: OrganisationOut, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const org = await getOrganisation(api.db, request.params.id);
      if (!org) throw notFound();
      return presentOrganisation(org);
    },
  );
}

async function adminApi(instance: FastifyInstance) {
  const api = instance.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    "/organisations",
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Add an organisation (national administrators)",
        body: OrganisationInput,
        response: { 201: OrganisationOut, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      try {
        const org = await createOrganisation(api.db, adminId(request), request.body);
        return reply.status(201).send(presentOrganisation(org));
      } catch (error) {
        throw error instanceof OrganisationRuleError ? ruleProblem(error) : error;
      }
    },
  );

  api.patch(
    "/organisations/:id",
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Change an organisation (national administrators); null clears a field",
        params: IdParams,
        body: OrganisationPatch,
        response: { 200: OrganisationOut, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      try {
        const org = await updateOrganisation(api.db, adminId(request), request.params.id, request.body);
        if (!org) throw notFound();
        return presentOrganisation(org);
      } catch (error) {
        throw error instanceof OrganisationRuleError ? ruleProblem(error) : error;
      }
    },
  );
}

async function importApi(instance: FastifyInstance) {
  const api = instance.withTypeProvider<TypeBoxTypeProvider>();
  await api.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2, parts: 3 } });
  // A text/csv body is handed over as a stream and never buffered.
  api.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));

  // Multipart is a form a browser can send cross-site: with a session cookie it needs the CSRF token.
  const csrfForCookieMultipart = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: (err?: Error) => void,
  ) => {
    if (request.isMultipart() && !request.headers.authorization) api.csrfProtection(request, reply, done);
    else done();
  };

  api.post(
    "/imports",
    {
      config: adminOnly,
      preHandler: csrfForCookieMultipart,
      // The body is the file itself (multipart or text/csv), streamed, never parsed into an object.
      schema: {
        tags,
        summary: "Upload an NCES Common Core of Data school CSV (multipart field `file`, or a text/csv body)",
        consumes: ["multipart/form-data", "text/csv"],
        querystring: Type.Object({ fileName: Type.Optional(SingleLine({ maxLength: 200 })) }),
        response: { 202: ImportOut, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      let source: Readable;
      let fileName = request.query.fileName ?? "upload.csv";
      if (request.isMultipart()) {
        const file = await request.file();
        if (!file) throw badRequest("Send the CSV in the multipart field `file`.");
        source = file.file;
        fileName = file.filename || fileName;
      } else if (isStream(request.body)) {
        source = request.body;
      } else {
        throw badRequest("Send the CSV as multipart/form-data or with Content-Type: text/csv.");
      }
      try {
        const saved = await saveUpload(api.db, source);
        const created = await startImport(api.db, adminId(request), { ...saved, fileName });
        return reply
          .status(202)
          .header("location", `/api/v1/imports/${created.id}`)
          .send(presentImport(created, { items: [], total: 0 }));
      } catch (error) {
        const code = uploadErrorCode(error);
        if (!code) throw error;
        if (code === "tooLarge") throw new HttpProblem(413, "Content Too Large", en.file_tooLarge);
        const detail = en[`file_${code}` as DirectoryKey].replace(
          "{columns}",
          error instanceof ImportFileError ? error.missing.join(", ") : "",
        );
        throw badRequest(detail);
      }
    },
  );

  api.get(
    "/imports",
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Recent imports, newest first (national administrators)",
        response: {
          200: Type.Object({ items: Type.Array(Type.Omit(ImportOut, ["errors", "errorsTotal"])) }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => {
      const items = await listImports(api.db);
      return {
        items: items.map((i) => {
          const { errors: _e, errorsTotal: _t, ...rest } = presentImport(i, { items: [], total: 0 });
          return rest;
        }),
      };
    },
  );

  api.get(
    "/imports/:id",
    {
      config: adminOnly,
      schema: {
        tags,
        summary: "Progress and row-by-row problems of an import",
        params: IdParams,
        response: { 200: ImportOut, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const item = await getImport(api.db, request.params.id);
      if (!item) throw notFound();
      return presentImport(item, await listImportErrors(api.db, item.id, { limit: 1000 }));
    },
  );
}

export async function directoryApi(api: FastifyInstance) {
  await publicApi(api);
  await adminApi(api);
  await api.register(importApi);
}
