import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit";
import type { Db, DbOrTx, Tx } from "../../platform/db/client";
import { enqueueJob } from "../../platform/jobs";
import { type ColumnMap, mapColumns, type NcesSchoolRow, parseNcesRecord, type RowProblem } from "./nces-row";
import { directoryImportErrors, directoryImports, organisations } from "./schema";

export const IMPORT_JOB = "directory.importNces";
export const BATCH_SIZE = 1000;
/** Past this many stored problems an import keeps counting failures but stops listing them. */
export const MAX_STORED_ERRORS = 10_000;
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

export type DirectoryImport = typeof directoryImports.$inferSelect;
export type DirectoryImportError = typeof directoryImportErrors.$inferSelect;

/** A file that cannot be imported at all; nothing has been written when this is thrown. */
export class ImportFileError extends Error {
  constructor(
    public code: "empty" | "tooLarge" | "columnsMissing" | "notCsv",
    public missing: string[] = [],
  ) {
    super(code === "columnsMissing" ? `Missing columns: ${missing.join(", ")}` : code);
  }
}

const uploadDir = () => join(tmpdir(), "smh-commons-imports");

/** Streams an upload to a private temporary file, stopping at the size limit. Memory stays flat. */
export async function saveUpload(source: Readable, maxBytes = MAX_UPLOAD_BYTES): Promise<{ path: string; bytes: number }> {
  await mkdir(uploadDir(), { recursive: true, mode: 0o700 });
  const path = join(uploadDir(), `${randomUUID()}.csv`);
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new ImportFileError("tooLarge"));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(source, limiter, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await unlink(path).catch(() => {});
    throw error;
  }
  return { path, bytes };
}

/** Reads only the header line and checks the columns the import needs. */
export async function readHeader(path: string): Promise<ColumnMap> {
  const parser = createReadStream(path).pipe(parse({ bom: true, to_line: 1, relax_column_count: true }));
  let header: string[] | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      header = record;
      break;
    }
  } catch {
    throw new ImportFileError("notCsv");
  }
  if (!header || header.every((h) => !h.trim())) throw new ImportFileError("empty");
  const { map, missing } = mapColumns(header);
  if (missing.length > 0) throw new ImportFileError("columnsMissing", missing);
  return map;
}

/**
 * Accepts a saved upload: checks its header, then records the import and queues its processing
 * in one transaction. A file that fails the check leaves no row behind.
 */
export async function startImport(
  db: Db,
  actorId: string,
  upload: { path: string; bytes: number; fileName: string },
): Promise<DirectoryImport> {
  try {
    if (upload.bytes === 0) throw new ImportFileError("empty");
    await readHeader(upload.path);
    return await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(directoryImports)
        .values({ fileName: upload.fileName.slice(0, 200) || "upload.csv", fileBytes: upload.bytes, createdBy: actorId })
        .returning();
      await enqueueJob(tx, IMPORT_JOB, { importId: created!.id, path: upload.path });
      return created!;
    });
  } catch (error) {
    await unlink(upload.path).catch(() => {});
    throw error;
  }
}

interface DistrictRef {
  id: string;
  ancestorIds: string[];
}

interface RunState {
  importId: string;
  columns: ColumnMap;
  states: Map<string, DistrictRef>;
  districts: Map<string, DistrictRef>;
  seen: Set<string>;
  storedErrors: number;
}

/** Districts of a batch that are not yet known: upserted by LEAID under their state. */
async function upsertDistricts(tx: Tx, state: RunState, rows: NcesSchoolRow[]) {
  const pending = new Map<string, NcesSchoolRow>();
  for (const row of rows) if (!state.districts.has(row.leaId) && !pending.has(row.leaId)) pending.set(row.leaId, row);
  if (pending.size === 0) return { inserted: 0, updated: 0 };
  const values = [...pending.values()].map((row) => {
    const parent = state.states.get(row.stateCode)!;
    return {
      kind: "district" as const,
      name: row.leaName,
      ncesId: row.leaId,
      stateCode: row.stateCode,
      parentId: parent.id,
      ancestorIds: [...parent.ancestorIds, parent.id],
    };
  });
  const changed = await tx
    .insert(organisations)
    .values(values)
    .onConflictDoUpdate({
      target: [organisations.kind, organisations.ncesId],
      set: {
        name: sql`excluded.name`,
        stateCode: sql`excluded.state_code`,
        parentId: sql`excluded.parent_id`,
        ancestorIds: sql`excluded.ancestor_ids`,
        updatedAt: sql`now()`,
      },
      setWhere: sql.raw(
        `("organisations"."name", "organisations"."state_code", "organisations"."parent_id", "organisations"."ancestor_ids")
         is distinct from (excluded.name, excluded.state_code, excluded.parent_id, excluded.ancestor_ids)`,
      ),
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  const known = await tx
    .select({ id: organisations.id, ncesId: organisations.ncesId, ancestorIds: organisations.ancestorIds })
    .from(organisations)
    .where(and(eq(organisations.kind, "district"), inArray(organisations.ncesId, [...pending.keys()])));
  for (const d of known) state.districts.set(d.ncesId!, { id: d.id, ancestorIds: d.ancestorIds });
  const inserted = changed.filter((c) => c.inserted).length;
  return { inserted, updated: changed.length - inserted };
}

const SCHOOL_COLUMNS = [
  "name",
  "parent_id",
  "ancestor_ids",
  "state_code",
  "address",
  "city",
  "zip",
  "grade_low",
  "grade_high",
  "locale_code",
  "enrollment",
] as const;
const schoolChanged = sql.raw(
  `(${SCHOOL_COLUMNS.map((c) => `"organisations"."${c}"`).join(", ")}) is distinct from (${SCHOOL_COLUMNS.map((c) => `excluded.${c}`).join(", ")})`,
);

/** Schools upserted by NCES ID in one statement; rows that would not change are left alone. */
async function upsertSchools(tx: Tx, state: RunState, rows: NcesSchoolRow[]) {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const values = rows.map((row) => {
    const district = state.districts.get(row.leaId)!;
    return {
      kind: "school" as const,
      name: row.name,
      ncesId: row.ncesId,
      stateCode: row.stateCode,
      parentId: district.id,
      ancestorIds: [...district.ancestorIds, district.id],
      address: row.address,
      city: row.city,
      zip: row.zip,
      gradeLow: row.gradeLow,
      gradeHigh: row.gradeHigh,
      locale: row.locale,
      enrollment: row.enrollment,
    };
  });
  const set = Object.fromEntries(SCHOOL_COLUMNS.map((c) => [c, sql.raw(`excluded.${c}`)]));
  const changed = await tx
    .insert(organisations)
    .values(values)
    .onConflictDoUpdate({
      target: [organisations.kind, organisations.ncesId],
      set: {
        name: set.name,
        parentId: set.parent_id,
        ancestorIds: set.ancestor_ids,
        stateCode: set.state_code,
        address: set.address,
        city: set.city,
        zip: set.zip,
        gradeLow: set.grade_low,
        gradeHigh: set.grade_high,
        locale: set.locale_code,
        enrollment: set.enrollment,
        updatedAt: sql`now()`,
      },
      setWhere: schoolChanged,
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  const inserted = changed.filter((c) => c.inserted).length;
  return { inserted, updated: changed.length - inserted };
}

/** One batch in one transaction: districts, schools, the problems found and the running totals. */
async function flushBatch(db: Db, state: RunState, rows: NcesSchoolRow[], problems: RowProblem[], seen: number, bytes: number) {
  await db.transaction(async (tx) => {
    const districts = await upsertDistricts(tx, state, rows);
    const schools = await upsertSchools(tx, state, rows);
    const room = Math.max(0, MAX_STORED_ERRORS - state.storedErrors);
    const stored = problems.slice(0, room);
    if (stored.length > 0) {
      await tx.insert(directoryImportErrors).values(stored.map((p) => ({ importId: state.importId, ...p })));
      state.storedErrors += stored.length;
    }
    const failedRows = new Set(problems.map((p) => p.line)).size;
    await tx
      .update(directoryImports)
      .set({
        rowsSeen: sql`${directoryImports.rowsSeen} + ${seen}`,
        inserted: sql`${directoryImports.inserted} + ${schools.inserted}`,
        updated: sql`${directoryImports.updated} + ${schools.updated}`,
        unchanged: sql`${directoryImports.unchanged} + ${rows.length - schools.inserted - schools.updated}`,
        failed: sql`${directoryImports.failed} + ${failedRows}`,
        districtsInserted: sql`${directoryImports.districtsInserted} + ${districts.inserted}`,
        districtsUpdated: sql`${directoryImports.districtsUpdated} + ${districts.updated}`,
        bytesRead: bytes,
      })
      .where(eq(directoryImports.id, state.importId));
  });
}

async function loadStates(db: DbOrTx): Promise<Map<string, DistrictRef>> {
  const rows = await db
    .select({ id: organisations.id, code: organisations.stateCode, ancestorIds: organisations.ancestorIds })
    .from(organisations)
    .where(eq(organisations.kind, "state"));
  return new Map(rows.map((r) => [r.code!, { id: r.id, ancestorIds: r.ancestorIds }]));
}

/** Reads the saved file row by row and writes it in batches. Safe to run again: it starts over. */
export async function runImport(db: Db, importId: string, path: string): Promise<void> {
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
    await stat(path).catch(() => {
      throw new Error("The uploaded file is no longer available. Upload it again.");
    });
    const columns = await readHeader(path);
    const state: RunState = {
      importId,
      columns,
      states: await loadStates(db),
      districts: new Map(),
      seen: new Set(),
      storedErrors: 0,
    };
    const parser = createReadStream(path).pipe(
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
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      seen++;
      const parsed = parseNcesRecord(record, columns, info.lines);
      problems.push(...parsed.problems);
      if (parsed.row) {
        if (state.seen.has(parsed.row.ncesId)) {
          problems.push({ line: info.lines, field: columns.ncesId!, code: "duplicate", value: parsed.row.ncesId });
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
    const message = error instanceof ImportFileError || error instanceof Error ? error.message : String(error);
    await db
      .update(directoryImports)
      .set({ status: "failed", finishedAt: new Date(), errorMessage: message.slice(0, 1000) })
      .where(eq(directoryImports.id, importId));
  } finally {
    await unlink(path).catch(() => {});
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
    const { importId, path } = payload as { importId: string; path: string };
    if (!path.startsWith(uploadDir())) throw new Error("Refusing to read a file outside the upload folder");
    await runImport(ctx.db, importId, path);
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
