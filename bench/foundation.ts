import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sign } from "@fastify/cookie";
import { prepareDatabase } from "../src/app";
import { loadConfig } from "../src/config";
import { SESSION_COOKIE, createSession } from "../src/platform/auth/sessions";
import { buildUser } from "../src/seed/factories";
import { recordSection, table } from "./report";
import { LOAD, load, startServer, stopServer } from "./support";

const BASE_PORT = 3990;
const APP_PORT = 3991;
const SAME_BYTES_PORT = 3992;
const tsx = "node_modules/.bin/tsx";

/** Prepares a data directory as `npm start` would, plus a signed-in session for the account page. */
async function prepareDataDir(dir: string, env: Record<string, string>) {
  const config = loadConfig({ ...env, DATA_DIR: dir, LOG_LEVEL: "silent" });
  const database = await prepareDatabase(config);
  const user = await buildUser(database.db, { email: "bench@example.org", name: "Bench Person" });
  const token = await createSession(database.db, user.id, { userAgent: "bench" });
  await database.close();
  return { cookie: `${SESSION_COOKIE}=${sign(token, config.sessionSecret)}` };
}

/** The cookies a browser holds after its first visit to the account page (session + CSRF secret). */
async function browserCookies(url: string, sessionCookie: string): Promise<string> {
  const res = await fetch(url, { headers: { cookie: sessionCookie }, redirect: "manual" });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const set = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  return [sessionCookie, ...set].join("; ");
}

/** Saves what the app answers for `url` (headers that describe the content, and the body). */
async function savePage(url: string, file: string) {
  const res = await fetch(url);
  const skip = new Set(["date", "connection", "keep-alive"]);
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !skip.has(name)));
  writeFileSync(file, JSON.stringify({ headers, body: await res.text() }));
}

async function timeToFirstPage(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "smh-start-"));
  try {
    const { child, startedInMs } = await startServer(
      ["npm", "start", "--silent"],
      { DATA_DIR: dir, PORT: String(APP_PORT), LOG_LEVEL: "warn" },
      `http://127.0.0.1:${APP_PORT}/`,
    );
    await stopServer(child);
    return startedInMs / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFoundationBench(options: { postgresUrl?: string } = {}) {
  console.log(`Foundation: autocannon ${LOAD.connections} connections × ${LOAD.durationSeconds} s per target`);
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) starts.push(await timeToFirstPage());
  console.log(`  start → first 200 on a fresh data directory: ${starts.map((s) => s.toFixed(2)).join(", ")} s`);

  const base = await startServer(["node", "bench/baseline-server.mjs"], { PORT: String(BASE_PORT) }, `http://127.0.0.1:${BASE_PORT}/`);
  const baseline = await load("raw node:http hello world", `http://127.0.0.1:${BASE_PORT}/`);
  await stopServer(base.child);

  const rows: (string | number)[][] = [];
  const pageFile = join(mkdtempSync(join(tmpdir(), "smh-page-")), "home.json");
  const targets: { db: string; env: Record<string, string> }[] = [{ db: "PGlite", env: {} }];
  if (options.postgresUrl) targets.push({ db: "PostgreSQL", env: { DATABASE_URL: options.postgresUrl } });
  for (const target of targets) {
    const dir = mkdtempSync(join(tmpdir(), "smh-bench-"));
    const session = await prepareDataDir(dir, target.env);
    const app = await startServer(
      [tsx, "src/main.ts"],
      { ...target.env, DATA_DIR: dir, PORT: String(APP_PORT), LOG_LEVEL: "warn", JOBS_WORKER: "false" },
      `http://127.0.0.1:${APP_PORT}/healthz`,
    );
    const cookie = await browserCookies(`http://127.0.0.1:${APP_PORT}/account`, session.cookie);
    await savePage(`http://127.0.0.1:${APP_PORT}/`, pageFile);
    const home = await load(`GET / (public) — ${target.db}`, `http://127.0.0.1:${APP_PORT}/`);
    const account = await load(`GET /account (signed in) — ${target.db}`, `http://127.0.0.1:${APP_PORT}/account`, { cookie });
    await stopServer(app.child);
    rmSync(dir, { recursive: true, force: true });
    for (const [r, goal] of [
      [home, 0.6],
      [account, 0.25],
    ] as const) {
      const ratio = r.requestsPerSecond / baseline.requestsPerSecond;
      rows.push([r.name, r.requestsPerSecond.toFixed(0), `${(ratio * 100).toFixed(0)}%`, `≥ ${goal * 100}%`, ratio >= goal ? "met" : "NOT met", r.p50, r.p99, r.non2xx]);
    }
  }
  const sameBytes = await startServer(
    ["node", "bench/same-bytes-server.mjs"],
    { PORT: String(SAME_BYTES_PORT), PAGE_FILE: pageFile },
    `http://127.0.0.1:${SAME_BYTES_PORT}/`,
  );
  const ceiling = await load("raw node:http sending the home page's bytes and headers", `http://127.0.0.1:${SAME_BYTES_PORT}/`);
  await stopServer(sameBytes.child);
  rmSync(dirname(pageFile), { recursive: true, force: true });
  const ceilingRatio = ceiling.requestsPerSecond / baseline.requestsPerSecond;
  rows.unshift(
    [baseline.name, baseline.requestsPerSecond.toFixed(0), "100%", "", "", baseline.p50, baseline.p99, baseline.non2xx],
    [`${ceiling.name} (reference)`, ceiling.requestsPerSecond.toFixed(0), `${(ceilingRatio * 100).toFixed(0)}%`, "", "", ceiling.p50, ceiling.p99, ceiling.non2xx],
  );
  const medianStart = [...starts].sort((a, b) => a - b)[1]!;
  const md = `${table(["target", "req/s", "ratio to node:http", "target", "", "p50 ms", "p99 ms", "non-2xx"], rows)}

\`npm start\` → first 200 on \`/\` with a fresh data directory (PGlite, migrations, reference and demo data), three runs: ${starts
    .map((s) => `${s.toFixed(2)} s`)
    .join(", ")} — median ${medianStart.toFixed(2)} s (target ≤ 5 s: ${medianStart <= 5 ? "met" : "NOT met"}).`;
  console.log(md);
  recordSection("foundation", md);
}
