import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { badRequest, HttpProblem } from "../../../platform/http/problem";
import { IdParams, problemResponses } from "../../../platform/http/schemas";
import { loadedOrganisation, organisationInPath, signedInActor } from "../access";
import { ImportInput, YearQuery } from "../api-schemas";
import {
  hasControlCharacters,
  ImportFileTooLarge,
  importProfiles,
  MAX_IMPORT_BYTES,
  readImportFile,
} from "./service";
import { isSchoolYear } from "../responses/service";

const tags = ["measures"];

const isStream = (body: unknown): body is Readable =>
  !!body && typeof body === "object" && "pipe" in body && typeof body.pipe === "function";

/** The CSV and school year of an import request: JSON, a text/csv body, or multipart (`file`). */
async function importRequestInput(
  request: FastifyRequest,
  yearInQuery: string | undefined,
): Promise<{ schoolYear: string; csv: string }> {
  let csv: string | null;
  let schoolYear = yearInQuery ?? "";
  if (request.isMultipart()) {
    csv = null;
    for await (const part of request.parts()) {
      if (part.type === "file") {
        if (part.fieldname === "file" && csv === null) csv = await readImportFile(part.file);
        else part.file.resume();
      } else if (part.fieldname === "schoolYear") schoolYear = String(part.value ?? "");
    }
    if (csv === null) throw badRequest("Send the CSV in the multipart field `file` (UTF-8 text).");
  } else if (isStream(request.body)) {
    csv = await readImportFile(request.body);
    if (csv === null) throw badRequest("The CSV must be UTF-8 text.");
  } else {
    // A JSON body, already validated against ImportInput by its content-type schema.
    const body: unknown = request.body;
    if (!Value.Check(ImportInput, body))
      throw badRequest("Send JSON { schoolYear, csv }, a text/csv body or a multipart file.");
    return { schoolYear: body.schoolYear, csv: body.csv };
  }
  if (hasControlCharacters(csv)) throw badRequest("The CSV contains control characters.");
  return { schoolYear, csv };
}

const isTooLarge = (error: unknown) =>
  error instanceof ImportFileTooLarge ||
  (!!error && typeof error === "object" && "code" in error && error.code === "FST_REQ_FILE_TOO_LARGE");

export async function measuresImportApi(instance: FastifyInstance) {
  await instance.register(multipart, {
    limits: { fileSize: MAX_IMPORT_BYTES, fieldSize: 100, files: 1, fields: 1, parts: 2 },
  });
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  // A text/csv body is handed over as a stream and read only up to MAX_IMPORT_BYTES.
  app.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));
  // Multipart is a form a browser can send cross-site: with a session cookie it needs the CSRF token.
  const csrfForCookieMultipart = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: (err?: Error) => void,
  ) => {
    if (request.isMultipart() && !request.headers.authorization)
      instance.csrfProtection(request, reply, done);
    else done();
  };

  app.post(
    "/organisations/:id/profile-imports",
    {
      preHandler: csrfForCookieMultipart,
      schema: {
        tags,
        summary:
          "Bulk census import for a state: every row checked; all profiles written and submitted, or none. JSON { schoolYear, csv }, a text/csv body with ?schoolYear=, or multipart (field `file`, up to 20 MB, and `schoolYear`)",
        consumes: ["application/json", "text/csv", "multipart/form-data"],
        params: IdParams,
        querystring: YearQuery,
        // Only JSON bodies are described: text/csv and multipart bodies are streams, read by the handler.
        body: { content: { "application/json": { schema: ImportInput } } },
        response: problemResponses(400, 401, 403, 404, 413),
      },
      config: {
        access: { action: "measures.importProfiles", load: organisationInPath(["state"]), refuse: 404 },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const organisation = loadedOrganisation(request);
      let input: { schoolYear: string; csv: string };
      try {
        input = await importRequestInput(request, request.query.schoolYear);
      } catch (error) {
        if (isTooLarge(error))
          throw new HttpProblem(
            413,
            "Content Too Large",
            "The CSV is larger than 20 MB; nothing was imported.",
          );
        throw error;
      }
      if (!isSchoolYear(input.schoolYear)) throw badRequest("schoolYear must look like 2025-26.");
      if (input.csv.trim() === "") throw badRequest("The CSV is empty.");
      const result = await importProfiles(app.db, { actorId: actor.userId, state: organisation, ...input });
      if (!result.ok) {
        throw badRequest(
          `Nothing was imported: ${result.problems.length} problems.`,
          result.problems
            .slice(0, 1000)
            .map((p) => ({ pointer: `/body/csv/line/${p.line}/${p.column}`, detail: p.problem })),
        );
      }
      return reply.status(201).send({ imported: result.imported });
    },
  );
}
