import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { queryRows } from "../../platform/db/client";
import { hashPassword } from "../../platform/auth/passwords";

/**
 * A synthetic national-scale dataset for `npm run bench` (issue figures: 50,000 members, 2,000
 * communities, 1,000,000 posts), built with set-based SQL so it takes minutes, not hours.
 * Every row is recognisable: bench people have addresses at bench.invalid, bench communities
 * slugs starting `bench-`. Nothing here runs in production code paths.
 */
export interface BenchSize {
  members: number;
  communities: number;
  posts: number;
  /** Replies in the one long topic the topic-page benchmark opens. */
  longTopicReplies?: number;
  /** Unread notifications given to each of the first 1,000 members. */
  notificationsPerMember?: number;
}

export const NATIONAL_BENCH: BenchSize = { members: 50_000, communities: 2_000, posts: 1_000_000, longTopicReplies: 500, notificationsPerMember: 40 };

const WORDS = [
  "screening", "families", "youth", "counselors", "funding", "Medicaid", "teachers", "wellness", "crisis", "referral",
  "tiered", "supports", "escuelas", "familias", "jóvenes", "evaluación", "bienestar", "consejería", "equity", "data",
];

export interface BenchHandles {
  longTopicId: string;
  longTopicCommunitySlug: string;
  busyMemberId: string;
  sampleCommunitySlug: string;
}

export async function generateCommunitiesBenchData(db: Db, size: BenchSize): Promise<BenchHandles> {
  const passwordHash = await hashPassword("bench-password-not-for-use");
  const topicsCount = Math.max(1, Math.floor(size.posts / 50));
  const words = sql.raw(`array[${WORDS.map((w) => `'${w}'`).join(",")}]`);
  await db.execute(
    sql`insert into users (email, name, password_hash, state_code, stakeholder_role, email_verified_at)
        select 'bench-' || g || '@bench.invalid', 'Bench Person ' || g, ${passwordHash},
               (array['MD','TX','CA','NY','OH','OR','FL','IL','WA','GA'])[1 + g % 10],
               (array['family_member','youth','educator','school_mh_professional','community_mh_professional',
                      'school_administrator','health_professional','researcher','policymaker','other'])[1 + g % 10],
               now()
        from generate_series(1, ${size.members}) g
        on conflict do nothing`,
  );
  await db.execute(
    sql`insert into communities (slug, kind, level, state_code, name_en, name_es, purpose_en, purpose_es, visibility, join_policy, topics)
        select 'bench-' || g,
               (array['state_cop','state_coalition','improvement_network','learning_collaborative'])[1 + g % 4],
               (array['local','district','state','regional','national'])[1 + g % 5],
               (array['MD','TX','CA','NY','OH'])[1 + g % 5],
               'Bench community ' || g, 'Comunidad de prueba ' || g, 'Synthetic community for benchmarks.', 'Comunidad sintética.',
               case when g % 10 = 0 then 'private' else 'public' end, 'open', array['screening','funding']
        from generate_series(1, ${size.communities}) g
        on conflict do nothing`,
  );
  // Each person in three communities, spread evenly.
  await db.execute(
    sql`with u as (select id, row_number() over (order by email) as n from users where email like 'bench-%@bench.invalid'),
             c as (select id, row_number() over (order by slug) - 1 as n, count(*) over () as total from communities where slug like 'bench-%')
        insert into community_members (community_id, user_id, role)
        select c.id, u.id, case when u.n <= c.total and k = 1 then 'lead' else 'member' end
        from u cross join generate_series(1, 3) k
        join c on c.n = (u.n * (7 + 6 * k)) % c.total
        on conflict do nothing`,
  );
  await db.execute(
    sql`insert into community_profiles (user_id, handle, email_frequency)
        select id, 'bench-' || replace(split_part(email, '@', 1), 'bench-', 'p'), 'daily'
        from users where email like 'bench-%@bench.invalid'
        on conflict do nothing`,
  );
  await db.execute(
    sql`with c as (select id, row_number() over (order by slug) - 1 as n, count(*) over () as total from communities where slug like 'bench-%'),
             u as (select array_agg(id order by email) as ids from users where email like 'bench-%@bench.invalid')
        insert into community_topics (community_id, author_id, title, created_at, last_post_at)
        select c.id, u.ids[1 + g % array_length(u.ids, 1)], 'Bench topic ' || g || ' about ' || (${words})[1 + g % 20],
               now() - make_interval(mins => g), now() - make_interval(mins => g)
        from generate_series(1, ${topicsCount}) g cross join u join c on c.n = g % c.total`,
  );
  await db.execute(
    sql`with t as (select id, community_id, row_number() over (order by id) - 1 as n, count(*) over () as total
                   from community_topics where title like 'Bench topic %'),
             u as (select array_agg(id order by email) as ids from users where email like 'bench-%@bench.invalid')
        insert into community_posts (topic_id, community_id, author_id, body_markdown, body_html, created_at)
        select t.id, t.community_id, u.ids[1 + (g * 31) % array_length(u.ids, 1)],
               'Post ' || g || ': our ' || (${words})[1 + g % 20] || ' work with ' || (${words})[1 + (g / 20) % 20] || ' goes on.',
               '<p>Post ' || g || '</p>', now() - make_interval(secs => g)
        from generate_series(1, ${size.posts}) g cross join u join t on t.n = g % t.total`,
  );
  const [long] = await queryRows<{ id: string; slug: string }>(
    db,
    sql`select t.id, c.slug from community_topics t join communities c on c.id = t.community_id
        where t.title like 'Bench topic %' and c.visibility = 'public' order by t.created_at desc limit 1`,
  );
  await db.execute(
    sql`with u as (select array_agg(id order by email) as ids from users where email like 'bench-%@bench.invalid')
        insert into community_posts (topic_id, community_id, author_id, body_markdown, body_html, created_at)
        select t.id, t.community_id, u.ids[1 + g % array_length(u.ids, 1)], 'Long reply ' || g, '<p>Long reply ' || g || '</p>',
               now() - interval '1 day' + make_interval(secs => g)
        from community_topics t cross join u cross join generate_series(1, ${size.longTopicReplies ?? 500}) g
        where t.id = ${long!.id}`,
  );
  await db.execute(
    sql`update community_topics t set reply_count = greatest(x.n - 1, 0), last_post_at = x.last
        from (select topic_id, count(*)::int as n, max(created_at) as last from community_posts group by topic_id) x
        where x.topic_id = t.id and t.title like 'Bench topic %'`,
  );
  await db.execute(
    sql`with u as (select id, row_number() over (order by email) as n from users where email like 'bench-%@bench.invalid'),
             p as (select array_agg(id order by created_at) as ids, min(community_id::text)::uuid as community_id
                   from community_posts where topic_id = ${long!.id})
        insert into community_notifications (user_id, kind, community_id, topic_id, post_id, summary, link, created_at)
        select u.id, 'reply', p.community_id, ${long!.id}, p.ids[1 + g % array_length(p.ids, 1)],
               'Bench Person replied in a bench topic', '/communities/posts/' || p.ids[1 + g % array_length(p.ids, 1)],
               now() - make_interval(mins => g)
        from u cross join p cross join generate_series(1, ${size.notificationsPerMember ?? 40}) g
        where u.n <= 1000`,
  );
  const [busy] = await queryRows<{ id: string }>(db, sql`select id from users where email = 'bench-1@bench.invalid'`);
  const [sample] = await queryRows<{ slug: string }>(
    db,
    sql`select c.slug from communities c where c.slug like 'bench-%' and c.visibility = 'public' order by c.slug limit 1`,
  );
  return { longTopicId: long!.id, longTopicCommunitySlug: long!.slug, busyMemberId: busy!.id, sampleCommunitySlug: sample!.slug };
}
