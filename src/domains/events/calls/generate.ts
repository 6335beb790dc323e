import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { DEFAULT_RUBRIC } from "./service";

/*
 * The calls part of the events bench's conference (bench/events, setup's generator composes it):
 * a closed call, `proposals` submitted proposals with one or two presenters each, `reviewers`
 * reviewer accounts, `reviewsPerProposal` balanced assignments per proposal (proposal i to
 * reviewers 3i, 3i+1, 3i+2 mod R: every reviewer gets the same load) and two thirds of the reviews
 * submitted with scores. Set-based SQL: a few statements whatever the size.
 */

export interface CallsGeneration {
  eventId: string;
  proposals?: number;
  reviewers?: number;
  reviewsPerProposal?: number;
  /** Makes emails unique per run (several conferences in one database). */
  tag?: string;
}

export async function generateCalls(
  db: DbOrTx,
  options: CallsGeneration,
): Promise<{ reviewerIds: string[] }> {
  const proposals = options.proposals ?? 1200;
  const reviewers = options.reviewers ?? 200;
  const perProposal = Math.min(options.reviewsPerProposal ?? 3, reviewers);
  const tag = options.tag ?? options.eventId.slice(0, 8);
  const formats = ["presentation", "workshop", "panel", "poster", "lightning_talk"];
  await db.execute(sql`
    insert into event_calls (event_id, formats, guidance_en, deadline, rubric, reviews_per_proposal)
    values (${options.eventId}, ${sql.raw(`array['${formats.join("','")}']`)}, 'Bench call.', now() - interval '30 days',
            ${JSON.stringify(DEFAULT_RUBRIC)}::jsonb, ${perProposal})
    on conflict (event_id) do nothing`);
  await db.execute(sql`
    insert into users (email, name, password_hash, stakeholder_role, email_verified_at)
    select 'bench-reviewer-' || ${tag} || '-' || g || '@bench.example', 'Bench reviewer ' || g, 'x', 'researcher', now()
    from generate_series(1, ${reviewers}) g
    on conflict do nothing`);
  const ids = await queryRows<{ id: string }>(
    db,
    sql`select id from users where email like ${`bench-reviewer-${tag}-%@bench.example`} order by email`,
  );
  const reviewerIds = ids.map((r) => r.id);
  await db.execute(sql`
    insert into event_reviewers (event_id, user_id, organisation)
    select ${options.eventId}, u.id, 'Bench org ' || (row_number() over (order by u.email) % 40)
    from users u where u.email like ${`bench-reviewer-${tag}-%@bench.example`}
    on conflict do nothing`);
  await db.execute(sql`
    with r as (select id, row_number() over (order by email) - 1 as n from users where email like ${`bench-reviewer-${tag}-%@bench.example`}),
    p as (
      insert into event_proposals (event_id, submitted_by, status, title, abstract, learning_objectives,
                                   audience_level, format, submitted_at, language)
      select ${options.eventId}, (select id from r where n = g % ${reviewers}), 'submitted',
             'Bench proposal ' || g, 'An abstract about school mental health practice number ' || g || '.',
             'Describe the practice' || chr(10) || 'Plan a first step',
             (array['introductory','intermediate','advanced'])[1 + g % 3],
             (array[${sql.raw(formats.map((f) => `'${f}'`).join(","))}])[1 + g % 5],
             now() - interval '40 days', case when g % 7 = 0 then 'es' else 'en' end
      from generate_series(0, ${proposals - 1}) g
      returning id, title)
    insert into event_proposal_presenters (proposal_id, position, name, organisation, email)
    select p.id, k, 'Bench presenter ' || substr(p.title, 16) || '-' || k, 'Presenting org ' || (substr(p.title, 16)::int % 97),
           'bench-presenter-' || ${tag} || '-' || substr(p.title, 16) || '-' || k || '@bench.example'
    from p cross join generate_series(0, 1) k
    where k = 0 or substr(p.title, 16)::int % 3 = 0`);
  await db.execute(sql`
    with r as (select id, row_number() over (order by email) - 1 as n from users where email like ${`bench-reviewer-${tag}-%@bench.example`}),
    p as (select id, row_number() over (order by id) - 1 as n from event_proposals where event_id = ${options.eventId})
    insert into event_reviews (proposal_id, reviewer_id, scores, comment_to_presenters, submitted_at)
    select p.id, r.id,
           case when (p.n + k) % 3 <> 0 then jsonb_build_object('relevance', 1 + (p.n + k) % 5, 'evidence', 1 + (p.n * 7 + k) % 5,
             'practical', 1 + (p.n + 2 * k) % 5, 'equity', 1 + (p.n * 3) % 5, 'clarity', 1 + k % 5) end,
           '', case when (p.n + k) % 3 <> 0 then now() - interval '10 days' end
    from p cross join generate_series(0, ${perProposal - 1}) k
    join r on r.n = (p.n * ${perProposal} + k) % ${reviewers}
    on conflict do nothing`);
  return { reviewerIds };
}
