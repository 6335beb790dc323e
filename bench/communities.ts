import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sign } from "@fastify/cookie";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../src/app";
import { loadConfig } from "../src/config";
import { type BenchSize, generateCommunitiesBenchData, NATIONAL_BENCH } from "./generate/communities-data";
import { POSTS_PER_PAGE } from "../src/domains/communities/discussions/service";
import { sendDigests } from "../src/domains/communities/notifications/service";
import { MANY_MATCHES, RECENT_CANDIDATES } from "../src/domains/communities/search/service";
import { SESSION_COOKIE, createSession } from "../src/platform/auth/sessions";
import { queryRows } from "../src/platform/db/client";
import { beginSuite, recordSection, table } from "./report";
import { latencyOf, startServer, stopServer } from "./support";

/** A port nobody listens on (other suites and manual servers may run on the fixed ones). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port")),
      );
    });
  });
}
const tsx = "node_modules/.bin/tsx";

/**
 * The communities figures of issue 4: a national-shape dataset on PostgreSQL (sizes from
 * BENCH_MEMBERS / BENCH_COMMUNITIES / BENCH_POSTS, defaults 50,000 / 2,000 / 1,000,000), p50/p95
 * of the pages a member opens most, and the time to build everyone's daily digest.
 * BENCH_REQUESTS sets the timed requests per page (default 200, after 5 warm-up requests).
 */
function sizeFromEnv(): BenchSize {
  const num = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
    return value;
  };
  return {
    ...NATIONAL_BENCH,
    members: num("BENCH_MEMBERS", NATIONAL_BENCH.members),
    communities: num("BENCH_COMMUNITIES", NATIONAL_BENCH.communities),
    posts: num("BENCH_POSTS", NATIONAL_BENCH.posts),
  };
}

const fmt = (ms: number) => ms.toFixed(1);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function runCommunitiesBench(options: { postgresUrl: string }) {
  const suiteStart = beginSuite();
  const suiteStarted = performance.now();
  const size = sizeFromEnv();
  const requests = Number(process.env.BENCH_REQUESTS ?? 200);
  const env = {
    DATABASE_URL: options.postgresUrl,
    SEED_DEMO: "false",
    SESSION_SECRET: "bench-only-secret-0123456789abcdef0123456789",
  };
  const dir = mkdtempSync(join(tmpdir(), "smh-bench-communities-"));
  const config = loadConfig({ ...env, DATA_DIR: dir, LOG_LEVEL: "silent" });
  console.log(
    `Communities: ${size.members} members, ${size.communities} communities, ${size.posts} posts on PostgreSQL; ${requests} requests per page`,
  );

  // 1. Dataset.
  const database = await prepareDatabase(config);
  const g0 = performance.now();
  const steps: string[] = [];
  const handles = await generateCommunitiesBenchData(database.db, size, (step, ms) => {
    steps.push(`${step} ${seconds(ms)}`);
    console.log(`    ${step}: ${seconds(ms)}`);
  });
  await database.db.execute(sql`vacuum analyze`);
  const generationMs = performance.now() - g0;
  const [counts] = await queryRows<{
    users: number;
    communities: number;
    posts: number;
    topics: number;
    notes: number;
  }>(
    database.db,
    sql`select (select count(*)::int from users where email like 'bench-%@bench.invalid') as users,
               (select count(*)::int from communities where slug like 'bench-%') as communities,
               (select count(*)::int from community_posts) as posts,
               (select count(*)::int from community_topics) as topics,
               (select count(*)::int from community_notifications) as notes`,
  );
  console.log(`  dataset generated in ${seconds(generationMs)}: ${JSON.stringify(counts)}`);

  // 2. The daily digests of every member (the job handler's work, called directly).
  const d0 = performance.now();
  const digests = await sendDigests(database.db, "daily");
  const digestMs = performance.now() - d0;
  console.log(`  daily digests: ${digests} emails in ${seconds(digestMs)}`);

  // 3. Pages, as the busy member (first of the bench people: member of three communities,
  // many unread notifications).
  const token = await createSession(database.db, handles.busyMemberId, { userAgent: "bench" });
  const cookie = `${SESSION_COOKIE}=${sign(token, config.sessionSecret)}`;
  const [long] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from community_posts where topic_id = ${handles.longTopicId}`,
  );
  // A community the member belongs to (a member's view records the visit and marks new topics).
  const [own] = await queryRows<{ slug: string }>(
    database.db,
    sql`select c.slug from community_members m join communities c on c.id = m.community_id
        where m.user_id = ${handles.busyMemberId} order by c.slug limit 1`,
  );
  const [screening] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from community_posts
        where search_vector @@ (websearch_to_tsquery('english', 'screening') || websearch_to_tsquery('spanish', 'screening'))`,
  );
  await database.close();

  const port = await freePort();
  const app = await startServer(
    [tsx, "src/main.ts"],
    { ...env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: "warn", JOBS_WORKER: "false" },
    `http://127.0.0.1:${port}/healthz`,
    120_000,
  );
  const base = `http://127.0.0.1:${port}`;
  const perPage = POSTS_PER_PAGE;
  const lastPage = Math.max(1, Math.ceil((long?.n ?? 1) / perPage));
  const topicUrl = `${base}/communities/${handles.longTopicCommunitySlug}/topics/${handles.longTopicId}`;
  // Every generated post says "Post <n>: …", so a post number is a word only one post (and perhaps a
  // topic title) contains.
  const rareWord = String(Math.floor(size.posts * 0.77) + 1);
  const targets: { what: string; url: string; target: number }[] = [
    {
      what: "community page (as a member)",
      url: `${base}/communities/${own?.slug ?? handles.sampleCommunitySlug}`,
      target: 30,
    },
    { what: `topic page, first page (${long?.n ?? 0} posts)`, url: topicUrl, target: 30 },
    { what: `topic page, last page (page ${lastPage})`, url: `${topicUrl}?page=${lastPage}`, target: 30 },
    { what: "search, common word (“screening”)", url: `${base}/communities/search?q=screening`, target: 100 },
    {
      what: `search, rare word (“${rareWord}”)`,
      url: `${base}/communities/search?q=${rareWord}`,
      target: 100,
    },
    { what: "notification list", url: `${base}/notifications`, target: 30 },
  ];
  const rows: (string | number)[][] = [];
  try {
    for (const target of targets) {
      const r = await latencyOf(target.url, requests, { cookie });
      console.log(`  ${target.what}: p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms`);
      rows.push([
        target.what,
        fmt(r.p50),
        fmt(r.p95),
        `≤ ${target.target}`,
        r.p95 <= target.target ? "met" : "NOT met",
      ]);
    }
  } finally {
    await stopServer(app.child);
    rmSync(dir, { recursive: true, force: true });
  }
  rows.push([
    "daily digests (job handler, all members)",
    "",
    seconds(digestMs),
    "≤ 60 s",
    digestMs <= 60_000 ? "met" : "NOT met",
  ]);

  const md = `Dataset on PostgreSQL: ${counts?.users} members, ${counts?.communities} communities, ${counts?.topics} topics,
${counts?.posts} posts (one topic with ${long?.n ?? 0} posts), ${counts?.notes} notifications; generated with set-based SQL in
**${seconds(generationMs)}** (${steps.join(", ")}, then \`vacuum analyze\`). Pages are fetched as a signed-in member (server rendered HTML),
${requests} sequential requests each after 5 warm-up requests; times in ms.

${table(["what", "p50 ms", "p95 ms", "target ms", "met?"], rows)}

“screening” is in ${screening?.n ?? 0} posts${(screening?.n ?? 0) >= MANY_MATCHES ? `, so (as for any word in at least ${MANY_MATCHES} posts) the ${RECENT_CANDIDATES} newest readable matches are ranked and the page says so` : ""};
“${rareWord}” is in one post and ranked with all its matches. The whole suite took ${seconds(performance.now() - suiteStarted)}.

Daily digests: ${digests} emails (one per member with unread notifications, up to 50 items each) written to the
outbox in **${seconds(digestMs)}** by \`sendDigests(db, "daily")\`, the \`communities.digest\` job's work.`;
  console.log(md);
  recordSection("communities", md, suiteStart);
}
