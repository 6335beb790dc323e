import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { get as httpGet } from "node:http";
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

/** What every browser sends with a page request, and what decides the response's bytes. */
const BROWSER_HEADERS = { "accept-encoding": "gzip, deflate, br" };

/** Saves the bytes and headers the app answers a browser for `url` (compressed, as sent). */
async function savePage(url: string, file: string) {
  const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      httpGet(url, { headers: BROWSER_HEADERS }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on("error", reject);
    },
  );
  const skip = new Set(["date", "connection", "keep-alive"]);
  const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !skip.has(name)));
  writeFileSync(file, JSON.stringify({ headers: kept, body: body.toString("base64") }));
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
  console.log(
    `Foundation: autocannon ${LOAD.connections} connections × ${LOAD.durationSeconds} s per target`,
  );
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) starts.push(await timeToFirstPage());
  console.log(
    `  start → first 200 on a fresh data directory: ${starts.map((s) => s.toFixed(2)).join(", ")} s`,
  );

  const base = await startServer(
    ["node", "bench/baseline-server.mjs"],
    { PORT: String(BASE_PORT) },
    `http://127.0.0.1:${BASE_PORT}/`,
  );
  const baseline = await load("raw node:http hello world", `http://127.0.0.1:${BASE_PORT}/`);
  await stopServer(base.child);

  const rows: (string | number)[][] = [];
  let uncompressed: Awaited<ReturnType<typeof load>> | undefined;
  const pageFile = join(mkdtempSync(join(tmpdir(), "smh-page-")), "home.json");
  const targets: { db: string; env: Record<string, string> }[] = [{ db: "PGlite", env: {} }];
  if (options.postgresUrl)
    targets.push({
      db: "PostgreSQL",
      env: {
        DATABASE_URL: options.postgresUrl,
        SESSION_SECRET: "bench-only-secret-0123456789abcdef0123456789",
      },
    });
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
    const home = await load(
      `GET / (public) — ${target.db}`,
      `http://127.0.0.1:${APP_PORT}/`,
      BROWSER_HEADERS,
    );
    const account = await load(
      `GET /account (signed in) — ${target.db}`,
      `http://127.0.0.1:${APP_PORT}/account`,
      {
        ...BROWSER_HEADERS,
        cookie,
      },
    );
    if (target.db === "PGlite") {
      uncompressed = await load(
        "GET / (public), a client that asks for no compression — PGlite",
        `http://127.0.0.1:${APP_PORT}/`,
      );
    }
    await stopServer(app.child);
    rmSync(dir, { recursive: true, force: true });
    for (const [r, goal] of [
      [home, 0.6],
      [account, 0.25],
    ] as const) {
      const ratio = r.requestsPerSecond / baseline.requestsPerSecond;
      rows.push([
        r.name,
        r.requestsPerSecond.toFixed(0),
        `${(ratio * 100).toFixed(0)}%`,
        `≥ ${goal * 100}%`,
        ratio >= goal ? "met" : "NOT met",
        r.p50,
        r.p99,
        r.non2xx,
      ]);
    }
  }
  const sameBytes = await startServer(
    ["node", "bench/same-bytes-server.mjs"],
    { PORT: String(SAME_BYTES_PORT), PAGE_FILE: pageFile },
    `http://127.0.0.1:${SAME_BYTES_PORT}/`,
  );
  const ceiling = await load(
    "raw node:http sending the home page's bytes and headers",
    `http://127.0.0.1:${SAME_BYTES_PORT}/`,
    BROWSER_HEADERS,
  );
  await stopServer(sameBytes.child);
  rmSync(dirname(pageFile), { recursive: true, force: true });
  const info = (r: Awaited<ReturnType<typeof load>>, label = r.name) => [
    label,
    r.requestsPerSecond.toFixed(0),
    `${((r.requestsPerSecond / baseline.requestsPerSecond) * 100).toFixed(0)}%`,
    "",
    "",
    r.p50,
    r.p99,
    r.non2xx,
  ];
  rows.unshift(info(baseline), info(ceiling, `${ceiling.name} (reference)`));
  if (uncompressed) rows.push(info(uncompressed, `${uncompressed.name} (for comparison)`));
  const medianStart = [...starts].sort((a, b) => a - b)[1]!;
  const md = `${table(["target", "req/s", "ratio to node:http", "target", "", "p50 ms", "p99 ms", "non-2xx"], rows)}

\`npm start\` → first 200 on \`/\` with a fresh data directory (PGlite, migrations, reference and demo data), three runs: ${starts
    .map((s) => `${s.toFixed(2)} s`)
    .join(
      ", ",
    )} — median ${medianStart.toFixed(2)} s (target ≤ 5 s: ${medianStart <= 5 ? "met" : "NOT met"}).`;
  console.log(md);
  recordSection("foundation", md);
}
