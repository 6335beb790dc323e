import multipart from "@fastify/multipart";
import { Type } from "@sinclair/typebox";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type FieldErrors, type FormValues, parseForm } from "../../platform/http/forms";
import { forbidden, notFound } from "../../platform/http/problem";
import { translator } from "../../platform/i18n";
import { type Actor, can } from "../../platform/policy";
import { ORG_KINDS } from "./schema";
import { OrganisationInput, type OrganisationPatchValue } from "./contracts";
import { directoryCatalog, type DirectoryKey } from "./messages";
import { getImport, listImportErrors, listImports, startImport } from "./nces-import";
import { ImportFileError, MAX_UPLOAD_BYTES, saveUpload } from "./nces-upload";
import { createOrganisation, OrganisationRuleError, updateOrganisation } from "./organisation-admin";
import { pageParam } from "./public-pages";
import { getOrganisation, type Organisation, searchOrganisations } from "./service";
import { AdminOrganisationList, OrganisationForm } from "./views/admin-organisations";
import { withQuery } from "./views/common";
import { ERRORS_SHOWN, ImportProgressPage, ImportsPage } from "./views/imports";

/** National administrators only; others are sent to sign in or refused. */
async function adminOrRedirect(request: FastifyRequest, reply: FastifyReply): Promise<Actor | null> {
  if (!request.viewer) {
    reply.redirect(withQuery("/sign-in", { next: request.url }), 303);
    return null;
  }
  const actor = await request.actor();
  if (!can(actor, "admin.manage")) throw forbidden();
  return actor;
}

/** The edit form posts every field: an empty one means "clear it". */
const OrganisationEditForm = Type.Object(
  { ...OrganisationInput.properties, kind: Type.Optional(OrganisationInput.properties.kind) },
  { additionalProperties: false },
);
const DETAIL_ONLY = ["name", "address", "city", "zip", "website", "description"] as const;

function valuesOf(org: Organisation): FormValues {
  const values: FormValues = {};
  for (const key of Object.keys(OrganisationInput.properties)) {
    const v = (org as unknown as Record<string, unknown>)[key];
    if (v !== null && v !== undefined) values[key] = String(v);
  }
  return values;
}

function ruleErrors(request: FastifyRequest, error: OrganisationRuleError): FieldErrors {
  const t = translator(directoryCatalog, request.locale);
  return { [error.field]: { message: t(`rule_${error.code}` as DirectoryKey) } };
}

async function organisationPages(pages: FastifyInstance) {
  const db = pages.db;

  pages.get("/admin/organisations", async (request, reply) => {
    if (!(await adminOrRedirect(request, reply))) return reply;
    const query = request.query as Record<string, string | undefined>;
    const kind = ORG_KINDS.find((k) => k === query.kind);
    const state = typeof query.state === "string" && /^[A-Z]{2}$/.test(query.state) ? query.state : undefined;
    const q = typeof query.q === "string" ? query.q.slice(0, 100) : undefined;
    const result = await searchOrganisations(db, { kind, state, q, page: pageParam(query) });
    return reply.page(
      <AdminOrganisationList ctx={reply.pageContext()} result={result} filters={{ q, kind, state }} />,
    );
  });

  pages.get("/admin/organisations/new", async (request, reply) => {
    if (!(await adminOrRedirect(request, reply))) return reply;
    const query = request.query as Record<string, string | undefined>;
    const values: FormValues = {};
    for (const key of ["kind", "parentId", "stateCode"])
      if (typeof query[key] === "string") values[key] = query[key]!.slice(0, 40);
    return reply.page(
      <OrganisationForm ctx={reply.pageContext()} state={{ locale: request.locale, values }} />,
    );
  });

  pages.post("/admin/organisations", async (request, reply) => {
    const actor = await adminOrRedirect(request, reply);
    if (!actor) return reply;
    const form = parseForm(OrganisationInput, request.body);
    const ctx = () => reply.pageContext();
    if (!form.ok)
      return reply.page(<OrganisationForm ctx={ctx()} state={{ locale: request.locale, ...form }} />, 400);
    try {
      const org = await createOrganisation(db, actor.userId, form.value);
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
  });

  pages.get("/admin/organisations/:id/edit", async (request, reply) => {
    if (!(await adminOrRedirect(request, reply))) return reply;
    const org = await getOrganisation(db, (request.params as { id: string }).id);
    if (!org || org.kind === "nation") throw notFound();
    return reply.page(
      <OrganisationForm
        ctx={reply.pageContext()}
        existing={org}
        state={{ locale: request.locale, values: valuesOf(org) }}
      />,
    );
  });

  pages.post("/admin/organisations/:id", async (request, reply) => {
    const actor = await adminOrRedirect(request, reply);
    if (!actor) return reply;
    const org = await getOrganisation(db, (request.params as { id: string }).id);
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
      await updateOrganisation(db, actor.userId, org.id, patch as OrganisationPatchValue);
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
  });
}

function formValues(body: unknown): FormValues {
  const values: FormValues = {};
  for (const [k, v] of Object.entries((body as Record<string, unknown>) ?? {})) {
    if (k !== "_csrf" && typeof v === "string") values[k] = v;
  }
  return values;
}

async function importPages(pages: FastifyInstance) {
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

  pages.get("/admin/imports", async (request, reply) => {
    if (!(await adminOrRedirect(request, reply))) return reply;
    return renderList(request, reply);
  });

  pages.post("/admin/imports", async (request, reply) => {
    const actor = await adminOrRedirect(request, reply);
    if (!actor) return reply;
    const t = translator(directoryCatalog, request.locale);
    const file = request.isMultipart() ? await request.file() : undefined;
    if (!file?.filename) return renderList(request, reply, t("file_missing"));
    try {
      const saved = await saveUpload(file.file);
      const created = await startImport(db, actor.userId, { ...saved, fileName: file.filename });
      reply.flash("success", t("importQueued"));
      return reply.redirect(`/admin/imports/${created.id}`, 303);
    } catch (error) {
      const code = uploadErrorCode(error);
      if (!code) throw error;
      const missing = error instanceof ImportFileError ? error.missing.join(", ") : "";
      return renderList(request, reply, t(`file_${code}` as DirectoryKey, { columns: missing }));
    }
  });

  pages.get("/admin/imports/:id", async (request, reply) => {
    if (!(await adminOrRedirect(request, reply))) return reply;
    const item = await getImport(db, (request.params as { id: string }).id);
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
  });

  pages.get("/admin/imports/:id/errors.csv", async (request, reply) => {
    if (!(await adminOrRedirect(request, reply))) return reply;
    const item = await getImport(db, (request.params as { id: string }).id);
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
  });
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
