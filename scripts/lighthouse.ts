/**
 * `npm run lighthouse`: Lighthouse (mobile) scores, paint timings, layout shift and bytes of every
 * public page and the main signed-in pages, on a fresh data directory with the demo data, written
 * to the `lighthouse` section of docs/benchmarks.md. `LIGHTHOUSE_PAGES=<regex>` measures only the
 * pages whose name or path matches (and then leaves the document alone); `LIGHTHOUSE_RUNS=<n>`
 * takes the median of n runs per page.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beginSuite, recordSection } from "../bench/report";
import { startServer, stopServer } from "../bench/support";
import { auditPage, medianAudit } from "./lighthouse/audit";
import { FetchClient } from "./lighthouse/fetch-client";
import { DEMO_EMAILS, signIn, type TourPage, tourPages, type Who } from "./lighthouse/page-tour";
import { BUDGET, lighthouseMarkdown, type PageResult } from "./lighthouse/report";
import { launchBrowser, repeatVisit } from "./lighthouse/repeat-visit";

const PORT = Number(process.env.LIGHTHOUSE_PORT ?? 3996);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1));
const ONLY = process.env.LIGHTHOUSE_PAGES ? new RegExp(process.env.LIGHTHOUSE_PAGES, "i") : undefined;

function lighthouseVersion(): string {
  const manifest = new URL("../node_modules/lighthouse/package.json", import.meta.url);
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

function printResult(r: PageResult) {
  const s = r.lighthouse.scores;
  const b = r.lighthouse.bytes;
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  console.log(
    `${r.page.name} ${r.page.path} (${r.page.who})\n` +
      `  perf ${s.performance} · a11y ${s.accessibility} · BP ${s["best-practices"]} · SEO ${s.seo}` +
      ` | FCP ${(r.lighthouse.fcpMs / 1000).toFixed(2)} s · LCP ${(r.lighthouse.lcpMs / 1000).toFixed(2)} s` +
      ` · CLS ${r.lighthouse.cls.toFixed(3)} · TBT ${Math.round(r.lighthouse.tbtMs)} ms\n` +
      `  first visit ${kb(b.total)} (HTML ${kb(b.html)}, CSS ${kb(b.css)}, JS ${kb(b.js)}, other ${kb(b.other)})` +
      ` · repeat visit ${kb(r.repeat.bytes)} in ${r.repeat.requests} request(s)`,
  );
  for (const shift of r.lighthouse.shifts)
    console.log(`    - layout shift ${shift.score.toFixed(4)}: ${shift.element}`);
  for (const lost of r.lighthouse.lost)
    console.log(
      `    - ${lost.category}: ${lost.id} ${lost.score.toFixed(2)}${lost.displayValue ? ` (${lost.displayValue})` : ""}`,
    );
}

/** Signs the person in again if their session no longer opens the page (e.g. it ended meanwhile). */
async function stillSignedIn(client: FetchClient, page: TourPage) {
  if (page.who === "visitor" || (await client.get(page.path)).status === 200) return;
  console.warn(`  (${page.who}'s session no longer opens ${page.path}: signing in again)`);
  await signIn(client, DEMO_EMAILS[page.who]);
  const again = await client.get(page.path);
  if (again.status !== 200) throw new Error(`${page.path} answers ${again.status} to the ${page.who}`);
}

async function measure(pages: TourPage[], clients: Record<Who, FetchClient>) {
  const results: PageResult[] = [];
  const browser = await launchBrowser();
  try {
    // A first run warms the server and the disk, so the first page measured is not penalised.
    await auditPage(`${ORIGIN}/`);
    for (const page of pages) {
      const client = clients[page.who];
      await stillSignedIn(client, page);
      const url = ORIGIN + page.path;
      const cookie = page.who === "visitor" ? undefined : client.cookieHeader();
      const lighthouse = await medianAudit(url, RUNS, cookie);
      const { repeat } = await repeatVisit(browser, url, page.who === "visitor" ? new Map() : client.cookies);
      const result = { page, lighthouse, repeat };
      printResult(result);
      results.push(result);
    }
    return { results, chromiumVersion: browser.version() };
  } finally {
    await browser.close();
  }
}

async function main() {
  const suite = beginSuite();
  const dir = mkdtempSync(join(tmpdir(), "smh-lighthouse-"));
  const server = await startServer(
    ["node", "--import", "tsx", "src/main.ts"],
    { DATA_DIR: dir, HOST: "127.0.0.1", PORT: String(PORT), LOG_LEVEL: "warn", JOBS_WORKER: "false" },
    `${ORIGIN}/healthz`,
    180_000,
  );
  try {
    const clients = {
      visitor: new FetchClient(ORIGIN),
      "state lead": new FetchClient(ORIGIN),
      "school lead": new FetchClient(ORIGIN),
    };
    const pages = (await tourPages(clients)).filter((p) => !ONLY || ONLY.test(p.name) || ONLY.test(p.path));
    if (pages.length === 0)
      throw new Error(`LIGHTHOUSE_PAGES=${process.env.LIGHTHOUSE_PAGES} matches no page`);
    console.log(`Lighthouse on ${pages.length} page(s), ${RUNS} run(s) each, at ${ORIGIN}`);
    const { results, chromiumVersion } = await measure(pages, clients);
    const markdown = lighthouseMarkdown(results, {
      lighthouseVersion: lighthouseVersion(),
      chromiumVersion,
      runs: RUNS,
    });
    console.log(`\n${markdown}`);
    if (ONLY) console.log("\nA subset of pages: docs/benchmarks.md left as it was.");
    else recordSection("lighthouse", markdown, suite);
    const failed = results.some(
      (r) =>
        Object.values(r.lighthouse.scores).some((s) => s < BUDGET.score) ||
        r.lighthouse.bytes.total > BUDGET.firstVisitBytes ||
        r.repeat.bytes > BUDGET.repeatVisitBytes ||
        r.lighthouse.cls > BUDGET.cls,
    );
    if (failed) console.log("\nSome budgets are NOT met (see the table above).");
  } finally {
    await stopServer(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
