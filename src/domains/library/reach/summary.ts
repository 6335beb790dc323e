import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import { reportMonths } from "./counting";

/*
 * The dashboards' figures, rebuilt after each roll-up (and by the demo and the benchmark's
 * generator): `reach_monthly` of published and archived resources over the report's window,
 * summed by month and by resource, and from the per-resource sums by type, domain, audience,
 * state and shelf — each row kept apart by the resource's state, shelf and community-only flag,
 * which is all a scope and the read rule need. Two passes over the monthly counts, in the job;
 * a dashboard then reads a few thousand rows. A change to a resource's type or state shows at
 * the next rebuild (within the hour).
 */

const SUMS = sql`sum(m.total_investigations)::int, sum(m.unique_investigations)::int,
  sum(m.total_requests)::int, sum(m.unique_requests)::int`;
const PER_SUMS = sql`sum(p.ti)::int, sum(p.ui)::int, sum(p.tr)::int, sum(p.ur)::int`;
const COLUMNS = sql`(dim, key, resource_id, state_code, community_id, community_only,
  total_investigations, unique_investigations, total_requests, unique_requests)`;

export async function refreshReachSummary(db: DbOrTx, today = new Date()): Promise<void> {
  const months = reportMonths(today);
  const from = `${months[0]}-01`;
  const to = `${months.at(-1)}-01`;
  const used = sql`reach_monthly m join library_resources r on r.id = m.resource_id
    where m.month between ${from}::date and ${to}::date and r.status in ('published', 'archived')`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from reach_summary`);
    await tx.execute(sql`insert into reach_summary ${COLUMNS}
      select 'month', to_char(m.month, 'YYYY-MM'), null::uuid, r.state_code, r.community_id, r.community_only, ${SUMS}
      from ${used} group by m.month, r.state_code, r.community_id, r.community_only`);
    await tx.execute(sql`with per as (
        select r.id, r.type, r.domain_keys, r.audiences, r.state_code, r.community_id, r.community_only,
               u.ti, u.ui, u.tr, u.ur
        from (select m.resource_id,
                     sum(m.total_investigations)::int as ti, sum(m.unique_investigations)::int as ui,
                     sum(m.total_requests)::int as tr, sum(m.unique_requests)::int as ur
              from ${used} group by m.resource_id) u
        join library_resources r on r.id = u.resource_id
      )
      insert into reach_summary ${COLUMNS}
      select 'resource', p.id::text, p.id, p.state_code, p.community_id, p.community_only, p.ti, p.ui, p.tr, p.ur from per p
      union all select 'type', p.type, null, p.state_code, p.community_id, p.community_only, ${PER_SUMS}
        from per p group by 2, 4, 5, 6
      union all select 'domain', d, null, p.state_code, p.community_id, p.community_only, ${PER_SUMS}
        from per p cross join lateral unnest(p.domain_keys) d group by 2, 4, 5, 6
      union all select 'audience', a, null, p.state_code, p.community_id, p.community_only, ${PER_SUMS}
        from per p cross join lateral unnest(p.audiences) a group by 2, 4, 5, 6
      union all select 'state', coalesce(p.state_code, ''), null, p.state_code, p.community_id, p.community_only, ${PER_SUMS}
        from per p group by 2, 4, 5, 6
      union all select 'community', coalesce(p.community_id::text, ''), null, p.state_code, p.community_id, p.community_only, ${PER_SUMS}
        from per p group by 2, 4, 5, 6`);
  });
}
