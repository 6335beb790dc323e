import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Access } from "../../../platform/http/access";
import { IdParams } from "../../../platform/http/schemas";
import { translator } from "../../../platform/i18n";
import { loadedOrganisation, organisationInPath, signedInActor } from "../access";
import { ImportForm } from "../api-schemas";
import {
  hasControlCharacters,
  ImportFileTooLarge,
  type ImportResult,
  importProfiles,
  MAX_IMPORT_BYTES,
  readImportFile,
} from "./service";
import { measuresCatalog } from "../messages";
import { isSchoolYear, previousSchoolYear, schoolYearOf } from "../responses/service";
import { ImportPage } from "./views/import-page";

function importYears() {
  const current = schoolYearOf(new Date());
  return [current, previousSchoolYear(current), previousSchoolYear(previousSchoolYear(current))];
}

type Posted = { schoolYear: string; csv: string; file: string | null | undefined };

/**
 * The import form, sent either as multipart (a chosen file, or the pasted text) or url-encoded
 * (pasted text only). A chosen file wins over pasted text. Throws ImportFileTooLarge.
 */
async function readPosted(request: FastifyRequest): Promise<Posted> {
  if (!request.isMultipart()) {
    const body: unknown = request.body ?? {};
    const form = Value.Check(ImportForm, body) ? body : {};
    return { schoolYear: form.schoolYear ?? "", csv: form.csv ?? "", file: undefined };
  }
  const posted: Posted = { schoolYear: "", csv: "", file: undefined };
  for await (const part of request.parts()) {
    if (part.type === "file") {
      if (part.fieldname === "file" && part.filename) posted.file = await readImportFile(part.file);
      else part.file.resume();
    } else if (part.fieldname === "schoolYear" || part.fieldname === "csv") {
      if (part.valueTruncated) throw new ImportFileTooLarge();
      posted[part.fieldname] = String(part.value ?? "");
    }
  }
  return posted;
}

/** The state's leads (and admins) import; anyone else is told there is no such page. */
const importInState: Access = {
  action: "measures.importProfiles",
  load: organisationInPath(["state"]),
  refuse: 404,
};

/** A state's bulk census import page: upload a CSV file or paste its text; all rows or none. */
export async function importPages(instance: FastifyInstance) {
  // Only this page takes multipart bodies. The CSRF check of pageRoutes still runs first, reading
  // the token from the form's action URL (the body of a multipart post is a stream).
  await instance.register(multipart, {
    limits: { fileSize: MAX_IMPORT_BYTES, fieldSize: 1_000_000, files: 1, fields: 3, parts: 4 },
  });
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/measures/dashboards/state/:id/import",
    { schema: { params: IdParams }, config: { access: importInState } },
    async (request, reply) => {
      const organisation = loadedOrganisation(request);
      const years = importYears();
      return reply.page(
        <ImportPage
          ctx={reply.pageContext()}
          state={organisation}
          years={years}
          values={{ schoolYear: years[0]!, csv: "" }}
        />,
      );
    },
  );

  app.post(
    "/measures/dashboards/state/:id/import",
    {
      // Pasted text comes url-encoded and is described here; a multipart body is a stream read below.
      schema: {
        params: IdParams,
        body: { content: { "application/x-www-form-urlencoded": { schema: ImportForm } } },
      },
      config: { access: importInState },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const organisation = loadedOrganisation(request);
      const years = importYears();
      let posted: Posted;
      try {
        posted = await readPosted(request);
      } catch (error) {
        const tooLarge =
          error instanceof ImportFileTooLarge ||
          (!!error &&
            typeof error === "object" &&
            "code" in error &&
            error.code === "FST_REQ_FILE_TOO_LARGE");
        if (!tooLarge) throw error;
        const t = translator(measuresCatalog, request.locale);
        const page = (
          <ImportPage
            ctx={reply.pageContext()}
            state={organisation}
            years={years}
            values={{ schoolYear: "", csv: "" }}
            fileError={t("importTooLarge")}
          />
        );
        return reply.page(page, 413);
      }
      // A chosen file is read whole (up to the limit); pasted text keeps the page's 1 MB field limit.
      const csv =
        posted.file ?? (posted.file === null ? null : posted.csv.length <= 1_000_000 ? posted.csv : null);
      const values = {
        schoolYear: posted.schoolYear,
        csv: posted.file === undefined ? posted.csv.slice(0, 1_000_000) : "",
      };
      const result: ImportResult =
        !isSchoolYear(posted.schoolYear) || csv === null || hasControlCharacters(csv)
          ? { ok: false, problems: [{ line: 1, column: "", problem: "unreadable" }] }
          : csv.trim() === ""
            ? { ok: false, problems: [{ line: 1, column: "", problem: "empty" }] }
            : await importProfiles(app.db, {
                actorId: actor.userId,
                state: organisation,
                schoolYear: posted.schoolYear,
                csv,
              });
      if (!result.ok) {
        return reply.page(
          <ImportPage
            ctx={reply.pageContext()}
            state={organisation}
            years={years}
            values={values}
            problems={[...result.problems]}
          />,
          400,
        );
      }
      reply.flash(
        "success",
        translator(measuresCatalog, request.locale)("importDone", { n: result.imported }),
      );
      return reply.redirect(`/measures/dashboards/state/${organisation.id}?year=${posted.schoolYear}`, 303);
    },
  );
}
