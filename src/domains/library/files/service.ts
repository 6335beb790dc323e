import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { databaseFileStore, FileTooLarge } from "../../../platform/files";
import { ContentSniffer, type FileKind } from "../../../platform/files/content-type";
import { safeFileName } from "../../../platform/files/file-name";
import type { Download } from "../../../platform/files/serve";
import type { Actor } from "../../../platform/policy";
import type { ResourceLanguage } from "../resources/schema";
import {
  deleteResourceFile,
  fileOfResource,
  filesOfResource,
  insertResourceFile,
  type ResourceFileRow,
  renumberFiles,
} from "./repo";

export type { ResourceFileRow } from "./repo";
export { filesOfResource } from "./repo";
export { ResourceFilesList } from "./views/files-list";

/** The purpose library files carry in the file store (platform/files). */
export const LIBRARY_FILE_PURPOSE = "library.file";

export const megabytes = (mb: number) => mb * 1024 * 1024;

/** Why an upload was refused: each has its message by the file field. */
export type FileProblem = "missing" | "empty" | "tooLarge" | "type";

export class LibraryFileError extends Error {
  constructor(readonly problem: FileProblem) {
    super(problem);
  }
}

/** The resource a file is attached to, as this capability needs it. */
export interface FileOwner {
  id: string;
  currentVersion: number;
  /** The shelf's id, for the audit trail's scope. */
  shelfId: string;
}

/** An upload kept in the store, its kind told from its content, not yet attached to a resource. */
export interface StoredUpload {
  blobId: string;
  bytes: number;
  sha256: string;
  kind: FileKind;
  /** The safe download name, its extension the content's. */
  fileName: string;
}

/**
 * Streams an upload into the store, telling its type from the content as it passes. A file
 * refused (empty, over `maxBytes`, not a PDF, Office document or image) leaves nothing behind;
 * bytes already kept (the same file uploaded before) are not kept again.
 */
export async function storeUpload(
  db: Db,
  stream: AsyncIterable<Uint8Array | string>,
  rawName: string,
  maxBytes: number,
): Promise<StoredUpload> {
  const sniffer = new ContentSniffer();
  let kind: FileKind | null = null;
  try {
    const blob = await databaseFileStore(db).putByContent(stream, {
      purpose: LIBRARY_FILE_PURPOSE,
      maxBytes,
      observe: (piece) => sniffer.push(piece),
      accept: (bytes) => {
        if (bytes === 0) throw new LibraryFileError("empty");
        kind = sniffer.result();
        if (!kind) throw new LibraryFileError("type");
      },
    });
    // Set by `accept`, which ran (and passed) before the store returned.
    const known = kind as unknown as FileKind;
    return {
      blobId: blob.id,
      bytes: blob.bytes,
      sha256: blob.sha256,
      kind: known,
      fileName: safeFileName(rawName, known),
    };
  } catch (error) {
    if (error instanceof FileTooLarge) throw new LibraryFileError("tooLarge");
    throw error;
  }
}

/** Drops a stored upload that will not be attached (its bytes stay if a resource uses them). */
export async function discardUpload(db: Db, upload: StoredUpload): Promise<void> {
  await databaseFileStore(db).delete(upload.blobId);
}

export interface FileDetails {
  label?: string;
  language: ResourceLanguage;
}

/** Attaches a stored upload to the resource, last in its order, with the audit trail. */
export async function attachUpload(
  db: Db,
  actor: Actor,
  owner: FileOwner,
  upload: StoredUpload,
  details: FileDetails,
): Promise<ResourceFileRow> {
  try {
    const id = await db.transaction(async (tx) => {
      const fileId = await insertResourceFile(tx, {
        resourceId: owner.id,
        version: owner.currentVersion,
        storedFileId: upload.blobId,
        fileName: upload.fileName,
        contentType: upload.kind.contentType,
        bytes: upload.bytes,
        label: details.label?.trim() ?? "",
        language: details.language,
        uploadedBy: actor.userId,
      });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "library.file.add",
        entityType: "library_resource",
        entityId: owner.id,
        scopeId: owner.shelfId,
        after: { fileId, fileName: upload.fileName, bytes: upload.bytes, sha256: upload.sha256 },
      });
      return fileId;
    });
    return (await fileOfResource(db, owner.id, id))!;
  } catch (error) {
    await discardUpload(db, upload);
    throw error;
  }
}

/** Stores and attaches in one step (the API's raw uploads, the demo, the benchmark). */
export async function attachFile(
  db: Db,
  actor: Actor,
  owner: FileOwner,
  file: { stream: AsyncIterable<Uint8Array | string>; fileName: string; maxBytes: number } & FileDetails,
): Promise<ResourceFileRow> {
  const upload = await storeUpload(db, file.stream, file.fileName, file.maxBytes);
  return attachUpload(db, actor, owner, upload, file);
}

/** Detaches a file; its bytes go too unless another resource's file shares them. */
export async function removeFile(db: Db, actor: Actor, owner: FileOwner, fileId: string): Promise<boolean> {
  const removed = await db.transaction(async (tx) => {
    const row = await deleteResourceFile(tx, owner.id, fileId);
    if (!row) return null;
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "library.file.remove",
      entityType: "library_resource",
      entityId: owner.id,
      scopeId: owner.shelfId,
      before: { fileId },
    });
    return row;
  });
  if (!removed) return false;
  await databaseFileStore(db).delete(removed.storedFileId);
  return true;
}

/** Moves a file one place up or down in the resource's order. */
export async function moveFile(db: Db, owner: FileOwner, fileId: string, direction: "up" | "down") {
  await db.transaction(async (tx) => {
    const ids = (await filesOfResource(tx, owner.id)).map((f) => f.id);
    const at = ids.indexOf(fileId);
    const to = direction === "up" ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= ids.length) return;
    [ids[at], ids[to]] = [ids[to]!, ids[at]!];
    await renumberFiles(tx, owner.id, ids);
  });
}

/** Puts the resource's files in the order given: every one of its files, each once (else false). */
export async function reorderFiles(db: Db, owner: FileOwner, orderedIds: string[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ids = new Set((await filesOfResource(tx, owner.id)).map((f) => f.id));
    if (orderedIds.length !== ids.size || new Set(orderedIds).size !== ids.size) return false;
    if (!orderedIds.every((id) => ids.has(id))) return false;
    await renumberFiles(tx, owner.id, orderedIds);
    return true;
  });
}

export const findResourceFile = (db: DbOrTx, resourceId: string, fileId: string) =>
  fileOfResource(db, resourceId, fileId);

/**
 * How a file is sent. Caches may keep it but ask each time (a 304 costs nothing), so every
 * download reaches the server and is counted; a file not open to everyone stays out of shared caches.
 */
export function downloadOf(file: ResourceFileRow, openToEveryone: boolean): Download {
  return {
    fileId: file.storedFileId,
    sha256: file.sha256,
    bytes: file.bytes,
    contentType: file.contentType,
    downloadName: file.fileName,
    cacheControl: openToEveryone ? "public, no-cache" : "private, no-cache",
  };
}

/** The address of a file's download. */
export const fileHref = (resourceSlug: string, fileId: string) =>
  `/library/${encodeURIComponent(resourceSlug)}/files/${fileId}`;
