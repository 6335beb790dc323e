import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "../../platform/db/client";
import { queryRows } from "../../platform/db/client";
import type { ColumnMap, NcesSchoolRow, RowProblem } from "./nces-row";
import { directoryImportErrors, directoryImports, organisations } from "./schema";

/** Past this many stored problems an import keeps counting failures but stops listing them. */
export const MAX_STORED_ERRORS = 10_000;

interface ScopeRef {
  id: string;
  ancestorIds: string[];
  stateCode: string | null;
}

export interface RunState {
  importId: string;
  columns: ColumnMap;
  states: Map<string, ScopeRef>;
  districts: Map<string, DistrictRow>;
  /** LEAIDs already met in this file. */
  touched: Set<string>;
  seen: Set<string>;
  storedErrors: number;
}

// Rows go to PostgreSQL as one array per column and come back out with unnest(): a batch is a
// dozen parameters instead of thousands. Building a 1,000-row VALUES list through the query
// builder took longer than running it. Ancestors come from the in-memory state/district map.
const param = (values: unknown[]) => sql.param(values);
/** The ancestors of whatever sits directly under this scope, as a PostgreSQL array literal. */
const pathBelow = (scope: ScopeRef) => `{${[...scope.ancestorIds, scope.id].join(",")}}`;

interface DistrictRow {
  id: string;
  ncesId: string;
  name: string;
  parentId: string | null;
  ancestorIds: string[];
  stateCode: string | null;
}

const DISTRICT_COLUMNS = sql`id, nces_id as "ncesId", name, parent_id as "parentId", ancestor_ids as "ancestorIds", state_code as "stateCode"`;

/** Every district with an NCES ID, so unchanged districts cost no query at all. */
export async function loadDistricts(db: DbOrTx): Promise<Map<string, DistrictRow>> {
  const rows = await queryRows<DistrictRow>(
    db,
    sql`select ${DISTRICT_COLUMNS} from organisations where kind = 'district' and nces_id is not null`,
  );
  return new Map(rows.map((r) => [r.ncesId, r]));
}

/**
 * Districts met for the first time in this file that are new or differ from the database:
 * upserted by LEAID under their state. The first row of a district in the file names it.
 */
async function upsertDistricts(tx: Tx, state: RunState, rows: NcesSchoolRow[]) {
  const pending = new Map<string, NcesSchoolRow>();
  for (const row of rows) {
    if (state.touched.has(row.leaId)) continue;
    state.touched.add(row.leaId);
    const known = state.districts.get(row.leaId);
    const parent = state.states.get(row.stateCode)!;
    const same =
      known &&
      known.name === row.leaName &&
      known.parentId === parent.id &&
      known.ancestorIds.join(",") === [...parent.ancestorIds, parent.id].join(",");
    if (!same) pending.set(row.leaId, row);
  }
  if (pending.size === 0) return { inserted: 0, updated: 0 };
  const list = [...pending.values()];
  const changed = await queryRows<DistrictRow & { inserted: boolean }>(
    tx,
    sql`insert into organisations as o (kind, name, nces_id, state_code, parent_id, ancestor_ids)
        select 'district', u.name, u.nces_id, u.state_code, u.parent_id, u.ancestors::uuid[]
        from unnest(${param(list.map((r) => r.leaName))}::text[], ${param(list.map((r) => r.leaId))}::text[],
                    ${param(list.map((r) => r.stateCode))}::text[],
                    ${param(list.map((r) => state.states.get(r.stateCode)!.id))}::uuid[],
                    ${param(list.map((r) => pathBelow(state.states.get(r.stateCode)!)))}::text[])
             as u(name, nces_id, state_code, parent_id, ancestors)
        on conflict (kind, nces_id) do update
          set name = excluded.name, state_code = excluded.state_code, parent_id = excluded.parent_id,
              ancestor_ids = excluded.ancestor_ids, updated_at = now()
          where (o.name, o.state_code, o.parent_id, o.ancestor_ids)
                is distinct from (excluded.name, excluded.state_code, excluded.parent_id, excluded.ancestor_ids)
        returning ${DISTRICT_COLUMNS}, (xmax = 0) as inserted`,
  );
  for (const d of changed) state.districts.set(d.ncesId, d);
  const missing = [...pending.keys()].filter((leaId) => !changed.some((d) => d.ncesId === leaId));
  if (missing.length > 0) {
    // Already as the file says (another import got there first): read them back.
    const found = await queryRows<DistrictRow>(
      tx,
      sql`select ${DISTRICT_COLUMNS} from organisations where kind = 'district' and nces_id = any(${param(missing)}::text[])`,
    );
    for (const d of found) state.districts.set(d.ncesId, d);
  }
  const inserted = changed.filter((c) => c.inserted).length;
  return { inserted, updated: changed.length - inserted };
}

/** Schools upserted by NCES ID in one statement; rows that would not change are left alone. */
async function upsertSchools(tx: Tx, state: RunState, rows: NcesSchoolRow[]) {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const col = <K extends keyof NcesSchoolRow>(key: K) => param(rows.map((r) => r[key]));
  const districts = rows.map((r) => state.districts.get(r.leaId)!);
  const changed = await queryRows<{ inserted: boolean }>(
    tx,
    sql`insert into organisations as o (kind, name, nces_id, state_code, parent_id, ancestor_ids,
                                        address, city, zip, grade_low, grade_high, locale_code, enrollment)
        select 'school', u.name, u.nces_id, u.state_code, u.parent_id, u.ancestors::uuid[],
               u.address, u.city, u.zip, u.grade_low, u.grade_high, u.locale_code, u.enrollment
        from unnest(${col("name")}::text[], ${col("ncesId")}::text[], ${param(districts.map((d) => d.stateCode))}::text[],
                    ${param(districts.map((d) => d.id))}::uuid[], ${param(districts.map(pathBelow))}::text[],
                    ${col("address")}::text[], ${col("city")}::text[], ${col("zip")}::text[],
                    ${col("gradeLow")}::text[], ${col("gradeHigh")}::text[], ${col("locale")}::text[],
                    ${col("enrollment")}::int[])
             as u(name, nces_id, state_code, parent_id, ancestors, address, city, zip, grade_low, grade_high, locale_code, enrollment)
        on conflict (kind, nces_id) do update
          set name = excluded.name, state_code = excluded.state_code, parent_id = excluded.parent_id,
              ancestor_ids = excluded.ancestor_ids, address = excluded.address, city = excluded.city,
              zip = excluded.zip, grade_low = excluded.grade_low, grade_high = excluded.grade_high,
              locale_code = excluded.locale_code, enrollment = excluded.enrollment, updated_at = now()
          where (o.name, o.state_code, o.parent_id, o.ancestor_ids, o.address, o.city, o.zip,
                 o.grade_low, o.grade_high, o.locale_code, o.enrollment)
                is distinct from (excluded.name, excluded.state_code, excluded.parent_id, excluded.ancestor_ids,
                 excluded.address, excluded.city, excluded.zip, excluded.grade_low, excluded.grade_high,
                 excluded.locale_code, excluded.enrollment)
        returning (xmax = 0) as inserted`,
  );
  const inserted = changed.filter((c) => c.inserted).length;
  return { inserted, updated: changed.length - inserted };
}

/** One batch in one transaction: districts, schools, the problems found and the running totals. */
export async function flushBatch(
  db: Db,
  state: RunState,
  rows: NcesSchoolRow[],
  problems: RowProblem[],
  seen: number,
  bytes: number,
) {
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

/**
 * After a bulk load, new entries wait in the GIN indexes' pending lists, which every search then
 * scans: measured at 100,000 schools, a name search went from ~30 ms to ~1.5 s until cleaned.
 */
export async function tidySearchIndexes(db: Db) {
  try {
    await db.execute(sql`select gin_clean_pending_list('organisations_name_search_idx'::regclass)`);
    await db.execute(sql`select gin_clean_pending_list('organisations_ancestors_idx'::regclass)`);
    await db.execute(sql`analyze organisations`);
  } catch {
    // Only an optimisation (it needs table ownership); autovacuum does the same later.
  }
}

export async function loadStates(db: DbOrTx): Promise<Map<string, ScopeRef>> {
  const rows = await db
    .select({ id: organisations.id, code: organisations.stateCode, ancestorIds: organisations.ancestorIds })
    .from(organisations)
    .where(eq(organisations.kind, "state"));
  return new Map(rows.map((r) => [r.code!, { id: r.id, ancestorIds: r.ancestorIds, stateCode: r.code }]));
}
