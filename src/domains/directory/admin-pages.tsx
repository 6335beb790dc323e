import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Access } from "../../platform/http/access";
import { type FieldErrors, type FormValues, formFieldsOf, parseForm } from "../../platform/http/forms";
import { notFound } from "../../platform/http/problem";
import { IdParams } from "../../platform/http/schemas";
import { translator } from "../../platform/i18n";
import {
  OrganisationInput,
  OrganisationListQuery,
  type OrganisationPatchValue,
  OrganisationPrefill,
} from "./contracts";
import { directoryCatalog, type DirectoryKey } from "./messages";
import { getImport, listImportErrors, listImports, startImport } from "./nces-import";
import { ImportFileError, MAX_UPLOAD_BYTES, saveUpload } from "./nces-upload";
import { createOrganisation, OrganisationRuleError, updateOrganisation } from "./organisation-admin";
import { getOrganisation, type Organisation, searchOrganisations } from "./service";
import { AdminOrganisationList, OrganisationForm } from "./views/admin-organisations";
import { ERRORS_SHOWN, ImportProgressPage, ImportsPage } from "./views/imports";

/** National administrators only, declared on every route here: others sign in or are refused. */
export const ADMIN_ONLY: Access = { action: "admin.manage" };
const config = { access: ADMIN_ONLY };
const hidden = { hide: true };

/** The signed-in admin acting; only reached once the declared `admin.manage` rule let them in. */
export const adminId = (request: FastifyRequest): string => request.viewer!.id;

/** The edit form posts every field: an empty one means "clear it". */
const OrganisationEditForm = Type.Object(
  { ...OrganisationInput.properties, kind: Type.Optional(OrganisationInput.properties.kind) },
  { additionalProperties: false },
);
const DETAIL_ONLY = ["name", "address", "city", "zip", "website", "description"] as const;

// The forms and filters as a browser sends them; parseForm checks them against the API's schema.
const ListFilters = formFieldsOf(OrganisationListQuery);
const NewFormPrefill = formFieldsOf(OrganisationPrefill);
const CreateForm = formFieldsOf(OrganisationInput);
const EditForm = formFieldsOf(OrganisationEditForm);

function valuesOf(org: Organisation): FormValues {
  const values: FormValues = {};
  for (const key of Object.keys(OrganisationInput.properties)) {
    const v = (org as unknown as Record<string, unknown>)[key];
    if (v !== null && v !== undefined) values[key] = String(v);
  }
  return values;
}

const definedValues = (fields: Record<string, string | undefined>): FormValues =>
  Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));

function ruleErrors(request: FastifyRequest, error: OrganisationRuleError): FieldErrors {
  const t = translator(directoryCatalog, request.locale);
  return { [error.field]: { message: t(`rule_${error.code}` as DirectoryKey) } };
}

async function organisationPages(instance: FastifyInstance) {
  const pages = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = pages.db;

  pages.get(
    "/admin/organisations",
    { config, schema: { ...hidden, querystring: ListFilters } },
    async (request, reply) => {
      const filters = parseForm(OrganisationListQuery, request.query);
      if (!filters.ok) {
        const empty = { items: [], total: 0, page: 1, perPage: 25 };
        const { q, kind, state } = request.query;
        return reply.page(
          <AdminOrganisationList
            ctx={reply.pageContext()}
            result={empty}
            filters={{ q, kind, state }}
            errors={filters.errors}
          />,
          400,
        );
      }
      const result = await searchOrganisations(db, filters.value);
      const { q, kind, state } = filters.value;
      return reply.page(
        <AdminOrganisationList ctx={reply.pageContext()} result={result} filters={{ q, kind, state }} />,
      );
    },
  );

  pages.get(
    "/admin/organisations/new",
    { config, schema: { ...hidden, querystring: NewFormPrefill } },
    async (request, reply) => {
      // A link may fill in the kind, the parent and the state ahead; anything else is shown as a problem.
      const prefill = parseForm(OrganisationPrefill, request.query);
      const state = prefill.ok
        ? { locale: request.locale, values: definedValues(prefill.value) }
        : { locale: request.locale, values: prefill.values, errors: prefill.errors };
      return reply.page(<OrganisationForm ctx={reply.pageContext()} state={state} />, prefill.ok ? 200 : 400);
    },
  );

  pages.post(
    "/admin/organisations",
    { config, schema: { ...hidden, body: CreateForm } },
    async (request, reply) => {
      const form = parseForm(OrganisationInput, request.body);
      const ctx = () => reply.pageContext();
      if (!form.ok)
        return reply.page(<OrganisationForm ctx={ctx()} state={{ locale: request.locale, ...form }} />, 400);
      try {
        const org = await createOrganisation(db, adminId(request), form.value);
        reply.flash("success", translator(directoryCatalog, request.locale)("created", { name: org.name }));
        return reply.redirect(`/organisations/${org.id}`, 303);
      } catch (error) {
        if (!(error instanceof OrganisationRuleError)) throw error;
        const state = {
          locale: request.locale,
          values: formValues(request.body),
          errors: ruleErrors(request, error),
        };
        return reply.page(<OrganisationForm ctx={ctx()} state={state} />, 400);
      }
    },
  );

  pages.get(
    "/admin/organisations/:id/edit",
    { config, schema: { ...hidden, params: IdParams } },
    async (request, reply) => {
      const org = await getOrganisation(db, request.params.id);
      if (!org || org.kind === "nation") throw notFound();
      return reply.page(
        <OrganisationForm
          ctx={reply.pageContext()}
          existing={org}
          state={{ locale: request.locale, values: valuesOf(org) }}
        />,
      );
    },
  );

  pages.post(
    "/admin/organisations/:id",
    { config, schema: { ...hidden, params: IdParams, body: EditForm } },
    async (request, reply) => {
      const org = await getOrganisation(db, request.params.id);
      if (!org || org.kind === "nation") throw notFound();
      const form = parseForm(OrganisationEditForm, request.body);
      if (!form.ok) {
        return reply.page(
          <OrganisationForm
            ctx={reply.pageContext()}
            existing={org}
            state={{ locale: request.locale, ...form }}
          />,
          400,
        );
      }
      const locked = org.kind === "state";
      const fields = locked
        ? DETAIL_ONLY
        : (Object.keys(OrganisationEditForm.properties) as (keyof typeof form.value)[]);
      const patch: Record<string, unknown> = {};
      for (const key of fields) patch[key] = form.value[key as keyof typeof form.value] ?? null;
      if (!patch.kind) delete patch.kind;
      try {
        await updateOrganisation(db, adminId(request), org.id, patch as OrganisationPatchValue);
        reply.flash(
          "success",
          translator(directoryCatalog, request.locale)("saved", { name: String(patch.name) }),
        );
        return reply.redirect(`/organisations/${org.id}`, 303);
      } catch (error) {
        if (!(error instanceof OrganisationRuleError)) throw error;
        const state = {
          locale: request.locale,
          values: formValues(request.body),
          errors: ruleErrors(request, error),
        };
        return reply.page(<OrganisationForm ctx={reply.pageContext()} existing={org} state={state} />, 400);
      }
    },
  );
}

function formValues(body: Record<string, unknown> | undefined): FormValues {
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body ?? {})) {
    if (k !== "_csrf" && typeof v === "string") values[k] = v;
  }
  return values;
}

/** The upload form carries its CSRF token in its action URL: the multipart body is read later. */
const UploadQuery = Type.Object({ _csrf: Type.Optional(Type.String()) });

async function importPages(instance: FastifyInstance) {
  const pages = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = pages.db;
  // Registered here, not app-wide: only this page takes multipart bodies. The CSRF check of
  // pageRoutes still runs first, reading the token from the form's action URL.
  await pages.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2, parts: 3 } });

  const renderList = async (request: FastifyRequest, reply: FastifyReply, message?: string) => {
    const imports = await listImports(db);
    const state = message ? { locale: request.locale, errors: { file: { message } } } : undefined;
    return reply.page(
      <ImportsPage ctx={reply.pageContext()} imports={imports} state={state} />,
      message ? 400 : 200,
    );
  };

  pages.get("/admin/imports", { config, schema: hidden }, async (request, reply) =>
    renderList(request, reply),
  );

  // The body is a multipart file stream, read by request.file(): it has no schema to validate.
  pages.post(
    "/admin/imports",
    { config, schema: { ...hidden, querystring: UploadQuery } },
    async (request, reply) => {
      const t = translator(directoryCatalog, request.locale);
      const file = request.isMultipart() ? await request.file() : undefined;
      if (!file?.filename) return renderList(request, reply, t("file_missing"));
      try {
        const saved = await saveUpload(db, file.file);
        const created = await startImport(db, adminId(request), { ...saved, fileName: file.filename });
        reply.flash("success", t("importQueued"));
        return reply.redirect(`/admin/imports/${created.id}`, 303);
      } catch (error) {
        const code = uploadErrorCode(error);
        if (!code) throw error;
        const missing = error instanceof ImportFileError ? error.missing.join(", ") : "";
        return renderList(request, reply, t(`file_${code}` as DirectoryKey, { columns: missing }));
      }
    },
  );

  pages.get(
    "/admin/imports/:id",
    { config, schema: { ...hidden, params: IdParams } },
    async (request, reply) => {
      const item = await getImport(db, request.params.id);
      if (!item) throw notFound();
      const errors = await listImportErrors(db, item.id, { limit: ERRORS_SHOWN });
      return reply.page(
        <ImportProgressPage
          ctx={reply.pageContext()}
          item={item}
          errors={errors.items}
          errorsTotal={errors.total}
        />,
      );
    },
  );

  pages.get(
    "/admin/imports/:id/errors.csv",
    { config, schema: { ...hidden, params: IdParams } },
    async (request, reply) => {
      const item = await getImport(db, request.params.id);
      if (!item) throw notFound();
      const t = translator(directoryCatalog, request.locale);
      const { items } = await listImportErrors(db, item.id);
      const csv = stringify(
        items.map((e) => [e.line, e.field, e.code, t(`problem_${e.code}` as DirectoryKey), e.value ?? ""]),
        { header: true, columns: ["line", "column", "code", "problem", "value"] },
      );
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="import-${item.id}-problems.csv"`)
        .send(csv);
    },
  );
}

/** Problems with the uploaded file itself, as opposed to a failure on our side. */
export function uploadErrorCode(error: unknown): ImportFileError["code"] | null {
  if (error instanceof ImportFileError) return error.code;
  if ((error as { code?: string })?.code === "FST_REQ_FILE_TOO_LARGE") return "tooLarge";
  return null;
}

export async function adminPages(pages: FastifyInstance) {
  await organisationPages(pages);
  await pages.register(importPages);
}
