import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type FieldErrors, type FormValues, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { IdParams } from "../../../platform/http/schemas";
import { translator } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import type { PageContext } from "../../../platform/ui/context";
import { decideApplication as decideAccess, decideApplications, readApplication, viewerId } from "../access";
import { researchCatalog } from "../messages";
import { ApplicationFields, DecisionFields } from "./schema";
import {
  applicationsByStatus,
  applicationsOf,
  asResource,
  checkChoices,
  checkDecision,
  decideApplication,
  deleteIrbFile,
  findApplication,
  IrbFileError,
  MAX_IRB_FILE_BYTES,
  offeredInstruments,
  offeredSchoolYears,
  openIrbFile,
  storeIrbFile,
  submitApplication,
} from "./service";
import { ApplicationPage, ApplyPage, OverviewPage, ReviewListPage, ReviewPage } from "./views";

const ApplicationForm = formFieldsOf(ApplicationFields);
const DecisionForm = formFieldsOf(DecisionFields);
const hidden = { hide: true };

interface Posted {
  fields: FormValues;
  irb?: { fileId: string; fileName: string };
  fileProblem?: IrbFileError["problem"];
}

const isTooLarge = (error: unknown) =>
  !!error && typeof error === "object" && "code" in error && error.code === "FST_REQ_FILE_TOO_LARGE";

/**
 * The application form, sent as multipart (with the IRB letter) or url-encoded (a browser without
 * the file input, or a form posted without a file). The letter is streamed into the file store as
 * it arrives; a refused letter leaves nothing behind.
 */
async function readPosted(request: FastifyRequest): Promise<Posted> {
  if (!request.isMultipart()) return { fields: (request.body ?? {}) as FormValues };
  const posted: Posted = { fields: {} };
  const add = (name: string, value: string) => {
    const before = posted.fields[name];
    posted.fields[name] =
      before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  };
  for await (const part of request.parts()) {
    if (part.type === "file") {
      if (part.fieldname !== "irbFile" || !part.filename || posted.irb || posted.fileProblem) {
        part.file.resume();
        continue;
      }
      try {
        posted.irb = await storeIrbFile(request.server.db, part.file, part.filename);
      } catch (error) {
        part.file.resume();
        if (error instanceof IrbFileError) posted.fileProblem = error.problem;
        else if (isTooLarge(error)) posted.fileProblem = "tooLarge";
        else throw error;
      }
    } else if (typeof part.value === "string") add(part.fieldname, part.value);
  }
  return posted;
}

const FILE_MESSAGES = { type: "irbFileType", tooLarge: "irbFileTooLarge", empty: "irbFileEmpty" } as const;

/** The researcher's pages: overview, apply, an application with its files. */
export async function applicationPages(instance: FastifyInstance) {
  // Only this plugin takes multipart bodies. The CSRF check of pageRoutes still runs first, reading
  // the token from the form's action URL (the body of a multipart post is a stream).
  await instance.register(multipart, {
    limits: { fileSize: MAX_IRB_FILE_BYTES + 1, fieldSize: 100_000, files: 1, fields: 40, parts: 42 },
  });
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/research", { config: { access: "signedIn" }, schema: hidden }, async (request, reply) => {
    const applications = await applicationsOf(app.db, viewerId(request));
    return reply.page(<OverviewPage ctx={reply.pageContext()} applications={applications} />);
  });

  const applyPage = async (ctx: PageContext, values?: FormValues, errors?: FieldErrors) => (
    <ApplyPage
      ctx={ctx}
      instruments={await offeredInstruments(app.db)}
      years={offeredSchoolYears()}
      values={values}
      errors={errors}
    />
  );

  app.get("/research/apply", { config: { access: "signedIn" }, schema: hidden }, async (_request, reply) =>
    reply.page(await applyPage(reply.pageContext())),
  );

  app.post(
    "/research/apply",
    {
      config: { access: "signedIn" },
      // Url-encoded posts are described here; a multipart body is a stream read below.
      schema: {
        ...hidden,
        body: { content: { "application/x-www-form-urlencoded": { schema: ApplicationForm } } },
      },
    },
    async (request, reply) => {
      const t = translator(researchCatalog, request.locale);
      let posted: Posted;
      try {
        posted = await readPosted(request);
      } catch (error) {
        if (!isTooLarge(error)) throw error;
        posted = { fields: {}, fileProblem: "tooLarge" };
      }
      const parsed = parseForm(ApplicationFields, posted.fields);
      const errors: FieldErrors = parsed.ok ? await checkChoices(app.db, parsed.value) : { ...parsed.errors };
      if (posted.fileProblem) errors.irbFile = { message: t(FILE_MESSAGES[posted.fileProblem]) };
      else if (!posted.irb) errors.irbFile = { message: t("irbFileMissing") };
      if (!parsed.ok || Object.keys(errors).length > 0) {
        if (posted.irb) await deleteIrbFile(app.db, posted.irb.fileId);
        const { _csrf, ...values } = posted.fields;
        return reply.page(await applyPage(reply.pageContext(), values, errors), 400);
      }
      const application = await submitApplication(app.db, viewerId(request), parsed.value, posted.irb!);
      reply.flash("success", t("applied"));
      return reply.redirect(`/research/applications/${application.id}`, 303);
    },
  );

  app.get(
    "/research/applications/:id",
    { config: { access: readApplication }, schema: { ...hidden, params: IdParams } },
    async (request, reply) => {
      const application = await findApplication(app.db, request.params.id);
      if (!application) throw notFound();
      const actor = await request.actor();
      return reply.page(
        <ApplicationPage
          ctx={reply.pageContext()}
          application={application}
          instruments={await offeredInstruments(app.db)}
          mayDownload={can(actor, "research.download", asResource(application))}
        />,
      );
    },
  );

  app.get(
    "/research/applications/:id/irb-letter",
    { config: { access: readApplication }, schema: { ...hidden, params: IdParams } },
    async (request, reply) => {
      const application = await findApplication(app.db, request.params.id);
      const stream = application?.irbFileId ? await openIrbFile(app.db, application.irbFileId) : null;
      if (!application || !stream) throw notFound();
      const name = application.irbFileName.replace(/[^A-Za-z0-9._-]+/g, "_");
      const type = /\.pdf$/i.test(name)
        ? "application/pdf"
        : /\.png$/i.test(name)
          ? "image/png"
          : "image/jpeg";
      return reply
        .header("content-type", type)
        .header("content-disposition", `attachment; filename="${name}"`)
        .header("cache-control", "private, no-store")
        .send(stream);
    },
  );
}

/** The national admin's pages: applications waiting, recent decisions, one application with its decision form. */
export async function reviewPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/admin/research",
    { config: { access: decideApplications }, schema: hidden },
    async (_request, reply) => {
      const [pending, decided] = await Promise.all([
        applicationsByStatus(app.db, "pending"),
        applicationsByStatus(app.db, "decided", 50),
      ]);
      return reply.page(<ReviewListPage ctx={reply.pageContext()} pending={pending} decided={decided} />);
    },
  );

  const reviewPage = async (ctx: PageContext, id: string, values?: FormValues, errors?: FieldErrors) => {
    const application = await findApplication(app.db, id);
    if (!application) throw notFound();
    return (
      <ReviewPage
        ctx={ctx}
        application={application}
        instruments={await offeredInstruments(app.db)}
        values={values}
        errors={errors}
      />
    );
  };

  app.get(
    "/admin/research/:id",
    { config: { access: decideAccess }, schema: { ...hidden, params: IdParams } },
    async (request, reply) => reply.page(await reviewPage(reply.pageContext(), request.params.id)),
  );

  app.post(
    "/admin/research/:id/decision",
    { config: { access: decideAccess }, schema: { ...hidden, params: IdParams, body: DecisionForm } },
    async (request, reply) => {
      const { id } = request.params;
      const parsed = parseForm(DecisionFields, request.body);
      const checked = parsed.ok ? checkDecision(parsed.value) : parsed;
      if (!checked.ok) {
        const { _csrf, ...values } = (request.body ?? {}) as FormValues;
        return reply.page(await reviewPage(reply.pageContext(), id, values, checked.errors), 400);
      }
      const decided = await decideApplication(
        app.db,
        viewerId(request),
        id,
        checked.value,
        app.config.publicUrl,
      );
      if (!decided) throw notFound();
      reply.flash("success", translator(researchCatalog, request.locale)("decided"));
      return reply.redirect(`/admin/research/${id}`, 303);
    },
  );
}
