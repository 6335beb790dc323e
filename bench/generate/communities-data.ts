import { sql } from "drizzle-orm";
import type { Db } from "../../src/platform/db/client";
import { queryRows } from "../../src/platform/db/client";
import { hashPassword } from "../../src/platform/auth/passwords";

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
  /** Unread notifications given to every other member (so everyone gets a daily digest). */
  otherNotificationsPerMember?: number;
}

export const NATIONAL_BENCH: BenchSize = {
  members: 50_000,
  communities: 2_000,
  posts: 1_000_000,
  longTopicReplies: 500,
  notificationsPerMember: 40,
};

const WORDS = [
  "screening",
  "families",
  "youth",
  "counselors",
  "funding",
  "Medicaid",
  "teachers",
  "wellness",
  "crisis",
  "referral",
  "tiered",
  "supports",
  "escuelas",
  "familias",
  "jóvenes",
  "evaluación",
  "bienestar",
  "consejería",
  "equity",
  "data",
];

export interface BenchHandles {
  longTopicId: string;
  longTopicCommunitySlug: string;
  busyMemberId: string;
  sampleCommunitySlug: string;
}

export async function generateCommunitiesBenchData(
  db: Db,
  size: BenchSize,
  onStep: (step: string, ms: number) => void = () => {},
): Promise<BenchHandles> {
  let stepStarted = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    onStep(name, now - stepStarted);
    stepStarted = now;
  };
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
  step("users");
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
  step("communities");
  // The join is on a plain number (not on a column of both sides), so PostgreSQL can hash it.
  const [communityCount] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from communities where slug like 'bench-%'`,
  );
  const totalCommunities = Math.max(1, communityCount?.n ?? 1);
  await db.execute(
    sql`with u as (select id, row_number() over (order by email) as n from users where email like 'bench-%@bench.invalid'),
             c as (select id, row_number() over (order by slug) - 1 as n from communities where slug like 'bench-%')
        insert into community_members (community_id, user_id, role)
        select c.id, u.id, case when u.n <= ${totalCommunities} and k = 1 then 'lead' else 'member' end
        from u cross join generate_series(1, 3) k
        join c on c.n = (u.n * (7 + 6 * k)) % ${totalCommunities}
        on conflict do nothing`,
  );
  step("memberships");
  await db.execute(
    sql`insert into community_profiles (user_id, handle, email_frequency)
        select id, 'bench-' || replace(split_part(email, '@', 1), 'bench-', 'p'), 'daily'
        from users where email like 'bench-%@bench.invalid'
        on conflict do nothing`,
  );
  step("profiles");
  // Authors are picked by joining on a row number (a hash join), never by indexing an array of
  // every id: an array of 50,000 ids is copied for each generated row and made this step take hours.
  const [counts] = await queryRows<{ members: number }>(
    db,
    sql`select count(*)::int as members from users where email like 'bench-%@bench.invalid'`,
  );
  const memberCount = Math.max(1, counts?.members ?? 1);
  const people = sql`select id, row_number() over (order by email) - 1 as n from users where email like 'bench-%@bench.invalid'`;
  await db.execute(
    sql`with c as (select id, row_number() over (order by slug) - 1 as n, count(*) over () as total from communities where slug like 'bench-%'),
             u as (${people})
        insert into community_topics (community_id, author_id, title, created_at, last_post_at)
        select c.id, u.id, 'Bench topic ' || g || ' about ' || (${words})[1 + g % 20],
               now() - make_interval(mins => g), now() - make_interval(mins => g)
        from generate_series(1, ${topicsCount}) g join u on u.n = g % ${memberCount} join c on c.n = g % c.total`,
  );
  step("topics");
  const [topicCount] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from community_topics where title like 'Bench topic %'`,
  );
  // A million rows go in faster without the secondary indexes (above all the GIN search index),
  // which are then built once, as they were defined by the migration.
  const bulk = size.posts >= 100_000;
  const indexes = bulk
    ? await queryRows<{ name: string; def: string }>(
        db,
        sql`select indexname as name, indexdef as def from pg_indexes
            where tablename = 'community_posts' and indexname <> 'community_posts_pkey'`,
      )
    : [];
  for (const index of indexes) await db.execute(sql.raw(`drop index if exists "${index.name}"`));
  await db.execute(
    sql`with t as (select id, community_id, row_number() over (order by id) - 1 as n from community_topics where title like 'Bench topic %'),
             u as (${people})
        insert into community_posts (topic_id, community_id, author_id, body_markdown, body_html, created_at)
        select t.id, t.community_id, u.id,
               'Post ' || g || ': our ' || (${words})[1 + g % 20] || ' work with ' || (${words})[1 + (g / 20) % 20] || ' goes on.',
               '<p>Post ' || g || '</p>', now() - make_interval(secs => g)
        from generate_series(1, ${size.posts}) g
        join u on u.n = (g * 31) % ${memberCount}
        join t on t.n = g % ${Math.max(1, topicCount?.n ?? 1)}`,
  );
  step("posts");
  if (indexes.length > 0) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
      for (const index of indexes) await tx.execute(sql.raw(index.def));
    });
    step("post indexes");
  }
  const [long] = await queryRows<{ id: string; slug: string }>(
    db,
    sql`select t.id, c.slug from community_topics t join communities c on c.id = t.community_id
        where t.title like 'Bench topic %' and c.visibility = 'public' order by t.created_at desc limit 1`,
  );
  await db.execute(
    sql`with u as (${people})
        insert into community_posts (topic_id, community_id, author_id, body_markdown, body_html, created_at)
        select t.id, t.community_id, u.id, 'Long reply ' || g, '<p>Long reply ' || g || '</p>',
               now() - interval '1 day' + make_interval(secs => g)
        from community_topics t cross join generate_series(1, ${size.longTopicReplies ?? 500}) g
        join u on u.n = g % ${memberCount}
        where t.id = ${long!.id}`,
  );
  step("long topic");
  await db.execute(
    sql`update community_topics t set reply_count = greatest(x.n - 1, 0), last_post_at = x.last
        from (select topic_id, count(*)::int as n, max(created_at) as last from community_posts group by topic_id) x
        where x.topic_id = t.id and t.title like 'Bench topic %'`,
  );
  step("reply counts");
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
  // Everyone else has a few unread notifications too, so every member gets a daily digest.
  await db.execute(
    sql`with u as (select id, row_number() over (order by email) as n from users where email like 'bench-%@bench.invalid'),
             p as (select id, community_id, row_number() over (order by created_at) - 1 as n from community_posts where topic_id = ${long!.id})
        insert into community_notifications (user_id, kind, community_id, topic_id, post_id, summary, link, created_at)
        select u.id, 'reply', p.community_id, ${long!.id}, p.id, 'Bench Person replied in a bench topic', '/communities/posts/' || p.id,
               now() - make_interval(mins => g)
        from u cross join generate_series(1, ${size.otherNotificationsPerMember ?? 2}) g
        join p on p.n = (u.n * 7 + g) % ${(size.longTopicReplies ?? 500) + 1}
        where u.n > 1000`,
  );
  step("notifications");
  const [busy] = await queryRows<{ id: string }>(
    db,
    sql`select id from users where email = 'bench-1@bench.invalid'`,
  );
  const [sample] = await queryRows<{ slug: string }>(
    db,
    sql`select c.slug from communities c where c.slug like 'bench-%' and c.visibility = 'public' order by c.slug limit 1`,
  );
  return {
    longTopicId: long!.id,
    longTopicCommunitySlug: long!.slug,
    busyMemberId: busy!.id,
    sampleCommunitySlug: sample!.slug,
  };
}
