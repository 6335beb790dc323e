import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sign } from "@fastify/cookie";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../src/app";
import { loadConfig } from "../src/config";
import { importProfiles } from "../src/domains/measures/service";
import { currentInstrument } from "../src/domains/measures/service";
import { previousSchoolYear } from "../src/domains/measures/service";
import { getNation } from "../src/domains/directory/service";
import { SESSION_COOKIE, createSession } from "../src/platform/auth/sessions";
import { queryRows } from "../src/platform/db/client";
import { buildUser } from "../src/seed/factories";
import { generateDataset } from "./generate/dataset";
import { beginSuite, recordSection, table } from "./report";
import { freshDatabase, latencyOf, startServer, stopServer } from "./support";

const APP_PORT = 3993;
const tsx = "node_modules/.bin/tsx";

export async function runMeasuresBench(options: { postgresUrl: string }) {
  const suiteStart = beginSuite();
  const schools = Number(process.env.BENCH_SCHOOLS ?? 100_000);
  const requests = Number(process.env.BENCH_REQUESTS ?? 200);
  console.log(
    `Measures: national dataset of ${schools} schools on PostgreSQL, ${requests} requests per page`,
  );
  const databaseUrl = await freshDatabase(options.postgresUrl, "smh_measures_bench");
  const dir = mkdtempSync(join(tmpdir(), "smh-measures-"));
  const env = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir,
    SEED_DEMO: "false",
    SESSION_SECRET: "bench-only-secret-0123456789abcdef0123456789",
  };
  const config = loadConfig({ ...env, LOG_LEVEL: "silent" });
  const database = await prepareDatabase(config);
  const { db } = database;
  let child: Awaited<ReturnType<typeof startServer>>["child"] | undefined;
  try {
    const t0 = performance.now();
    const facts = await generateDataset(db, { schools });
    const generationSeconds = (performance.now() - t0) / 1000;
    console.log(
      `  generated ${facts.schools} schools, ${facts.districts} districts, ${facts.responses} responses, ${facts.itemResponses} item responses in ${generationSeconds.toFixed(1)} s`,
    );

    const admin = await buildUser(db, {
      email: "measures-bench@example.org",
      name: "Bench Admin",
      systemRole: "admin",
    });
    const token = await createSession(db, admin.id, { userAgent: "bench" });
    const headers = { cookie: `${SESSION_COOKIE}=${sign(token, config.sessionSecret)}` };

    const app = await startServer(
      [tsx, "src/main.ts"],
      { ...env, PORT: String(APP_PORT), LOG_LEVEL: "warn", JOBS_WORKER: "false" },
      `http://127.0.0.1:${APP_PORT}/healthz`,
    );
    child = app.child;
    const base = `http://127.0.0.1:${APP_PORT}`;
    const targets = [
      { what: "National view (all states)", url: "/measures/dashboards/national", target: 50 },
      {
        what: `State dashboard (${facts.largestState.code}, ${facts.largestState.schools} schools)`,
        url: `/measures/dashboards/state/${facts.largestState.id}`,
        target: 30,
      },
      {
        what: `District dashboard (${facts.largestDistrict.schools} schools)`,
        url: `/measures/dashboards/district/${facts.largestDistrict.id}`,
        target: 30,
      },
      { what: "School report page", url: `/measures/responses/${facts.sampleResponseId}/report`, target: 30 },
      {
        what: "School report PDF",
        url: `/measures/responses/${facts.sampleResponseId}/report.pdf`,
        target: null,
      },
    ];
    const rows: (string | number)[][] = [];
    const loadBefore = loadavg()[0]!;
    for (const t of targets) {
      // Warm-up beyond latencyOf's own first five.
      for (let i = 0; i < 20; i++) await fetch(base + t.url, { headers }).then((r) => r.arrayBuffer());
      const r = await latencyOf(base + t.url, requests, headers);
      const met = t.target === null ? "—" : r.p95 <= t.target ? "met" : "NOT met";
      console.log(
        `  ${t.what}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (target ${t.target ?? "none"}) ${met}`,
      );
      rows.push([t.what, r.p50.toFixed(1), r.p95.toFixed(1), t.target === null ? "—" : `≤ ${t.target}`, met]);
    }
    const loadAfter = loadavg()[0]!;
    await stopServer(child);
    child = undefined;

    // Census import: every school's profile in one file, for a school year without profiles yet.
    const nation = (await getNation(db))!;
    const instrument = (await currentInstrument(db, "profile", "school"))!;
    const items = instrument.sections.flatMap((s) =>
      s.items.filter((i) => i.type === "yesno" || i.type === "count"),
    );
    const columns = items.map((i) => i.key);
    const ncesIds = await queryRows<{ nces: string }>(
      db,
      sql`select nces_id as nces from organisations where kind = 'school' order by nces_id`,
    );
    const lines = [["nces_id", ...columns].join(",")];
    for (const [n, { nces }] of ncesIds.entries()) {
      const values = items.map((item, i) =>
        item.type === "yesno" ? ((n + i) % 3 ? "yes" : "no") : String((n * 7 + i) % 40),
      );
      lines.push([nces, ...values].join(","));
    }
    const csv = `${lines.join("\n")}\n`;
    const importYear = previousSchoolYear(facts.years[0]!);
    const loadImport = loadavg()[0]!;
    const i0 = performance.now();
    const result = await importProfiles(db, {
      actorId: admin.id,
      state: nation,
      schoolYear: importYear,
      csv,
    });
    const importSeconds = (performance.now() - i0) / 1000;
    if (!result.ok) throw new Error(`Census import refused: ${JSON.stringify(result.problems.slice(0, 5))}`);
    console.log(
      `  census import: ${result.imported} rows (${(csv.length / 2 ** 20).toFixed(1)} MiB CSV, ${columns.length} items) in ${importSeconds.toFixed(1)} s`,
    );
    rows.push([
      `Census import, ${result.imported.toLocaleString("en-US")} school rows from CSV`,
      "",
      `${importSeconds.toFixed(1)} s`,
      "≤ 15 s",
      importSeconds <= 15 ? "met" : "NOT met",
    ]);

    const steps = Object.entries(facts.timings)
      .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
      .join(", ");
    const md = `Dataset (PostgreSQL, generated with set-based SQL by \`bench/generate/dataset.ts\`): ${facts.schools.toLocaleString("en-US")} schools in ${facts.districts.toLocaleString("en-US")} districts across ${facts.years.length} school years (${facts.years.join(", ")}); ${facts.responses.toLocaleString("en-US")} submitted profiles and quality assessments (about 40% of schools per instrument and year) holding ${facts.itemResponses.toLocaleString("en-US")} item responses. Largest state ${facts.largestState.code} (${facts.largestState.schools.toLocaleString("en-US")} schools), largest district ${facts.largestDistrict.schools} schools. Aggregates rebuilt with the measures domain's \`rebuildAggregates\` (tested against the submit path).

Generation took **${generationSeconds.toFixed(1)} s** (${steps}).

Latency: ${requests} sequential requests per page as a signed-in admin after warm-up (\`JOBS_WORKER=false\`, \`LOG_LEVEL=warn\`). The machine is shared: 1-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the latency runs, ${loadImport.toFixed(1)} at the import (2 cores).

${table(["what", "p50 ms", "p95 ms", "target (p95 ms)", ""], rows)}

Census import: \`importProfiles\` called directly with the nation as scope (one file holding every school), ${columns.length} profile items per row, checked and written in one transaction.`;
    console.log(md);
    recordSection("measures", md, suiteStart);
  } finally {
    if (child) await stopServer(child);
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
