import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { sign } from "@fastify/cookie";
import { prepareDatabase } from "../../src/app";
import { loadConfig } from "../../src/config";
import { createSession, SESSION_COOKIE } from "../../src/platform/auth/sessions";
import { buildUser } from "../../src/seed/factories";
import { generateDataset } from "../generate/dataset";
import { beginSuite, recordSection, table } from "../report";
import { aloneLatency, browserCookie, concurrentLatency, timedGet } from "../page-load";
import { freshDatabase, percentile, startBenchApp, stopServer } from "../support";
import type { InsightsBenchCase, InsightsBenchContext } from "./types";

/**
 * The census-insights suite (issue 10): the 100,000-school dataset, the app started on it, and
 * every case that a file in bench/insights/ exports (`cases: InsightsBenchCase[]`). "pages" cases
 * are loaded by CONCURRENCY clients at once spread over their URLs; "download" cases are fetched
 * whole, one at a time. BENCH_SCHOOLS and BENCH_REQUESTS shorten a run.
 */
export const CONCURRENCY = 20;
const APP_PORT = 41_377;
const NOT_CASE_FILES = new Set(["types.ts", "run.ts"]);

/** Every case of every bench/insights/*.ts file other than the runner and the interface. */
export async function loadCases(dir = new URL(".", import.meta.url)): Promise<InsightsBenchCase[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !NOT_CASE_FILES.has(f))
    .sort();
  const cases: InsightsBenchCase[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(dir.pathname, file)).href)) as {
      cases?: InsightsBenchCase[];
    };
    if (Array.isArray(mod.cases)) cases.push(...mod.cases);
  }
  return cases;
}

function verdict(value: number, target: number | undefined): string {
  if (target === undefined) return "—";
  return value <= target ? "met" : "NOT met";
}

export async function runInsightsBench(options: { postgresUrl: string }) {
  const suiteStart = beginSuite();
  const schools = Number(process.env.BENCH_SCHOOLS ?? 100_000);
  const requests = Number(process.env.BENCH_REQUESTS ?? 400);
  const cases = await loadCases();
  console.log(
    `Insights: ${cases.length} cases on ${schools} schools, ${requests} requests per page case by ${CONCURRENCY} clients`,
  );
  const databaseUrl = await freshDatabase(options.postgresUrl, "smh_insights_bench");
  const dir = mkdtempSync(join(tmpdir(), "smh-insights-"));
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
    const facts = await generateDataset(db, { schools });
    const generationSeconds = (performance.now() - t0) / 1000;
    console.log(`  generated ${facts.schools} schools in ${generationSeconds.toFixed(1)} s`);
    const cookieFor = async (userId: string) =>
      `${SESSION_COOKIE}=${sign(await createSession(db, userId, { userAgent: "bench" }), config.sessionSecret)}`;
    const admin = await buildUser(db, {
      email: "insights-bench@example.org",
      name: "Bench Admin",
      systemRole: "admin",
    });
    // Load shedding off: these figures are each page's latency under 20 clients, queueing
    // included; shedding would answer a quick 503 instead and hide a slow page.
    const app = await startBenchApp(env, APP_PORT);
    child = app.child;
    const ctx: InsightsBenchContext = {
      db,
      facts,
      baseUrl: `http://127.0.0.1:${APP_PORT}`,
      adminId: admin.id,
    };
    const rows: (string | number)[][] = [];
    const loads: number[] = [];
    for (const c of cases) {
      const { urls, as = admin.id } = await c.prepare(ctx);
      const absolute = urls.map((u) => (u.startsWith("http") ? u : ctx.baseUrl + u));
      // Each client is another person of the case's kind, in a browser of their own.
      const cookies = await Promise.all(
        Array.from({ length: CONCURRENCY }, async () =>
          browserCookie(ctx.baseUrl, as === null ? "" : await cookieFor(as)),
        ),
      );
      const cookie = cookies[0]!;
      loads.push(loadavg()[0]!);
      if (c.kind === "pages") {
        const r = await concurrentLatency(absolute, cookies, requests, CONCURRENCY);
        const alone = await aloneLatency(absolute, cookie);
        const met = verdict(r.p95, c.targetP95Ms);
        console.log(
          `  ${c.label}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms ${met}; alone p50 ${alone.p50.toFixed(1)} ms, p95 ${alone.p95.toFixed(1)} ms`,
        );
        rows.push([
          c.label,
          `${urls.length} URLs, ${r.n} requests, ${CONCURRENCY} clients`,
          `${r.p50.toFixed(1)} ms`,
          `${r.p95.toFixed(1)} ms`,
          `${alone.p50.toFixed(1)} / ${alone.p95.toFixed(1)} ms`,
          c.targetP95Ms === undefined ? "—" : `p95 ≤ ${c.targetP95Ms} ms`,
          met,
        ]);
      } else {
        const seconds: number[] = [];
        for (const url of absolute) seconds.push((await timedGet(url, cookie)) / 1000);
        const worst = Math.max(...seconds);
        const met = verdict(worst, c.targetSeconds);
        console.log(`  ${c.label}: slowest ${worst.toFixed(2)} s of ${seconds.length} ${met}`);
        rows.push([
          c.label,
          `${urls.length} file${urls.length === 1 ? "" : "s"}, one at a time`,
          `${percentile([...seconds].sort(), 50).toFixed(2)} s`,
          `${worst.toFixed(2)} s (slowest)`,
          "—",
          c.targetSeconds === undefined ? "—" : `≤ ${c.targetSeconds} s`,
          met,
        ]);
      }
    }
    const md = `Dataset: ${facts.schools.toLocaleString("en-US")} schools in ${facts.districts.toLocaleString("en-US")} districts, ${facts.years.length} school years (${facts.years.join(", ")}), generated by \`bench/generate/dataset.ts\` in ${generationSeconds.toFixed(1)} s; largest state ${facts.largestState.code} (${facts.largestState.schools.toLocaleString("en-US")} schools), largest district ${facts.largestDistrict.schools.toLocaleString("en-US")} schools. App on PostgreSQL (\`JOBS_WORKER=false\`, \`LOG_LEVEL=warn\`), responses compressed as a browser asks.

"Pages": ${requests} requests per case by **${CONCURRENCY} concurrent clients**, each a different signed-in session (or signed-out browser) keeping the cookies the site sets, as a browser does (keep-alive connections, \`accept-encoding: br, gzip\`, the compressed bytes counted to the last one but not decompressed — a browser does that on its own machine: \`bench/page-load.ts\`), each taking the case's URLs in turn (different states, districts, filters, pages), after one warm-up request per URL. "Alone": the same URLs one request at a time (p50 / p95 of at least 40), what a page costs to serve without the queue of the other clients. "Downloads": each file fetched whole, one at a time. Cases come from every \`bench/insights/*.ts\` file. 1-minute load average during the cases: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (2 cores shared).

${table(["what", "load", "p50", "p95", "alone p50 / p95", "target (p95 under load)", ""], rows)}`;
    console.log(md);
    recordSection("insights", md, suiteStart);
  } finally {
    if (child) await stopServer(child);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
