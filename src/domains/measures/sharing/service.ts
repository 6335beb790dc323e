import { and, eq, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import { type Db, type DbOrTx, queryRows } from "../../../platform/db/client";
import type { Organisation } from "../../directory/service";
import { COMPOSITE } from "../dashboards/aggregates";
import { dataSharingChoices } from "../schema";

/**
 * A school's choice, per school year, to share its data beyond its district: with its state, the
 * nation, and in public and research aggregates. Shared unless it said otherwise. Its district
 * (and the school's own team) always sees it. The aggregates above the district leave out a
 * school that does not share: on submit (`scopesSharedWith`), on a change of mind
 * (`setSharing` moves its latest figures out of or back into them) and on a rebuild
 * (`notSharedSql`).
 */

/** Kinds of organisation "beyond the district". */
const ABOVE_DISTRICT = ["nation", "state"] as const;

export interface SharingChoice {
  schoolYear: string;
  shared: boolean;
  changedAt: Date | null;
  changedBy: string | null;
}

/** Whether the school shares its data beyond its district in a school year (default: yes). */
export async function isSharedBeyondDistrict(db: DbOrTx, organisationId: string, schoolYear: string) {
  const [row] = await db
    .select({ shared: dataSharingChoices.shared })
    .from(dataSharingChoices)
    .where(
      and(
        eq(dataSharingChoices.organisationId, organisationId),
        eq(dataSharingChoices.schoolYear, schoolYear),
      ),
    );
  return row?.shared ?? true;
}

/** Every year the school made a choice, newest first. */
export async function sharingChoices(db: DbOrTx, organisationId: string): Promise<SharingChoice[]> {
  const rows = await db
    .select()
    .from(dataSharingChoices)
    .where(eq(dataSharingChoices.organisationId, organisationId));
  return rows
    .map((r) => ({
      schoolYear: r.schoolYear,
      shared: r.shared,
      changedAt: r.changedAt,
      changedBy: r.changedBy,
    }))
    .sort((a, b) => b.schoolYear.localeCompare(a.schoolYear));
}

/** The schools that chose not to share a school year beyond their district (research files leave them out). */
export async function schoolsNotSharing(db: DbOrTx, schoolYear: string): Promise<string[]> {
  const rows = await db
    .select({ id: dataSharingChoices.organisationId })
    .from(dataSharingChoices)
    .where(and(eq(dataSharingChoices.schoolYear, schoolYear), eq(dataSharingChoices.shared, false)));
  return rows.map((r) => r.id);
}

/**
 * SQL true when the organisation in `organisationId` chose not to share in `schoolYear`: for
 * set-based roll-ups (the rebuild, census roll-ups) that must leave such schools out above their
 * district.
 */
export function notSharedSql(organisationId: SQL, schoolYear: SQL): SQL {
  return sql`exists (select 1 from data_sharing_choices c
                      where c.organisation_id = ${organisationId} and c.school_year = ${schoolYear} and not c.shared)`;
}

/** One school's choice for one year at a time: a submission and a change of mind never interleave. */
async function lockChoice(tx: DbOrTx, organisationId: string, schoolYear: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sharing ${organisationId} ${schoolYear}`}))`);
}

/**
 * The scopes a submission counts towards: every scope above the organisation, less the state and
 * nation when it does not share that year. Call inside the submission's transaction.
 */
export async function scopesSharedWith(
  tx: DbOrTx,
  organisation: Pick<Organisation, "id" | "ancestorIds">,
  schoolYear: string,
): Promise<string[]> {
  await lockChoice(tx, organisation.id, schoolYear);
  if (await isSharedBeyondDistrict(tx, organisation.id, schoolYear)) return organisation.ancestorIds;
  return aboveDistrict(tx, organisation.ancestorIds, false);
}

/** The ancestors beyond the district (`beyond` true) or the others. */
async function aboveDistrict(tx: DbOrTx, ancestorIds: string[], beyond: boolean): Promise<string[]> {
  if (ancestorIds.length === 0) return [];
  const rows = await queryRows<{ id: string; kind: string }>(
    tx,
    sql`select id, kind from organisations where id = any(${sql.param(ancestorIds)}::uuid[])`,
  );
  const isBeyond = (kind: string) => (ABOVE_DISTRICT as readonly string[]).includes(kind);
  return rows.filter((r) => isBeyond(r.kind) === beyond).map((r) => r.id);
}

export class SharingError extends Error {
  constructor(readonly code: "notASchool") {
    super("Only a school chooses whether its data are shared beyond its district.");
  }
}

/**
 * Records a school's choice for a year, audited, and moves its latest figures of that year out of
 * (or back into) the state and national aggregates in the same transaction.
 */
export async function setSharing(
  db: Db,
  input: { actorId: string; organisation: Organisation; schoolYear: string; shared: boolean },
): Promise<{ changed: boolean }> {
  const { organisation, schoolYear, shared } = input;
  if (organisation.kind !== "school") throw new SharingError("notASchool");
  return db.transaction(async (tx) => {
    await lockChoice(tx, organisation.id, schoolYear);
    const before = await isSharedBeyondDistrict(tx, organisation.id, schoolYear);
    await tx
      .insert(dataSharingChoices)
      .values({ organisationId: organisation.id, schoolYear, shared, changedBy: input.actorId })
      .onConflictDoUpdate({
        target: [dataSharingChoices.organisationId, dataSharingChoices.schoolYear],
        set: { shared, changedBy: input.actorId, changedAt: new Date() },
      });
    if (before === shared) return { changed: false };
    const scopes = await aboveDistrict(tx, organisation.ancestorIds, true);
    await moveContribution(tx, organisation.id, schoolYear, scopes, shared ? 1 : -1);
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "measures.sharing.change",
      entityType: "organisation",
      entityId: organisation.id,
      scopeId: organisation.id,
      before: { schoolYear, shared: before },
      after: { schoolYear, shared },
    });
    return { changed: true };
  });
}

/**
 * Adds (sign 1) or takes away (sign -1) the school's latest figures of the year in the given
 * scopes: participation per instrument, and the running sums and counts of its domain scores and
 * composite — exactly what a submission added there.
 */
async function moveContribution(
  tx: DbOrTx,
  organisationId: string,
  schoolYear: string,
  scopes: string[],
  sign: 1 | -1,
) {
  if (scopes.length === 0) return;
  const scopeList = sql`(select unnest(${sql.param(scopes)}::uuid[]) as id)`;
  await tx.execute(sql`
    insert into participation (scope_id, instrument_key, variant, school_year, organisations)
    select s.id, l.instrument_key, l.variant, l.school_year, ${sign}::int
      from latest_scores l cross join ${scopeList} s
     where l.organisation_id = ${organisationId} and l.school_year = ${schoolYear}
     order by s.id, l.instrument_key, l.variant
    on conflict (scope_id, instrument_key, variant, school_year)
    do update set organisations = participation.organisations + excluded.organisations`);
  await tx.execute(sql`
    insert into score_aggregates (scope_id, instrument_key, variant, school_year, domain_key, sum, n)
    select s.id, x.instrument_key, x.variant, x.school_year, x.domain_key, ${sign}::int * x.score, ${sign}::int
      from (
        select l.instrument_key, l.variant, l.school_year, e.key as domain_key, (e.value)::text::double precision as score
          from latest_scores l
          join assessment_scores a on a.response_id = l.response_id
          cross join lateral jsonb_each(l.domain_scores) e
         where l.organisation_id = ${organisationId} and l.school_year = ${schoolYear} and jsonb_typeof(e.value) = 'number'
        union all
        select l.instrument_key, l.variant, l.school_year, ${COMPOSITE}, l.composite
          from latest_scores l
          join assessment_scores a on a.response_id = l.response_id
         where l.organisation_id = ${organisationId} and l.school_year = ${schoolYear} and l.composite is not null
      ) x cross join ${scopeList} s
     order by s.id, x.instrument_key, x.domain_key
    on conflict (scope_id, instrument_key, variant, school_year, domain_key)
    do update set sum = score_aggregates.sum + excluded.sum, n = score_aggregates.n + excluded.n`);
}
