import { sql } from "drizzle-orm";
import { type Db, type DbOrTx, queryRows } from "../../../platform/db/client";
import { COMPOSITE } from "./aggregates";
import { notSharedSql } from "../sharing/service";
import { getInstrument, type Instrument } from "../instruments/service";
import { scoreAssessment, scoreSummary } from "../instruments/scoring";

const BATCH = 2000;

/**
 * Rebuilds every pre-computed figure (assessment scores, latest scores, running sums and
 * participation) from the submitted responses, leaving exactly what the submission path would
 * have left had they been submitted one by one in order of submission. For bulk loads (the
 * national benchmark dataset) and repairs; scoring is the same `scoreAssessment` as on submit.
 */
export async function rebuildAggregates(db: Db): Promise<{ responses: number }> {
  const instruments = new Map<string, Instrument | null>();
  // Read through the transaction: on PGlite (one connection) another handle would wait for it.
  const instrumentOf = async (tx: DbOrTx, id: string) => {
    if (!instruments.has(id)) instruments.set(id, await getInstrument(tx, id));
    return instruments.get(id)!;
  };
  let seen = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from score_aggregates`);
    await tx.execute(sql`delete from participation`);
    await tx.execute(sql`delete from latest_scores`);
    await tx.execute(sql`delete from assessment_scores`);

    // Assessment scores, a batch of responses at a time (keyset over the id).
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await queryRows<{
        id: string;
        instrumentId: string;
        answers: Record<string, unknown> | string;
      }>(
        tx,
        sql`select r.id, r.instrument_id as "instrumentId",
                   (select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                      from response_sections s, jsonb_each(s.answers) e where s.response_id = r.id) as answers
              from responses r
              join instruments i on i.id = r.instrument_id
             where r.status = 'submitted' and i.kind = 'assessment' and r.id > ${after}
             order by r.id limit ${BATCH}`,
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      seen += rows.length;
      const scored = [];
      for (const r of rows) {
        const instrument = await instrumentOf(tx, r.instrumentId);
        if (!instrument) continue;
        const answers = typeof r.answers === "string" ? JSON.parse(r.answers) : r.answers;
        const summary = scoreSummary(scoreAssessment(instrument, answers));
        scored.push({ response_id: r.id, domain_scores: summary.domainScores, composite: summary.composite });
      }
      await tx.execute(sql`
        insert into assessment_scores (response_id, organisation_id, instrument_key, variant, school_year, submitted_at, domain_scores, composite)
        select r.id, r.organisation_id, r.instrument_key, r.variant, r.school_year, r.submitted_at, x.domain_scores, x.composite
          from jsonb_to_recordset(${JSON.stringify(scored)}::jsonb) as x(response_id uuid, domain_scores jsonb, composite double precision)
          join responses r on r.id = x.response_id`);
    }

    // The latest submission of each organisation, instrument and year (profiles carry no scores).
    await tx.execute(sql`
      insert into latest_scores (organisation_id, instrument_key, variant, school_year, response_id, submitted_at, domain_scores, composite)
      select distinct on (r.organisation_id, r.instrument_key, r.variant, r.school_year)
             r.organisation_id, r.instrument_key, r.variant, r.school_year, r.id, r.submitted_at,
             coalesce(a.domain_scores, '{}'::jsonb), a.composite
        from responses r
        left join assessment_scores a on a.response_id = r.id
       where r.status = 'submitted'
       order by r.organisation_id, r.instrument_key, r.variant, r.school_year, r.submitted_at desc, r.time_point desc`);

    // Participation: each organisation with a latest submission counts once for every scope above it.
    await tx.execute(sql`
      insert into participation (scope_id, instrument_key, variant, school_year, organisations)
      select scope, l.instrument_key, l.variant, l.school_year, count(*)::int
        from latest_scores l
        join organisations o on o.id = l.organisation_id
        cross join lateral unnest(o.ancestor_ids) as scope
        join organisations sc on sc.id = scope
       where not (sc.kind in ('nation', 'state') and ${notSharedSql(sql`l.organisation_id`, sql`l.school_year`)})
       group by scope, l.instrument_key, l.variant, l.school_year`);

    // Running sums and counts of the latest scores (domains and composite) for every scope above.
    await tx.execute(sql`
      insert into score_aggregates (scope_id, instrument_key, variant, school_year, domain_key, sum, n)
      select scope, s.instrument_key, s.variant, s.school_year, s.domain_key, sum(s.score), count(*)::int
        from (
          select l.organisation_id, l.instrument_key, l.variant, l.school_year, e.key as domain_key, (e.value)::text::double precision as score
            from latest_scores l
            join assessment_scores a on a.response_id = l.response_id
            cross join lateral jsonb_each(l.domain_scores) e
           where jsonb_typeof(e.value) = 'number'
          union all
          select l.organisation_id, l.instrument_key, l.variant, l.school_year, ${COMPOSITE}, l.composite
            from latest_scores l
            join assessment_scores a on a.response_id = l.response_id
           where l.composite is not null
        ) s
        join organisations o on o.id = s.organisation_id
        cross join lateral unnest(o.ancestor_ids) as scope
        join organisations sc on sc.id = scope
       where not (sc.kind in ('nation', 'state') and ${notSharedSql(sql`s.organisation_id`, sql`s.school_year`)})
       group by scope, s.instrument_key, s.variant, s.school_year, s.domain_key`);
  });
  return { responses: seen };
}
