import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { MeasureFilters } from "./fields";
import { catalogueMeasures as m, LEVELS, type MeasureRow } from "./schema";

const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const holds = (column: AnyPgColumn, value: string) => sql`${column} @> array[${value}]::text[]`;

/** The filters as SQL: every field of the list page's form, each one narrowing the list. */
function conditionsOf(f: MeasureFilters): SQL[] {
  const conditions: SQL[] = [];
  if (f.q) {
    const like = containing(f.q);
    conditions.push(
      sql`(${m.shortName} ilike ${like} or ${m.name} ilike ${like} or ${m.publisher} ilike ${like} or ${m.summaryEn} ilike ${like} or coalesce(${m.summaryEs}, '') ilike ${like})`,
    );
  }
  if (f.focus) conditions.push(holds(m.focusAreas, f.focus));
  if (f.purpose) conditions.push(holds(m.purposes, f.purpose));
  if (f.reporter) conditions.push(holds(m.reporters, f.reporter));
  if (f.language) conditions.push(holds(m.languages, f.language));
  if (f.cost) conditions.push(eq(m.cost, f.cost));
  if (f.level) {
    const [youngest, oldest] = LEVELS[f.level];
    conditions.push(sql`${m.ageMin} <= ${oldest} and ${m.ageMax} >= ${youngest}`);
  }
  if (f.age !== undefined) conditions.push(sql`${m.ageMin} <= ${f.age} and ${m.ageMax} >= ${f.age}`);
  // A measure with no figure is left out: it may not meet the limit.
  if (f.maxItems !== undefined) conditions.push(sql`${m.items} <= ${f.maxItems}`);
  if (f.maxMinutes !== undefined) conditions.push(sql`${m.minutes} <= ${f.maxMinutes}`);
  return conditions;
}

/** The measures the filters let through, by short name. */
export async function selectMeasures(db: DbOrTx, filters: MeasureFilters): Promise<MeasureRow[]> {
  const conditions = conditionsOf(filters);
  return db
    .select()
    .from(m)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(sql`lower(${m.shortName})`), asc(m.slug));
}

export async function selectMeasureBySlug(db: DbOrTx, slug: string): Promise<MeasureRow | null> {
  const [row] = await db.select().from(m).where(eq(m.slug, slug)).limit(1);
  return row ?? null;
}

export async function selectMeasuresBySlugs(db: DbOrTx, slugs: string[]): Promise<MeasureRow[]> {
  if (slugs.length === 0) return [];
  return db.select().from(m).where(inArray(m.slug, slugs));
}

export async function countMeasures(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(m);
  return row?.n ?? 0;
}
