import { recordUsage } from "../reach/service";
import type { Readable } from "node:stream";
import multipart from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { databaseFileStore } from "../../../platform/files";
import { blobCacheFor } from "../../../platform/files/blob-cache";
import { sendDownload } from "../../../platform/files/serve";
import { signedInActor } from "../../../platform/http/access";
import { parseForm } from "../../../platform/http/forms";
import { badRequest, notFound } from "../../../platform/http/problem";
import { problemResponses, SingleLine, StringEnum } from "../../../platform/http/schemas";
import { can } from "../../../platform/policy";
import { RESOURCE_LANGUAGES } from "../resources/schema";
import { editFiles, filesResourceOf, readFiles } from "./access";
import {
  FileOrder,
  ResourceFileListResponse,
  ResourceFileParams,
  ResourceFileResponse,
  ResourceFilesParams,
  UploadFields,
} from "./contracts";
import { ownerOf, readUpload } from "./pages";
import {
  attachUpload,
  discardUpload,
  downloadOf,
  type FileProblem,
  filesOfResource,
  findResourceFile,
  LibraryFileError,
  megabytes,
  type ResourceFileRow,
  removeFile,
  reorderFiles,
  type StoredUpload,
  storeUpload,
} from "./service";

const tags = ["library"];

const PROBLEMS: Record<FileProblem, string> = {
  missing: "Send the file in the multipart field `file`, or as the body (application/octet-stream).",
  empty: "The file is empty.",
  tooLarge: "The file is larger than the limit (LIBRARY_MAX_FILE_MB).",
  type: "The file is not a PDF, Word, Excel or PowerPoint document or a PNG, JPEG, GIF or WebP image (told from its content).",
};

const refused = (problem: FileProblem) =>
  badRequest(PROBLEMS[problem], [{ pointer: "/file", detail: `file: ${PROBLEMS[problem]}` }]);

/** The query of a raw upload (the body is the file): fileName and language are then required. */
const RawUploadFields = Type.Object({
  fileName: SingleLine({ maxLength: 500 }),
  language: StringEnum(RESOURCE_LANGUAGES),
  label: Type.Optional(SingleLine({ minLength: 0, maxLength: 200 })),
});
const RawUploadQuery = Type.Partial(RawUploadFields);

const present = (resourceSlug: string, file: ResourceFileRow): Static<typeof ResourceFileResponse> => ({
  id: file.id,
  fileName: file.fileName,
  label: file.label,
  contentType: file.contentType,
  bytes: file.bytes,
  language: file.language,
  version: file.version,
  position: file.position,
  sha256: file.sha256,
  download: `/api/v1/library/resources/${resourceSlug}/files/${file.id}`,
});

const isStream = (body: unknown): body is Readable =>
  !!body && typeof body === "object" && "pipe" in body && typeof body.pipe === "function";

/** /api/v1: a resource's files listed, uploaded, downloaded, removed and put in order. */
export async function fileApi(instance: FastifyInstance) {
  const maxBytes = megabytes(instance.config.LIBRARY_MAX_FILE_MB);
  await instance.register(multipart, {
    limits: { fileSize: maxBytes + 1, fieldSize: 10_000, files: 1, fields: 10, parts: 12 },
  });
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const store = databaseFileStore(app.db);
  const cache = blobCacheFor(app.config, store);
  // A raw upload's body is handed over as a stream and read only up to the limit.
  app.addContentTypeParser("application/octet-stream", (_request, payload, done) => done(null, payload));
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
  const base = "/library/resources/:resourceSlug/files";

  app.get(
    base,
    {
      config: { access: readFiles },
      schema: {
        tags,
        summary: "A library resource's files, in order",
        params: ResourceFilesParams,
        response: { 200: ResourceFileListResponse, ...problemResponses(404) },
      },
    },
    async (request) => {
      const { row } = filesResourceOf(request);
      return { items: (await filesOfResource(app.db, row.id)).map((f) => present(row.slug, f)) };
    },
  );

  app.post(
    base,
    {
      config: { access: editFiles },
      preHandler: csrfForCookieMultipart,
      schema: {
        tags,
        summary:
          "Attach a file: multipart (`file`, `language`, optional `label`) or the bytes as the body (application/octet-stream) with ?fileName=&language=. The type is told from the content; the same bytes are kept once",
        consumes: ["multipart/form-data", "application/octet-stream"],
        params: ResourceFilesParams,
        querystring: RawUploadQuery,
        response: { 201: ResourceFileResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const resource = filesResourceOf(request);
      let upload: StoredUpload | undefined;
      let details: Static<typeof UploadFields>;
      if (request.isMultipart()) {
        const posted = await readUpload(request, maxBytes);
        const parsed = parseForm(UploadFields, posted.fields);
        if (posted.problem || !posted.upload || !parsed.ok) {
          if (posted.upload) await discardUpload(app.db, posted.upload);
          if (posted.problem) throw refused(posted.problem);
          throw badRequest("Name the file's language (en or es); a label has at most 200 characters.", [
            { pointer: "/language", detail: "language must be en or es" },
          ]);
        }
        upload = posted.upload;
        details = parsed.value;
      } else if (isStream(request.body)) {
        const query = parseForm(RawUploadFields, request.query);
        if (!query.ok) {
          request.body.resume();
          throw badRequest("Send ?fileName=&language= (en or es) with the file as the body.");
        }
        try {
          upload = await storeUpload(app.db, request.body, query.value.fileName, maxBytes);
        } catch (error) {
          request.body.resume();
          if (error instanceof LibraryFileError) throw refused(error.problem);
          throw error;
        }
        details = query.value;
      } else throw refused("missing");
      const file = await attachUpload(
        app.db,
        await signedInActor(request),
        ownerOf(resource),
        upload,
        details,
      );
      return reply.status(201).send(present(resource.row.slug, file));
    },
  );

  app.put(
    `${base}/order`,
    {
      config: { access: editFiles },
      schema: {
        tags,
        summary: "Put a resource's files in order: every one of its files' ids, each once",
        params: ResourceFilesParams,
        body: FileOrder,
        response: { 200: ResourceFileListResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const resource = filesResourceOf(request);
      if (!(await reorderFiles(app.db, ownerOf(resource), request.body.fileIds)))
        throw badRequest("Name every file of the resource, each once.", [
          { pointer: "/fileIds", detail: "fileIds must list every file of the resource once" },
        ]);
      const { row } = resource;
      return { items: (await filesOfResource(app.db, row.id)).map((f) => present(row.slug, f)) };
    },
  );

  app.get(
    `${base}/:fileId`,
    {
      config: { access: readFiles },
      schema: {
        tags,
        summary:
          "Download a file: its type, a download name, a strong ETag (its SHA-256; If-None-Match → 304) and single byte ranges (206; 416 when outside the file)",
        params: ResourceFileParams,
        produces: ["application/octet-stream"],
        response: problemResponses(404, 416),
      },
    },
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

  app.delete(
    `${base}/:fileId`,
    {
      config: { access: editFiles },
      schema: {
        tags,
        summary: "Remove a file from a resource (its bytes go too unless another resource uses them)",
        params: ResourceFileParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const resource = filesResourceOf(request);
      if (!(await removeFile(app.db, await signedInActor(request), ownerOf(resource), request.params.fileId)))
        throw notFound();
      return reply.status(204).send(null);
    },
  );
}
