import { recordUsage } from "../reach/service";
import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { databaseFileStore } from "../../../platform/files";
import { blobCacheFor } from "../../../platform/files/blob-cache";
import { sendDownload } from "../../../platform/files/serve";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { signedInActor } from "../../../platform/http/access";
import { translator } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import { editFiles, type FilesResource, filesResourceOf, readFiles } from "./access";
import { MoveFields, ResourceFileParams, ResourceFilesParams, UploadFields } from "./contracts";
import { filesCatalog } from "./messages";
import {
  attachUpload,
  discardUpload,
  downloadOf,
  type FileOwner,
  type FileProblem,
  fileHref,
  filesOfResource,
  findResourceFile,
  LibraryFileError,
  megabytes,
  moveFile,
  removeFile,
  type StoredUpload,
  storeUpload,
} from "./service";
import { ManageFilesPage } from "./views/manage-page";

const hidden = { hide: true };

export const ownerOf = (resource: FilesResource): FileOwner => ({
  id: resource.row.id,
  currentVersion: resource.row.currentVersion,
  shelfId: resource.item.id,
});

const isTooLarge = (error: unknown) =>
  !!error && typeof error === "object" && "code" in error && error.code === "FST_REQ_FILE_TOO_LARGE";

export interface PostedUpload {
  fields: FormValues;
  upload?: StoredUpload;
  problem?: FileProblem;
}

/**
 * Reads a multipart upload: plain fields as they come, the file (field `file`) streamed into the
 * store and checked as it passes, in whichever order the parts arrive. A refused file is read to
 * its end (so the answer can be sent) and leaves nothing behind.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<PostedUpload> {
  if (!request.isMultipart()) return { fields: (request.body ?? {}) as FormValues, problem: "missing" };
  const posted: PostedUpload = { fields: {} };
  try {
    for await (const part of request.parts()) {
      if (part.type !== "file") {
        if (typeof part.value === "string") posted.fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== "file" || posted.upload || posted.problem) {
        part.file.resume();
        continue;
      }
      if (!part.filename) {
        // A form sent with no file chosen still has the part, empty.
        part.file.resume();
        posted.problem = "missing";
        continue;
      }
      try {
        posted.upload = await storeUpload(request.server.db, part.file, part.filename, maxBytes);
      } catch (error) {
        part.file.resume();
        if (error instanceof LibraryFileError) posted.problem = error.problem;
        else if (isTooLarge(error)) posted.problem = "tooLarge";
        else throw error;
      }
    }
  } catch (error) {
    if (posted.upload) await discardUpload(request.server.db, posted.upload);
    if (!isTooLarge(error)) throw error;
    return { fields: posted.fields, problem: "tooLarge" };
  }
  if (!posted.upload && !posted.problem) posted.problem = "missing";
  return posted;
}

/** The editor's page of a resource's files and the reader's download. */
export async function filePages(instance: FastifyInstance) {
  const maxMegabytes = instance.config.LIBRARY_MAX_FILE_MB;
  const maxBytes = megabytes(maxMegabytes);
  // Only this plugin takes multipart bodies. The CSRF check of pageRoutes still runs first, reading
  // the token from the form's action URL (the body of a multipart post is a stream).
  await instance.register(multipart, {
    limits: { fileSize: maxBytes + 1, fieldSize: 10_000, files: 1, fields: 10, parts: 12 },
  });
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const store = databaseFileStore(app.db);
  const cache = blobCacheFor(app.config, store);
  const UploadForm = formFieldsOf(UploadFields);

  const manageFilesPage = async (
    reply: FastifyReply,
    { row }: FilesResource,
    form?: { values: FormValues; errors: FieldErrors },
  ) =>
    reply.page(
      <ManageFilesPage
        ctx={reply.pageContext()}
        resource={row}
        files={await filesOfResource(app.db, row.id)}
        maxMegabytes={maxMegabytes}
        href={(file) => fileHref(row.slug, file.id)}
        values={form?.values}
        errors={form?.errors}
      />,
      form ? 400 : 200,
    );

  app.get(
    "/library/:resourceSlug/files",
    { config: { access: editFiles }, schema: { ...hidden, params: ResourceFilesParams } },
    async (request, reply) => manageFilesPage(reply, filesResourceOf(request)),
  );

  app.post(
    "/library/:resourceSlug/files",
    {
      config: { access: editFiles },
      // Url-encoded posts (no file) are described here; a multipart body is a stream read below.
      schema: {
        ...hidden,
        params: ResourceFilesParams,
        body: { content: { "application/x-www-form-urlencoded": { schema: UploadForm } } },
      },
    },
    async (request, reply) => {
      const t = translator(filesCatalog, request.locale);
      const resource = filesResourceOf(request);
      const posted = await readUpload(request, maxBytes);
      const parsed = parseForm(UploadFields, posted.fields);
      const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
      if (posted.problem)
        errors.file = { message: t(`problem_${posted.problem}`, { max: String(maxMegabytes) }) };
      if (!parsed.ok || !posted.upload || Object.keys(errors).length > 0) {
        if (posted.upload) await discardUpload(app.db, posted.upload);
        const { _csrf, ...values } = posted.fields;
        return manageFilesPage(reply, resource, { values, errors });
      }
      const actor = await signedInActor(request);
      const file = await attachUpload(app.db, actor, ownerOf(resource), posted.upload, parsed.value);
      reply.flash("success", t("uploaded", { name: file.fileName }));
      return reply.redirect(`/library/${resource.row.slug}/files`, 303);
    },
  );

  app.post(
    "/library/:resourceSlug/files/:fileId/remove",
    { config: { access: editFiles }, schema: { ...hidden, params: ResourceFileParams, body: ButtonForm } },
    async (request, reply) => {
      const resource = filesResourceOf(request);
      const removed = await removeFile(
        app.db,
        await signedInActor(request),
        ownerOf(resource),
        request.params.fileId,
      );
      if (!removed) throw notFound();
      reply.flash("success", translator(filesCatalog, request.locale)("removed"));
      return reply.redirect(`/library/${resource.row.slug}/files`, 303);
    },
  );

  app.post(
    "/library/:resourceSlug/files/:fileId/move",
    {
      config: { access: editFiles },
      schema: { ...hidden, params: ResourceFileParams, body: formFieldsOf(MoveFields) },
    },
    async (request, reply) => {
      const resource = filesResourceOf(request);
      const parsed = parseForm(MoveFields, request.body);
      if (!(await findResourceFile(app.db, resource.row.id, request.params.fileId))) throw notFound();
      if (!parsed.ok)
        return manageFilesPage(reply, resource, {
          values: {},
          errors: { direction: { message: translator(filesCatalog, request.locale)("moveRefused") } },
        });
      await moveFile(app.db, ownerOf(resource), request.params.fileId, parsed.value.direction);
      reply.flash("success", translator(filesCatalog, request.locale)("moved"));
      return reply.redirect(`/library/${resource.row.slug}/files`, 303);
    },
  );

  app.get(
    "/library/:resourceSlug/files/:fileId",
    { config: { access: readFiles }, schema: { ...hidden, params: ResourceFileParams } },
    async (request, reply) => {
      const { row, item } = filesResourceOf(request);
      const file = await findResourceFile(app.db, row.id, request.params.fileId);
      if (!file) throw notFound();
      if (
        !(await sendDownload(store, request, reply, downloadOf(file, can(null, "library.read", item)), cache))
      )
        throw notFound();
      // A COUNTER "request" (and investigation), counted after the answer is on its way.
      recordUsage(request, { resourceId: row.id, kind: "request" });
      return reply;
    },
  );
}
