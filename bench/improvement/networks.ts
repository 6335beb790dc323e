import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sign } from "@fastify/cookie";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../../src/app";
import { loadConfig } from "../../src/config";
import { TEAMS_PER_PAGE } from "../../src/domains/improvement/networks/dashboard";
import { currentReportingPeriod, periodStarts, today } from "../../src/domains/improvement/networks/periods";
import { createSession, SESSION_COOKIE } from "../../src/platform/auth/sessions";
import { type Db, queryRows } from "../../src/platform/db/client";
import { addMembership, buildUser } from "../../src/seed/factories";
import { CONCURRENCY } from "../insights/run";
import { concurrentLatency } from "../page-load";
import { beginSuite, recordSection, table } from "../report";
import { freshDatabase, startBenchApp, stopServer } from "../support";

/**
 * The improvement-network suite (issue 11): one network of BENCH_NETWORK_TEAMS (500) teams × 10
 * shared measures × 36 monthly periods on PostgreSQL, generated set-based in SQL, the app started
 * on it, then CONCURRENCY clients over a mix of dashboard URLs (every measure, several pages of
 * teams) and of team chart pages. BENCH_REQUESTS shortens a run.
 */
const APP_PORT = 41_563;
const MEASURES = 10;
const PERIODS = 36;

const MEASURE_KINDS = [
  ["proportion", "Positive screens followed up within 30 days"],
  ["proportion", "Students with a support plan reviewed this month"],
  ["rate", "Office referrals per 100 students"],
  ["count", "Family sessions held"],
  ["mean", "Days from referral to first session"],
  ["proportion", "Staff trained in the referral pathway"],
  ["rate", "Crisis calls per 1,000 students"],
  ["count", "Classroom lessons on wellbeing"],
  ["mean", "Youth-rated usefulness of sessions (1-5)"],
  ["proportion", "Referrals with a signed consent within a week"],
] as const;

interface Generated {
  slug: string;
  teamIds: string[];
  measureIds: string[];
  memberId: string;
  seconds: number;
  values: number;
}

/** The network, its teams' schools, measures and every value, in a handful of set-based statements. */
async function generateNetwork(db: Db, teams: number): Promise<Generated> {
  const t0 = performance.now();
  const current = currentReportingPeriod(today(), "month", 10);
  const periods = periodStarts("2000-01-01", current.periodStart, "month").slice(-PERIODS);
  const first = periods[0]!;
  const [state] = await queryRows<{ id: string; nation: string }>(
    db,
    sql`select id, parent_id as nation from organisations where kind = 'state' and state_code = 'MD'`,
  );
  await db.execute(sql`
    insert into organisations (kind, name, parent_id, ancestor_ids, state_code, nces_id, city)
    select 'school', 'Network Bench School ' || n, ${state!.id}::uuid, array[${state!.nation}::uuid, ${state!.id}::uuid],
           'MD', '24' || lpad(n::text, 10, '0'), 'Benchville'
    from generate_series(1, ${teams}) n`);
  const [community] = await queryRows<{ id: string; slug: string }>(
    db,
    sql`insert into communities (slug, kind, level, name_en, name_es, purpose_en, purpose_es, visibility, join_policy)
        values ('bench-coiin', 'improvement_network', 'national', 'Bench CoIIN', 'CoIIN de prueba', 'Bench.', 'Prueba.', 'private', 'invite')
        returning id, slug`,
  );
  const networkId = community!.id;
  await db.execute(sql`
    insert into network_teams (community_id, organisation_id, letter_index, status, invited_at, decided_at)
    select ${networkId}::uuid, o.id, (row_number() over (order by o.nces_id))::int - 1, 'active', now() - interval '4 years', now() - interval '4 years'
    from organisations o where o.name like 'Network Bench School %'`);
  for (const [i, [type, name]] of MEASURE_KINDS.slice(0, MEASURES).entries()) {
    await db.execute(sql`
      insert into network_measures (community_id, name, definition, type, period, numerator_label, denominator_label, rate_unit, goal, starts_on, created_at)
      values (${networkId}::uuid, ${name}, 'Bench measure.', ${type}, 'month', 'Numerator',
        ${type === "proportion" || type === "rate" ? "Denominator" : null}, ${type === "rate" ? (name.includes("1,000") ? 1000 : 100) : null},
        ${type === "proportion" ? 0.8 : null}, ${first}::date, now() + make_interval(secs => ${i}))`);
  }
  // Every team × measure × period, but the last period's values of one team in twelve (late teams).
  // The change notices are off while the bulk insert runs: nothing is cached yet to be told.
  await db.execute(sql`alter table network_values disable trigger network_values_announce_change`);
  await db.execute(sql`
    insert into network_values (measure_id, team_id, period_start, numerator, denominator, value)
    select v.measure_id, v.team_id, v.period_start, v.numerator, v.denominator,
           case v.type when 'proportion' then v.numerator / v.denominator
                       when 'rate' then v.numerator / v.denominator * v.rate_unit
                       else v.numerator end
    from (
      select m.id as measure_id, t.id as team_id, p.period_start, m.type, m.rate_unit,
        case m.type
          when 'proportion' then least(d.den, floor(d.den * (0.45 + (hashint4(t.letter_index * 31 + p.k) & 255) / 1020.0 + case when p.k >= 18 then 0.2 else 0 end)))
          when 'rate' then floor((hashint4(t.letter_index * 17 + p.k) & 15) + 2)
          when 'count' then floor((hashint4(t.letter_index * 13 + p.k) & 31) + 5)
          else 10 + (hashint4(t.letter_index * 7 + p.k) & 1023) / 100.0
        end::float8 as numerator,
        case when m.type in ('proportion', 'rate') then d.den::float8 end as denominator
      from network_teams t
      cross join network_measures m
      cross join lateral (select (g - 1) as k, (${first}::date + make_interval(months => g - 1))::date as period_start
                          from generate_series(1, ${periods.length}) g) p
      cross join lateral (select 20 + (hashint4(t.letter_index * 101 + p.k) & 63) as den) d
      where t.community_id = ${networkId}::uuid and m.community_id = ${networkId}::uuid
        and not (p.k = ${periods.length - 1} and t.letter_index % 12 = 11)
    ) v`);
  await db.execute(sql`alter table network_values enable trigger network_values_announce_change`);
  await db.execute(sql`analyze network_values`);
  await db.execute(sql`analyze network_teams`);
  const teamIds = (
    await queryRows<{ id: string }>(db, sql`select id from network_teams order by letter_index limit 60`)
  ).map((r) => r.id);
  const measureIds = (
    await queryRows<{ id: string }>(db, sql`select id from network_measures order by created_at`)
  ).map((r) => r.id);
  const [counted] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from network_values`);
  // The viewer: a member of the first team (sees the other teams as letters).
  const [firstTeam] = await queryRows<{ organisationId: string }>(
    db,
    sql`select organisation_id as "organisationId" from network_teams order by letter_index limit 1`,
  );
  const member = await buildUser(db, { email: "network-bench@example.org", name: "Bench Member" });
  await addMembership(db, member.id, firstTeam!.organisationId, "member");
  return {
    slug: community!.slug,
    teamIds,
    measureIds,
    memberId: member.id,
    seconds: (performance.now() - t0) / 1000,
    values: counted!.n,
  };
}

/** Each URL once, one at a time: times (sorted) and the pages' median size in KB. */
async function timedSequentialLoads(
  urls: string[],
  cookie: string,
): Promise<{ times: number[]; kb: number }> {
  const times: number[] = [];
  const sizes: number[] = [];
  for (const url of urls) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie, "accept-encoding": "gzip, br" } });
    sizes.push((await res.arrayBuffer()).byteLength / 1024);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t0);
  }
  sizes.sort((a, b) => a - b);
  return { times: times.sort((a, b) => a - b), kb: sizes[Math.floor(sizes.length / 2)]! };
}

export async function runNetworksBench(options: { postgresUrl: string }) {
  const suiteStart = beginSuite();
  const teams = Number(process.env.BENCH_NETWORK_TEAMS ?? 500);
  const requests = Number(process.env.BENCH_REQUESTS ?? 400);
  const databaseUrl = await freshDatabase(options.postgresUrl, "smh_networks_bench");
  const dir = mkdtempSync(join(tmpdir(), "smh-networks-"));
  const env = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
    SEED_DEMO: "false",
    SESSION_SECRET: "bench-only-secret-0123456789abcdef0123456789",
  };
  const config = loadConfig({ ...env, LOG_LEVEL: "silent" });
  const database = await prepareDatabase(config);
  const { db } = database;
  let child: Awaited<ReturnType<typeof startBenchApp>>["child"] | undefined;
  try {
    const g = await generateNetwork(db, teams);
    console.log(
      `Networks: ${teams} teams × ${MEASURES} measures × ${PERIODS} months = ${g.values} values in ${g.seconds.toFixed(1)} s`,
    );
    const session = `${SESSION_COOKIE}=${sign(await createSession(db, g.memberId, { userAgent: "bench" }), config.sessionSecret)}`;
    const app = await startBenchApp(env, APP_PORT);
    child = app.child;
    const base = `http://127.0.0.1:${APP_PORT}/networks/${g.slug}`;
    // A browser keeps the CSRF cookie its first page set: signed-in pages (their forms signed
    // for it) are kept in the page cache only for requests that carry it.
    const first = await fetch(`${base}/change-package`, { headers: { cookie: session } });
    const csrf = first.headers
      .getSetCookie()
      .find((c) => c.startsWith("smh_csrf="))
      ?.split(";")[0];
    const cookie = csrf ? `${session}; ${csrf}` : session;
    const pages = Math.ceil(teams / TEAMS_PER_PAGE);
    const dashboards = g.measureIds.flatMap((m) =>
      [1, 2, pages].filter((p, i, all) => all.indexOf(p) === i).map((p) => `${base}?measure=${m}&page=${p}`),
    );
    const teamPages = g.teamIds.slice(0, 50).map((id) => `${base}/teams/${id}`);
    const rows: (string | number)[][] = [];
    const loads: number[] = [];
    const cases = [
      {
        label:
          "Network dashboard (pooled chart of one measure over 500 teams, a page of 24 small multiples, who reported)",
        urls: dashboards,
        target: 50,
      },
      {
        label: "One team's chart page (its 10 measures, 36 months each, charts and tables)",
        urls: teamPages,
        target: 20,
      },
    ];
    for (const c of cases) {
      const { times: cold, kb } = await timedSequentialLoads(c.urls, cookie);
      // Then each URL again alone, from the page cache: serving time without queueing.
      const { times: alone } = await timedSequentialLoads(c.urls, cookie);
      loads.push(loadavg()[0]!);
      const r = await concurrentLatency(c.urls, cookie, requests, CONCURRENCY);
      const met = r.p95 <= c.target ? "met" : "NOT met";
      const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
      console.log(
        `  ${c.label}: first load median ${median(cold).toFixed(0)} ms; alone from the cache median ${median(alone).toFixed(1)} ms; ${CONCURRENCY} clients p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms ${met}`,
      );
      rows.push([
        c.label,
        `${c.urls.length} URLs, ${r.n} requests, **${CONCURRENCY} concurrent clients**`,
        `${kb.toFixed(0)} KB`,
        `${median(cold).toFixed(0)} ms (slowest ${cold.at(-1)!.toFixed(0)} ms)`,
        `${median(alone).toFixed(1)} ms (p95 ${alone[Math.floor(alone.length * 0.95)]!.toFixed(1)} ms)`,
        `${r.p50.toFixed(1)} ms`,
        `${r.p95.toFixed(1)} ms`,
        `p95 ≤ ${c.target} ms`,
        met,
      ]);
    }
    const md = `Dataset: one network of ${teams} member teams × ${MEASURES} shared measures (proportions, rates, counts, means) × ${PERIODS} monthly periods = ${g.values.toLocaleString("en-US")} values (one team in twelve late for the last period), generated set-based in SQL by \`bench/improvement/networks.ts\` in ${g.seconds.toFixed(1)} s. App on PostgreSQL (\`JOBS_WORKER=false\`, \`LOG_LEVEL=warn\`), signed in as a member of one team (the others shown as letters), responses compressed as a browser asks.

Each case: every URL loaded once, one at a time ("first load": the page built from the database — one query for the pooled series, one for the page's teams' points — and kept in the page cache), then each again alone ("alone from the cache": serving time without queueing), then ${requests} requests by **${CONCURRENCY} concurrent clients** taking the URLs in turn (dashboards: every measure, first, second and last page of teams; team pages: 50 teams). Repeat reads come from the page cache until a new value announces its measure's tag. 1-minute load average during the cases: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (2 cores shared).

${table(["what", "load", "page (HTML)", "first load, median", "alone from the cache, median", "p50", "p95", "target", ""], rows)}`;
    console.log(md);
    recordSection("networks", md, suiteStart);
  } finally {
    if (child) await stopServer(child);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
