import { parse } from "csv-parse";
import { asc, desc, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit";
import type { Db, DbOrTx } from "../../platform/db/client";
import { enqueueJob } from "../../platform/jobs";
import {
  flushBatch,
  loadDistricts,
  loadStates,
  MAX_STORED_ERRORS,
  type RunState,
  tidySearchIndexes,
} from "./nces-batch";
import { type NcesSchoolRow, parseNcesRecord, type RowProblem } from "./nces-row";
import { deleteUpload, ImportFileError, openUpload, readHeader } from "./nces-upload";
import { directoryImportErrors, directoryImports } from "./schema";

export const IMPORT_JOB = "directory.importNces";
export const BATCH_SIZE = 1000;

export type DirectoryImport = typeof directoryImports.$inferSelect;
export type DirectoryImportError = typeof directoryImportErrors.$inferSelect;

/**
 * Accepts a saved upload: checks its header, then records the import and queues its processing
 * in one transaction. A file that fails the check leaves no row behind.
 */
export async function startImport(
  db: Db,
  actorId: string,
  upload: { fileId: string; bytes: number; fileName: string },
): Promise<DirectoryImport> {
  try {
    if (upload.bytes === 0) throw new ImportFileError("empty");
    await readHeader(db, upload.fileId);
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(directoryImports)
        .values({
          fileName: upload.fileName.slice(0, 200) || "upload.csv",
          fileBytes: upload.bytes,
          createdBy: actorId,
        })
        .returning();
      await enqueueJob(tx, IMPORT_JOB, { importId: created!.id, fileId: upload.fileId });
      return created!;
    });
  } catch (error) {
    await deleteUpload(db, upload.fileId).catch(() => {});
    throw error;
  }
}

/**
 * Reads the saved file row by row and writes it in batches. Safe to run again: it starts over.
 * The file is deleted from the store once the import has finished, done or failed.
 */
export async function runImport(db: Db, importId: string, fileId: string): Promise<void> {
  const [found] = await db.select().from(directoryImports).where(eq(directoryImports.id, importId));
  if (!found || found.status === "done") return;
  await db.transaction(async (tx) => {
    await tx.delete(directoryImportErrors).where(eq(directoryImportErrors.importId, importId));
    await tx
      .update(directoryImports)
      .set({
        status: "running",
        startedAt: new Date(),
        rowsSeen: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        failed: 0,
        districtsInserted: 0,
        districtsUpdated: 0,
        bytesRead: 0,
        errorMessage: null,
      })
      .where(eq(directoryImports.id, importId));
  });
  try {
    const columns = await readHeader(db, fileId);
    const state: RunState = {
      importId,
      columns,
      states: await loadStates(db),
      districts: await loadDistricts(db),
      touched: new Set(),
      seen: new Set(),
      storedErrors: 0,
    };
    const parser = (await openUpload(db, fileId)).pipe(
      parse({
        bom: true,
        columns: (header: string[]) => header.map((h) => h.trim().toUpperCase()),
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
      }),
    );
    let rows: NcesSchoolRow[] = [];
    let problems: RowProblem[] = [];
    let seen = 0;
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      seen++;
      const parsed = parseNcesRecord(record, columns, info.lines);
      problems.push(...parsed.problems);
      if (parsed.row) {
        if (state.seen.has(parsed.row.ncesId)) {
          problems.push({
            line: info.lines,
            field: columns.ncesId!,
            code: "duplicate",
            value: parsed.row.ncesId,
          });
        } else {
          state.seen.add(parsed.row.ncesId);
          rows.push(parsed.row);
        }
      }
      if (seen >= BATCH_SIZE) {
        await flushBatch(db, state, rows, problems, seen, parser.info.bytes);
        rows = [];
        problems = [];
        seen = 0;
      }
    }
    await flushBatch(db, state, rows, problems, seen, parser.info.bytes);
    await tidySearchIndexes(db);
    await db.transaction(async (tx) => {
      const [done] = await tx
        .update(directoryImports)
        .set({ status: "done", finishedAt: new Date() })
        .where(eq(directoryImports.id, importId))
        .returning();
      await recordAudit(tx, {
        actorId: done!.createdBy,
        action: "directory.import",
        entityType: "import",
        entityId: importId,
        after: importCounts(done!),
      });
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Batches already written stay (each row is whole); the audit entry records how far it got.
    await db.transaction(async (tx) => {
      const [stopped] = await tx
        .update(directoryImports)
        .set({ status: "failed", finishedAt: new Date(), errorMessage: message.slice(0, 1000) })
        .where(eq(directoryImports.id, importId))
        .returning();
      await recordAudit(tx, {
        actorId: stopped!.createdBy,
        action: "directory.import",
        entityType: "import",
        entityId: importId,
        after: { ...importCounts(stopped!), status: "failed", errorMessage: stopped!.errorMessage },
      });
    });
  } finally {
    await deleteUpload(db, fileId).catch(() => {});
  }
}

export function importCounts(i: DirectoryImport) {
  return {
    fileName: i.fileName,
    rowsSeen: i.rowsSeen,
    inserted: i.inserted,
    updated: i.updated,
    unchanged: i.unchanged,
    failed: i.failed,
    districtsInserted: i.districtsInserted,
    districtsUpdated: i.districtsUpdated,
  };
}

export const importJobHandlers = {
  [IMPORT_JOB]: async (payload: unknown, ctx: { db: Db }) => {
    // A job queued before uploads moved into the database names a path instead: its file is
    // gone, and the import is marked failed with "upload it again".
    const { importId, fileId } = payload as { importId: string; fileId?: string };
    await runImport(ctx.db, importId, typeof fileId === "string" ? fileId : "");
  },
};

export async function getImport(db: DbOrTx, id: string): Promise<DirectoryImport | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [found] = await db.select().from(directoryImports).where(eq(directoryImports.id, id));
  return found ?? null;
}

export async function listImports(db: DbOrTx, limit = 50): Promise<DirectoryImport[]> {
  return db.select().from(directoryImports).orderBy(desc(directoryImports.createdAt)).limit(limit);
}

export async function listImportErrors(
  db: DbOrTx,
  importId: string,
  options: { limit?: number; offset?: number } = {},
): Promise<{ items: DirectoryImportError[]; total: number }> {
  const [items, [counted]] = await Promise.all([
    db
      .select()
      .from(directoryImportErrors)
      .where(eq(directoryImportErrors.importId, importId))
      .orderBy(asc(directoryImportErrors.line), asc(directoryImportErrors.id))
      .limit(options.limit ?? MAX_STORED_ERRORS)
      .offset(options.offset ?? 0),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(directoryImportErrors)
      .where(eq(directoryImportErrors.importId, importId)),
  ]);
  return { items, total: counted?.n ?? 0 };
}
