import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../src/platform/db/client";

/**
 * "Nothing was written" as the database sees it: a digest of the full content of every table
 * in every schema (the audit log, the outbox, jobs, sessions and throttles included), taken
 * before and after a request and compared. A row count would miss an update, or a delete and an
 * insert in the same table; a digest of every row's text does not.
 */

/** table (schema-qualified unless it lives in `public`) → `"<rows> rows <md5 of the sorted rows>"`. */
export type TableDigests = Map<string, string>;

/**
 * Columns whose value changes when something is *read*, not written, left out of the digest
 * (the rows themselves still count, so a new session or a deleted read marker is a change):
 * - `sessions.last_seen_at`, `access_tokens.last_used_at`: touched by any signed-in request
 *   (at most every five minutes, platform/auth/sessions.ts) to show "last active" on the
 *   account page; a rejected request is still a request by that session.
 * - `community_members.last_visit_at`, `previous_visit_at`: set when a member opens the
 *   community page (for "new since your last visit"); a form shown again is such a visit.
 * - `community_topic_reads.last_read_at`: moved forward whenever a reader opens a topic.
 */
export const READ_TOUCHED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  sessions: ["last_seen_at"],
  access_tokens: ["last_used_at"],
  community_members: ["last_visit_at", "previous_visit_at"],
  community_topic_reads: ["last_read_at"],
};

interface ColumnRow {
  table_schema: string;
  table_name: string;
  column_name: string;
}

/** Every base table outside the system schemas, with the columns that count, in a fixed order. */
async function tablesWithColumns(
  db: DbOrTx,
): Promise<Map<string, { schema: string; table: string; columns: string[] }>> {
  // pg_catalog rather than information_schema: the same answer, many times faster on PGlite.
  const rows = await queryRows<ColumnRow>(
    db,
    sql`select n.nspname as table_schema, c.relname as table_name, a.attname as column_name
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relkind in ('r', 'p')
          and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
          and n.nspname not like 'pg\\_%'
        order by n.nspname, c.relname, a.attnum`,
  );
  const tables = new Map<string, { schema: string; table: string; columns: string[] }>();
  for (const { table_schema: schema, table_name: table, column_name: column } of rows) {
    const name = schema === "public" ? table : `${schema}.${table}`;
    const entry = tables.get(name) ?? { schema, table, columns: [] };
    tables.set(name, entry);
    if (schema === "public" && READ_TOUCHED_COLUMNS[table]?.includes(column)) continue;
    entry.columns.push(column);
  }
  return tables;
}

/**
 * A digest of each table's full content: every row as text (its counted columns), sorted
 * byte-wise, joined and hashed, in one query. Timestamps print in the session's time zone,
 * which is the same before and after, so equal content gives equal digests on either driver.
 */
export async function tableDigests(db: DbOrTx): Promise<TableDigests> {
  const tables = await tablesWithColumns(db);
  const selects: SQL[] = [];
  for (const [name, { schema, table, columns }] of tables) {
    const source = sql`${sql.identifier(schema)}.${sql.identifier(table)}`;
    const row =
      columns.length === 0
        ? sql`''`
        : sql`(row(${sql.join(
            columns.map((c) => sql`t.${sql.identifier(c)}`),
            sql`, `,
          )}))::text`;
    selects.push(
      sql`select ${name}::text as name, count(*)::int as rows,
                 md5(coalesce(string_agg(r, E'\n' order by r collate "C"), '')) as digest
          from (select ${row} as r from ${source} t) rows_as_text`,
    );
  }
  const result = new Map<string, string>();
  if (selects.length === 0) return result;
  const rows = await queryRows<{ name: string; rows: number; digest: string }>(
    db,
    sql.join(selects, sql` union all `),
  );
  for (const { name, rows: count, digest } of rows.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    result.set(name, `${Number(count)} rows ${digest}`);
  }
  return result;
}

/** The tables whose content differs between two digests (added or dropped tables included), sorted. */
export function changedTables(before: TableDigests, after: TableDigests): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

/** The changed tables with their row counts before and after, for a failure message. */
export function describeChanges(before: TableDigests, after: TableDigests): string[] {
  const rows = (d: string | undefined) => (d ? d.split(" ")[0] : "no table");
  return changedTables(before, after).map(
    (name) =>
      `${name}: ${rows(before.get(name))} → ${rows(after.get(name))} rows${rows(before.get(name)) === rows(after.get(name)) ? " (content changed)" : ""}`,
  );
}
