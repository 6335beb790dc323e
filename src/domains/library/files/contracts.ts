import { Type } from "@sinclair/typebox";
import { SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import { RESOURCE_LANGUAGES } from "../resources/schema";

const ResourceSlug = () =>
  Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$", minLength: 3, maxLength: 80 });

export const ResourceFilesParams = Type.Object({ resourceSlug: ResourceSlug() });
export const ResourceFileParams = Type.Object({ resourceSlug: ResourceSlug(), fileId: Uuid() });

/** The upload form's fields besides the file (the same names in the API's multipart body). */
export const UploadFields = Type.Object({
  label: Type.Optional(SingleLine({ minLength: 0, maxLength: 200 })),
  language: StringEnum(RESOURCE_LANGUAGES),
});

export const MoveFields = Type.Object({ direction: StringEnum(["up", "down"] as const) });

export const FileOrder = Type.Object({
  fileIds: Type.Array(Uuid(), { minItems: 1, maxItems: 200, uniqueItems: true }),
});

export const ResourceFileResponse = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  label: Type.String(),
  contentType: Type.String(),
  bytes: Type.Integer(),
  language: Type.String(),
  version: Type.Integer(),
  position: Type.Integer(),
  sha256: Type.String({ description: "SHA-256 of the bytes: the download's strong ETag" }),
  download: Type.String({ description: "Address of the download (Range and If-None-Match honoured)" }),
});
export const ResourceFileListResponse = Type.Object({ items: Type.Array(ResourceFileResponse) });
