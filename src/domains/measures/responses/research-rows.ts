import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";

/**
 * What the research domain reads of the measures to build a de-identified school-level file: the
 * latest submitted response of each school to one instrument in one school year, its answers and
 * scores, and the few descriptors a file may carry (state, locale, an enrolment band). Names and
 * NCES ids never leave this module; the organisation id does, for the caller to replace with a
 * pseudonym and to page with.
 */
export interface ResearchFileQuery {
  instrumentKey: string;
  schoolYear: string;
  /** Schools that chose not to share this year's data in research aggregates. */
  excludedOrganisationIds: string[];
  /** Upper bounds of the enrolment bands but the last, ascending (e.g. 300, 600, 1000). */
  bandEdges: number[];
}

export interface ResearchDescriptorCount {
  stateCode: string | null;
  locale: string | null;
  /** Index of the enrolment band (0 = below the first edge), null when enrolment is unknown. */
  band: number | null;
  schools: number;
}

export interface ResearchRow {
  organisationId: string;
  /** Each section's answers (item key → value). */
  sectionAnswers: Record<string, unknown>[];
  instrumentVersion: number;
  stateCode: string | null;
  locale: string | null;
  band: number | null;
  domainScores: Record<string, number | null> | null;
  composite: number | null;
}

/**
 * The latest submitted response of each school (one per school), as a subquery. Only schools
 * answer the school variant, so the variant alone keeps districts out.
 */
function latestSubmitted(q: ResearchFileQuery, afterOrganisationId?: string) {
  return sql`select distinct on (r.organisation_id) r.id, r.organisation_id, r.instrument_id
    from responses r
    where r.instrument_key = ${q.instrumentKey} and r.variant = 'school'
      and r.school_year = ${q.schoolYear} and r.status = 'submitted'
      and not (r.organisation_id = any(${sql.param(q.excludedOrganisationIds)}::uuid[]))
      ${afterOrganisationId ? sql`and r.organisation_id > ${afterOrganisationId}` : sql``}
    order by r.organisation_id, r.time_point desc`;
}

const bandOf = (q: ResearchFileQuery) =>
  sql`case when o.enrollment is null then null else width_bucket(o.enrollment, ${sql.param(q.bandEdges)}::int[]) end`;

/** How many schools of the file share each (state, locale, enrolment band): what coarsening is decided from. */
export async function researchDescriptorCounts(
  db: DbOrTx,
  q: ResearchFileQuery,
): Promise<ResearchDescriptorCount[]> {
  return queryRows<ResearchDescriptorCount>(
    db,
    sql`select o.state_code as "stateCode", o.locale_code as "locale", ${bandOf(q)} as "band",
               count(*)::int as "schools"
        from (${latestSubmitted(q)}) p join organisations o on o.id = p.organisation_id
        group by 1, 2, 3`,
  );
}

/**
 * One page of the file's schools in organisation id order after `afterOrganisationId` (keyset):
 * a file of 40,000 schools is read a page at a time and never held whole.
 */
export async function researchRowsPage(
  db: DbOrTx,
  q: ResearchFileQuery,
  afterOrganisationId: string | undefined,
  limit: number,
): Promise<ResearchRow[]> {
  return queryRows<ResearchRow>(
    db,
    sql`select p.organisation_id as "organisationId", i.version as "instrumentVersion",
               o.state_code as "stateCode", o.locale_code as "locale", ${bandOf(q)} as "band",
               -- Each section's answers as they are stored, merged by the caller: cheaper than
               -- taking every answer apart and putting it back together in SQL.
               coalesce((select jsonb_agg(s.answers) from response_sections s where s.response_id = p.id),
                        '[]'::jsonb) as "sectionAnswers",
               sc.domain_scores as "domainScores", sc.composite as "composite"
        from (${latestSubmitted(q, afterOrganisationId)} limit ${limit}) p
        join organisations o on o.id = p.organisation_id
        join instruments i on i.id = p.instrument_id
        left join assessment_scores sc on sc.response_id = p.id
        order by p.organisation_id`,
  );
}

/** The instrument versions (ids) the file's responses were answered on. */
export async function researchInstrumentVersionIds(db: DbOrTx, q: ResearchFileQuery): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select distinct p.instrument_id as id from (${latestSubmitted(q)}) p`,
  );
  return rows.map((r) => r.id);
}
