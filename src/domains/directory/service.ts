import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db/client";
import { queryRows } from "../../platform/db/client";
import { STATES } from "../../platform/geo/states";
import { type OrgKind, organisations } from "./schema";

export type Organisation = typeof organisations.$inferSelect;
/** NCES grade codes of the grades themselves, lowest to highest (for reading grade spans). */
export { ORDERED_GRADES } from "./labels";

export const PAGE_SIZE = 25;

export interface Paged<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** One organisation (any kind) by id, or null. Its ancestorIds make it a policy ScopeResource. */
export async function getOrganisation(db: DbOrTx, id: string): Promise<Organisation | null> {
  if (!isUuid(id)) return null;
  const [org] = await db.select().from(organisations).where(eq(organisations.id, id));
  return org ?? null;
}

/** A school (12 digits) or district (7 digits) or state (2 digits) by its NCES ID. */
export async function findByNcesId(db: DbOrTx, ncesId: string): Promise<Organisation | null> {
  const kind: OrgKind | null =
    ncesId.length === 12 ? "school" : ncesId.length === 7 ? "district" : ncesId.length === 2 ? "state" : null;
  if (!kind || !/^\d+$/.test(ncesId)) return null;
  const [org] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, kind), eq(organisations.ncesId, ncesId)));
  return org ?? null;
}

/** The state or territory organisation for a USPS code. */
export async function getStateByCode(db: DbOrTx, code: string): Promise<Organisation | null> {
  const [org] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, "state"), eq(organisations.stateCode, code.toUpperCase())));
  return org ?? null;
}

export async function getNation(db: DbOrTx): Promise<Organisation | null> {
  const [org] = await db.select().from(organisations).where(eq(organisations.kind, "nation")).limit(1);
  return org ?? null;
}

export type ChildRow = Organisation & { childCount: number };

/** The organisations directly under one, a page at a time, each with how many it holds in turn. */
export async function listChildren(
  db: DbOrTx,
  parentId: string,
  options: { kind?: OrgKind; page?: number; perPage?: number } = {},
): Promise<Paged<ChildRow>> {
  const page = Math.max(1, options.page ?? 1);
  const perPage = options.perPage ?? PAGE_SIZE;
  const where = and(
    eq(organisations.parentId, parentId),
    options.kind ? eq(organisations.kind, options.kind) : undefined,
  );
  const [items, [counted]] = await Promise.all([
    db
      .select({
        org: organisations,
        // Written out: drizzle renders the column unqualified in a one-table query, where it would
        // bind to the inner table (c.parent_id = c.id: a full scan that always counts 0).
        childCount: sql<number>`(select count(*)::int from organisations c where c.parent_id = "organisations"."id")`,
      })
      .from(organisations)
      .where(where)
      .orderBy(asc(organisations.name), asc(organisations.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    db.select({ n: sql<number>`count(*)::int` }).from(organisations).where(where),
  ]);
  return {
    items: items.map((r) => ({ ...r.org, childCount: r.childCount })),
    page,
    perPage,
    total: counted?.n ?? 0,
  };
}

/** Every school inside a scope (a district, a state or the nation): one GIN array test. */
export async function listSchoolsIn(db: DbOrTx, scopeId: string): Promise<Organisation[]> {
  return db
    .select()
    .from(organisations)
    .where(
      and(eq(organisations.kind, "school"), sql`${organisations.ancestorIds} @> array[${scopeId}]::uuid[]`),
    )
    .orderBy(asc(organisations.name));
}

/** Id and name of every school under a scope, by name: the light form of `listSchoolsIn` for large tables. */
export async function listSchoolNamesIn(
  db: DbOrTx,
  scopeId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(eq(organisations.kind, "school"), sql`${organisations.ancestorIds} @> array[${scopeId}]::uuid[]`),
    )
    .orderBy(asc(organisations.name));
}

export interface StateCounts {
  stateCode: string;
  districts: number;
  schools: number;
}

/** Districts and schools per state or territory, for the directory's front table. */
export async function countSchoolsByState(db: DbOrTx): Promise<StateCounts[]> {
  const rows = await queryRows<StateCounts>(
    db,
    sql`select state_code as "stateCode",
               count(*) filter (where kind = 'district')::int as districts,
               count(*) filter (where kind = 'school')::int as schools
        from organisations where kind in ('district', 'school') and state_code is not null
        group by state_code`,
  );
  const byCode = new Map(rows.map((r) => [r.stateCode, r]));
  return STATES.map((s) => byCode.get(s.code) ?? { stateCode: s.code, districts: 0, schools: 0 });
}

/**
 * Schools under each scope, counted from indexes (never a scan of every organisation): a state by
 * its state code (as `countSchoolsByState`), the nation in total, any other scope by its ancestors.
 */
export async function countSchoolsIn(db: DbOrTx, scopeIds: string[]): Promise<Map<string, number>> {
  const ids = scopeIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: string; schools: number }>(
    db,
    sql`select s.id,
               case s.kind
                 when 'state' then (select count(*)::int from organisations o where o.kind = 'school' and o.state_code = s.state_code)
                 when 'nation' then (select count(*)::int from organisations o where o.kind = 'school')
                 else (select count(*)::int from organisations o where o.kind = 'school' and o.ancestor_ids @> array[s.id])
               end as schools
          from organisations s
         where s.id in (${sql.join(
           ids.map((id) => sql`${id}::uuid`),
           sql`, `,
         )})`,
  );
  return new Map(rows.map((r) => [r.id, r.schools]));
}

/** Schools by NCES ID, many at once (one array parameter, the unique index on kind and NCES ID). */
export async function findSchoolsByNcesIds(
  db: DbOrTx,
  ncesIds: string[],
): Promise<Pick<Organisation, "id" | "ncesId" | "ancestorIds" | "enrollment">[]> {
  if (ncesIds.length === 0) return [];
  return db
    .select({
      id: organisations.id,
      ncesId: organisations.ncesId,
      ancestorIds: organisations.ancestorIds,
      enrollment: organisations.enrollment,
    })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, "school"),
        sql`${organisations.ncesId} = any(${sql.param(ncesIds)}::text[])`,
      ),
    );
}

/** The organisations above one, from the nation down, for breadcrumbs. */
export async function listAncestors(db: DbOrTx, org: Organisation): Promise<Organisation[]> {
  if (org.ancestorIds.length === 0) return [];
  const rows = await db.select().from(organisations).where(inArray(organisations.id, org.ancestorIds));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return org.ancestorIds.map((id) => byId.get(id)).filter((r): r is Organisation => !!r);
}

/** National partner organisations and state initiatives, for the partners page. */
export async function listPartners(
  db: DbOrTx,
): Promise<{ partners: Organisation[]; initiatives: Organisation[] }> {
  const rows = await db
    .select()
    .from(organisations)
    .where(sql`${organisations.kind} in ('partner', 'state_initiative')`)
    .orderBy(asc(organisations.stateCode), asc(organisations.name));
  return {
    partners: rows.filter((r) => r.kind === "partner"),
    initiatives: rows.filter((r) => r.kind === "state_initiative"),
  };
}

export async function listStateInitiatives(db: DbOrTx, stateCode: string): Promise<Organisation[]> {
  return db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, "state_initiative"), eq(organisations.stateCode, stateCode)))
    .orderBy(asc(organisations.name));
}

export interface OrganisationQuery {
  kind?: OrgKind;
  state?: string;
  q?: string;
  parentId?: string;
  page?: number;
  perPage?: number;
}

/** Words of a search turned into a prefix query for the name-and-city full-text index. */
export function toPrefixTsQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/**
 * The search condition: digits are an NCES ID (exact, or a prefix such as a district's 7 digits),
 * anything else matches words at the start of names and cities through the GIN index.
 */
function searchCondition(q: string): SQL | undefined {
  const digits = q.replace(/\s+/g, "");
  if (/^\d{2,12}$/.test(digits)) {
    if (digits.length === 12) return eq(organisations.ncesId, digits);
    // Equal-length digit strings sort the same in every collation, so the (kind, nces_id) btree
    // serves the range; the LIKE keeps districts (7 digits) from matching a school prefix range.
    const low = digits.padEnd(12, "0");
    const high = digits.padEnd(12, "9");
    return sql`(${organisations.ncesId} between ${low} and ${high} and ${organisations.ncesId} like ${`${digits}%`}
      or ${organisations.ncesId} = ${digits})`;
  }
  const tsquery = toPrefixTsQuery(q);
  if (!tsquery) return undefined;
  return sql`to_tsvector('simple', ${organisations.name} || ' ' || coalesce(${organisations.city}, '')) @@ to_tsquery('simple', ${tsquery})`;
}

/** Organisations matching a kind, state, parent and search text, a page at a time. */
export async function searchOrganisations(
  db: DbOrTx,
  query: OrganisationQuery,
): Promise<Paged<Organisation>> {
  const page = Math.max(1, query.page ?? 1);
  const perPage = query.perPage ?? PAGE_SIZE;
  const conditions: (SQL | undefined)[] = [];
  if (query.kind) conditions.push(eq(organisations.kind, query.kind));
  if (query.state) conditions.push(eq(organisations.stateCode, query.state.toUpperCase()));
  if (query.parentId) conditions.push(eq(organisations.parentId, query.parentId));
  const q = query.q?.trim();
  if (q) conditions.push(searchCondition(q) ?? sql`false`);
  const where = and(...conditions);
  const [items, [counted]] = await Promise.all([
    db
      .select()
      .from(organisations)
      .where(where)
      .orderBy(asc(organisations.name), asc(organisations.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    db.select({ n: sql<number>`count(*)::int` }).from(organisations).where(where),
  ]);
  return { items, page, perPage, total: counted?.n ?? 0 };
}

/** The school search of the directory: by name, city, state or NCES ID. */
export async function searchSchools(
  db: DbOrTx,
  query: { q?: string; state?: string; page?: number },
): Promise<Paged<Organisation> & { state?: string }> {
  let q = query.q?.trim() ?? "";
  let state = query.state;
  // A search for a state's name or code alone means "schools in that state".
  const named = STATES.find((s) => s.code === q.toUpperCase() || s.name.toLowerCase() === q.toLowerCase());
  if (named && !state) {
    state = named.code;
    q = "";
  }
  const result = await searchOrganisations(db, { kind: "school", q, state, page: query.page });
  return { ...result, state };
}
