import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sign } from "@fastify/cookie";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../../src/app";
import { loadConfig } from "../../src/config";
import { seedCatalogueDemo } from "../../src/domains/library/catalogue/demo";
import { generateUsage } from "../../src/domains/library/reach/generate";
import { createSession, SESSION_COOKIE } from "../../src/platform/auth/sessions";
import { type Db, queryRows } from "../../src/platform/db/client";
import { buildUser } from "../../src/seed/factories";
import { beginSuite, recordSection, table } from "../report";
import { browserCookie } from "../page-load";
import { freshDatabase, startBenchApp, stopServer } from "../support";
import { largeDownloadCase } from "./files";
import { generateLibraryResources } from "./generate";
import { reachDashboardCase, recordingOverheadCase } from "./reach";
import { answers, type LibraryBenchContext, type LibraryBenchRow, notMeasured, timePages } from "./support";

/*
 * The library suite (issue 12): 20,000 resources and 10 million usage events over two years on
 * PostgreSQL, the app started on them, and the figures: library search with facets
 * (p95 ≤ 30 ms), a resource page (≤ 10 ms), the reach dashboard of the nation and of the largest
 * state (≤ 50 ms), what recording a usage event adds to a download (≤ 1 ms) and a 20 MB download
 * against node:http streaming the same file from disk (≥ 50 %). A figure whose feature is not on
 * main yet is written NOT MEASURED, with the reason. BENCH_LIBRARY_QUICK=1 runs a small version
 * (2,000 resources, 200,000 events, a 2 MB file, 100 requests per case) to check the suite;
 * BENCH_LIBRARY_RESOURCES, BENCH_LIBRARY_EVENTS, BENCH_LIBRARY_FILE_MB, BENCH_REQUESTS and
 * BENCH_LIBRARY_CLIENTS change a run.
 */
const APP_PORT = 41_733;

type Case = (ctx: LibraryBenchContext) => Promise<LibraryBenchRow[]>;

/** The screening catalogue (this suite's own capability): its list with filters, signed out. */
const catalogueCase: Case = async (ctx) => {
  const urls = [
    "/library/measures",
    "/library/measures?focus=anxiety",
    "/library/measures?reporter=teacher&cost=free",
    "/library/measures?level=high&language=es",
    "/library/measures/compare?m=sdq&m=psc-17&m=scared&m=rcads",
  ];
  if (!(await answers(ctx.base + urls[0]!)))
    return [notMeasured("Screening catalogue list", "—", "the catalogue is not served")];
  return (
    await timePages(ctx, "Screening catalogue: list with filters and a comparison, signed out", urls, "", 30)
  ).map((row) => ({ ...row, target: "— (no target; pages kept in the page cache)", verdict: "—" }));
};

/**
 * Library search with facets, signed out: the words people search for (the generator's topics,
 * in English and Spanish, from rare to ones in most of the library), alone and with filters and
 * each order. Every query is new to the server the first time, as most searches a person types
 * are, so the target holds for first searches too.
 */
const SEARCH_URLS = [
  "/library?q=screening",
  "/library?q=detecci%C3%B3n",
  "/library?q=trauma&type=toolkit",
  "/library?q=family&domain=teaming&tier=1",
  "/library?audience=educator&language=es",
  "/library?state=MD&year=2024",
  "/library?q=suicide+prevention&sort=newest",
  "/library?q=medicaid+billing",
  "/library?q=social-emotional+learning&language=en",
  "/library?q=needs+assessment&sort=most_used",
  "/library?q=tier+2+groups",
  "/library?q=evaluaci%C3%B3n+de+necesidades",
  "/library?q=familias&type=guide",
  "/library?q=data-driven+decisions&tier=2",
  "/library?q=clinicians&domain=intervention",
  "/library?q=webinar&sort=newest",
  "/library?q=brief",
  "/library?q=schools&sort=most_used",
  "/library?sort=most_used",
  "/library?type=toolkit&page=3",
];

const searchCase: Case = async (ctx) => {
  const what = "Library search with facets, signed out";
  if (!(await answers(`${ctx.base}/library`)))
    return [notMeasured(what, "p95 ≤ 30 ms", "no /library search page on main yet")];
  return timePages(ctx, what, SEARCH_URLS, "", 30, "target");
};

/** A resource's page, signed out (the page cache serves it; counting runs on every view). */
const resourcePageCase: Case = async (ctx) => {
  const what = "Resource page, signed out";
  const slugs = await queryRows<{ slug: string }>(
    ctx.db,
    sql`select slug from library_resources where status = 'published' and not community_only order by slug limit 41`,
  );
  // The first address is opened untimed: a route's first request in a process compiles its
  // input schemas, which no later visitor pays.
  const [warmUp, ...urls] = slugs.map((s) => `/library/${s.slug}`);
  if (!warmUp || !(await answers(ctx.base + warmUp)))
    return [notMeasured(what, "p95 ≤ 10 ms", "no resource page on main yet")];
  return timePages(ctx, what, urls, "", 10);
};

export const CASES: Case[] = [
  catalogueCase,
  searchCase,
  resourcePageCase,
  (ctx) => reachDashboardCase(ctx),
  (ctx) => recordingOverheadCase(ctx),
  (ctx) => largeDownloadCase(ctx),
];

export async function runLibraryBench(options: { postgresUrl: string }) {
  const suiteStart = beginSuite();
  const quick = process.env.BENCH_LIBRARY_QUICK === "1";
  const resources = Number(process.env.BENCH_LIBRARY_RESOURCES ?? (quick ? 2_000 : 20_000));
  const events = Number(process.env.BENCH_LIBRARY_EVENTS ?? (quick ? 200_000 : 10_000_000));
  const fileBytes = Number(process.env.BENCH_LIBRARY_FILE_MB ?? (quick ? 2 : 20)) * 1024 * 1024;
  const requests = Number(process.env.BENCH_REQUESTS ?? (quick ? 100 : 400));
  const clients = Number(process.env.BENCH_LIBRARY_CLIENTS ?? 4);
  const databaseUrl = await freshDatabase(options.postgresUrl, "smh_library_bench");
  const dir = mkdtempSync(join(tmpdir(), "smh-library-"));
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
    const t0 = performance.now();
    const generated = await generateLibraryResources(db, resources);
    const resourceSeconds = (performance.now() - t0) / 1000;
    console.log(
      `  ${generated.resources} resources (${generated.published} published or archived) in ${resourceSeconds.toFixed(1)} s`,
    );
    const usage = await generateUsageEvents(db, events);
    console.log(`  usage: ${usage.note}`);
    await seedCatalogueDemo(db);
    const admin = await buildUser(db, {
      email: "library-bench-admin@example.org",
      name: "Bench Admin",
      systemRole: "admin",
    });
    const adminCookie = `${SESSION_COOKIE}=${sign(await createSession(db, admin.id, { userAgent: "bench" }), config.sessionSecret)}`;
    const app = await startBenchApp(env, APP_PORT);
    child = app.child;
    const base = `http://127.0.0.1:${APP_PORT}`;
    const ctx: LibraryBenchContext = {
      db,
      base,
      // As a browser that has opened a page: the session and the CSRF cookie the site set.
      cookies: { anonymous: "", admin: await browserCookie(base, adminCookie) },
      adminId: admin.id,
      requests,
      clients,
      quick,
      fileBytes,
      dir,
    };
    const rows: LibraryBenchRow[] = [];
    const loads: number[] = [];
    for (const run of CASES) {
      loads.push(loadavg()[0]!);
      for (const row of await run(ctx)) {
        console.log(`  ${row.what} (${row.load}): p50 ${row.p50}, p95 ${row.p95} ${row.verdict}`);
        rows.push(row);
      }
    }
    const md = `Data: ${generated.resources.toLocaleString("en-US")} library resources (${generated.published.toLocaleString("en-US")} published or archived; national shelf and the 12 practice groups' shelves, both languages, every facet spread) generated in SQL in ${resourceSeconds.toFixed(1)} s (\`bench/library/generate.ts\`); usage: ${usage.note}. App on PostgreSQL (\`JOBS_WORKER=false\`, \`LOG_LEVEL=warn\`); each page case timed one request at a time — each URL's first visit (the page built from the database) apart from the visits after it — and then by ${clients} concurrent clients (${requests} requests); a route's first request in the process (which compiles its input schemas) is made untimed on an address not measured. Search is timed over 20 queries from rare words to words in most of the library: every query is new to the server on its first visit, as most searches a person types are.${quick ? " **Quick run (BENCH_LIBRARY_QUICK=1): a check of the suite, not the issue's scale.**" : ""} 1-minute load average during the cases: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (2 cores shared).

${table(
  ["what", "load", "p50", "p95", "target", ""],
  rows.map((r) => [r.what, r.load, r.p50, r.p95, r.target, r.verdict]),
)}`;
    console.log(md);
    recordSection("library", md, suiteStart);
  } finally {
    if (child) await stopServer(child);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Usage events over the report's months, by the reach capability's generator (rolled up as it goes). */
async function generateUsageEvents(db: Db, events: number): Promise<{ events: number; note: string }> {
  const t0 = performance.now();
  const made = await generateUsage(db, { events });
  const seconds = (performance.now() - t0) / 1000;
  await db.execute(sql`vacuum analyze`);
  return {
    events: made.events,
    note: `${made.events.toLocaleString("en-US")} usage events over ${made.months} months, generated and rolled up into monthly COUNTER counts by the reach capability's own generator and roll-up in ${seconds.toFixed(1)} s`,
  };
}
