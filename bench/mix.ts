// Throughput over the real page mix, against the raw node:http baseline measured in turns with it
// in the same run: baseline, signed-out mix, baseline, signed-in mix, … on one database.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { type MixData, MIX_PEOPLE, prepareMixData } from "./generate/mix-data";
import {
  type AutosaveSlot,
  autosaveSlots,
  describeMix,
  type Browser,
  type MixEntry,
  type PlannedRequest,
  pickWeighted,
  settleAutosave,
  type SignedInContext,
  signedInMix,
  signedOutMix,
} from "./mix-plan";
import { type CpuMeter, postgresCpuMicros, postmasterPidOf, processCpuMicros, startCpu } from "./cpu";
import { appCommand, freshDatabase, LOAD, percentile, startServer, stopServer } from "./support";

export interface Measurement {
  what: "baseline" | "signed out" | "signed in";
  /** Answers per second with the expected status: what the targets are about. */
  requestsPerSecond: number;
  /** Every answer per second, failed ones included (a shed request is answered fast). */
  answersPerSecond: number;
  requests: number;
  p50: number;
  p99: number;
  /** Answers other than the expected status (a redirect to sign-in too), socket errors, timeouts: all should be 0. */
  failures: number;
  /** Status counts of pages that failed, e.g. "topic 503 ×3". */
  failureDetail: string[];
  /** Writes answered (replies with 303, autosaves with 200). */
  writes: number;
  /** CPU time of the server process (user + system) per request, µs. */
  cpuMicrosPerRequest: number;
  /** CPU time of the PostgreSQL server per request, µs (NaN on the embedded database). */
  databaseCpuMicrosPerRequest: number;
  load1Before: number;
  load1After: number;
}

export interface DatabaseMix {
  db: "PGlite" | "PostgreSQL";
  measurements: Measurement[];
  /** How long preparing the data and the 200 browsers' first visits took, s. */
  prepareSeconds: number;
  /** Each page read alone, one request at a time, each by a person chosen as in the mix. */
  pages: PageTime[];
  /** Each mix's pages and their shares, as the report prints them. */
  described: { signedOut: string; signedIn: string };
}

/** A request as a browser makes it: a server shedding load (503) says when to come back. */
async function fetchPatiently(url: string, init: RequestInit): Promise<Response> {
  let res = await fetch(url, { ...init, redirect: "manual" });
  for (let tries = 0; res.status === 503 && tries < 10; tries++) {
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
    res = await fetch(url, { ...init, redirect: "manual" });
  }
  return res;
}

async function firstVisit(base: string, path: string, sessionCookie: string) {
  const res = await fetchPatiently(base + path, { headers: { cookie: sessionCookie } });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`${path} answered ${res.status} on a first visit`);
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`${path} has no form with a CSRF token for a member`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  return { cookie: [sessionCookie, ...cookies].join("; "), csrfToken: token };
}

async function browsersOf(base: string, data: MixData): Promise<Browser[]> {
  const browsers: Browser[] = [];
  for (const person of data.people) {
    const visit = await firstVisit(base, data.longTopicPath, person.sessionCookie);
    browsers.push({ ...visit, school: person.school, onDistrictTeam: person.onDistrictTeam });
  }
  return browsers;
}

/** Each page of a mix once, before any load: a wrong address or a refused session stops the bench here. */
async function checkEveryPage<C>(base: string, entries: MixEntry<C>[], context: C) {
  for (const entry of entries) {
    const planned = entry.build(context, Math.random);
    if (!planned) continue;
    const res = await fetchPatiently(base + planned.path, {
      method: planned.method,
      headers: planned.headers,
      body: planned.body,
    });
    const body = await res.text();
    if (planned.slot) settleAutosave(planned.slot, res.status, body);
    if (res.status !== planned.expect)
      throw new Error(
        `${planned.label}: ${planned.method} ${planned.path} answered ${res.status}, not ${planned.expect}`,
      );
  }
}

export interface PageTime {
  mix: "signed out" | "signed in";
  label: string;
  /** Statuses of the answers that were not the expected one. */
  failed: number[];
  p50: number;
  p95: number;
  /** Server CPU per request, µs. */
  cpuMicros: number;
  /** PostgreSQL server CPU per request, µs (NaN on the embedded database). */
  databaseCpuMicros: number;
}

export const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 40);

/**
 * Each page of a mix alone, sequentially (no concurrency), after the load runs: which pages
 * cost what. Each request goes out as the mix would send it (a person chosen at random), so
 * per-person caches are as warm as they were in the mix, not warmer.
 */
async function pageTimes<C>(
  base: string,
  mix: PageTime["mix"],
  entries: MixEntry<C>[],
  context: C,
  meter: CpuMeter,
): Promise<PageTime[]> {
  const out: PageTime[] = [];
  for (const entry of entries.filter((e) => !e.write)) {
    const times: number[] = [];
    const failed: number[] = [];
    const cpu = startCpu(meter);
    for (let i = 0; i < PAGE_REQUESTS; i++) {
      const planned = entry.build(context, Math.random);
      if (!planned) continue;
      const t0 = performance.now();
      const res = await fetch(base + planned.path, { headers: planned.headers, redirect: "manual" });
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      if (res.status !== planned.expect) failed.push(res.status);
    }
    if (times.length === 0) continue;
    const used = cpu(times.length);
    times.sort((a, b) => a - b);
    out.push({
      mix,
      label: entry.label,
      failed,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      cpuMicros: used.serverMicrosPerRequest,
      databaseCpuMicros: used.databaseMicrosPerRequest,
    });
  }
  return out;
}

interface Tally {
  failures: Map<string, number>;
  writes: number;
}

/** Runs autocannon with each request chosen from the mix; `null` from a mix entry means "choose again". */
async function loadMix<C>(
  base: string,
  entries: MixEntry<C>[],
  context: C,
  seconds: number,
  meter: CpuMeter,
): Promise<Omit<Measurement, "what">> {
  const tally: Tally = { failures: new Map(), writes: 0 };
  const choose = (): PlannedRequest => {
    for (;;) {
      const planned = pickWeighted(entries, Math.random).build(context, Math.random);
      if (planned) return planned;
    }
  };
  // autocannon hands the same context object to a request's setup and to its response.
  const inFlight = new WeakMap<object, PlannedRequest>();
  const load1Before = loadavg()[0]!;
  const cpu = startCpu(meter);
  const result = await autocannon({
    url: base,
    connections: LOAD.connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request: autocannon.Request, ctx: object) => {
          const planned = choose();
          inFlight.set(ctx, planned);
          request.method = planned.method;
          request.path = planned.path;
          request.headers = planned.headers;
          request.body = planned.body ?? Buffer.alloc(0);
          return request;
        },
        onResponse: (status: number, body: string, ctx: object) => {
          const planned = inFlight.get(ctx);
          if (!planned) return;
          if (planned.slot) settleAutosave(planned.slot, status, body);
          if (status !== planned.expect) {
            const key = `${planned.label} ${status}`;
            tally.failures.set(key, (tally.failures.get(key) ?? 0) + 1);
          } else if (planned.method !== "GET") tally.writes++;
        },
      },
    ],
  });
  const requests = result.requests.total;
  const used = cpu(requests);
  // Socket errors and timeouts got no answer, so they are not among the requests answered.
  const errors = result.errors + result.timeouts;
  const wrongAnswers = [...tally.failures.values()].reduce((sum, n) => sum + n, 0);
  const failures = wrongAnswers + errors;
  return {
    requestsPerSecond: (requests - wrongAnswers) / result.duration,
    answersPerSecond: requests / result.duration,
    requests,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures,
    failureDetail: [
      ...[...tally.failures].map(([key, n]) => `${key} ×${n}`),
      ...(errors ? [`socket errors and timeouts ×${errors}`] : []),
    ],
    writes: tally.writes,
    cpuMicrosPerRequest: used.serverMicrosPerRequest,
    databaseCpuMicrosPerRequest: used.databaseMicrosPerRequest,
    load1Before,
    load1After: loadavg()[0]!,
  };
}

/** Reads each autosave section's version from the server (a save may have been cut off by the end of a run). */
async function refreshVersions(base: string, data: MixData, slots: AutosaveSlot[], browsers: Browser[]) {
  for (const [index, school] of data.schools.entries()) {
    const reader = browsers.find((b) => b.school === index)!;
    const res = await fetchPatiently(base + school.responseApiPath, { headers: { cookie: reader.cookie } });
    if (res.status !== 200) throw new Error(`${school.responseApiPath} answered ${res.status}`);
    const body = (await res.json()) as { sections: Record<string, { version: number }> };
    for (const slot of slots.filter((s) => s.school === index)) {
      const key = slot.path.slice(slot.path.lastIndexOf("/") + 1);
      slot.version = body.sections[key]?.version ?? slot.version;
      slot.busy = false;
    }
  }
}

export interface MixOptions {
  db: DatabaseMix["db"];
  env: Record<string, string>;
  baseline: { url: string; pid: number };
  appPort: number;
  rounds: number;
  seconds: number;
}

/** Prepares the data, starts the app, and measures baseline and both mixes in turns. */
export async function measureMix(options: MixOptions): Promise<DatabaseMix> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "smh-mix-"));
  const env: Record<string, string> = { ...options.env, DATA_DIR: dir };
  const base = `http://127.0.0.1:${options.appPort}`;
  let app: Awaited<ReturnType<typeof startServer>> | undefined;
  let stopping = false;
  try {
    const data = await prepareMixData(env);
    // One process (as `npm start`), so its CPU time is the server's.
    app = await startServer(
      appCommand(),
      { ...env, PORT: String(options.appPort), LOG_LEVEL: "warn" },
      `${base}/healthz`,
    );
    const appPid = app.child.pid!;
    app.child.once("exit", (code, signal) => {
      if (!stopping) console.error(`  the ${options.db} app server exited (code ${code}, signal ${signal})`);
    });
    const databaseUrl = env.DATABASE_URL;
    const postmaster = databaseUrl ? await postmasterPidOf(databaseUrl) : null;
    const meter: CpuMeter = {
      server: () => processCpuMicros(appPid),
      database: postmaster ? () => postgresCpuMicros(postmaster) : undefined,
    };
    const browsers = await browsersOf(base, data);
    if (browsers.length !== MIX_PEOPLE) throw new Error("every bench person needs a browser");
    const slots = autosaveSlots(data);
    const signedIn: SignedInContext = {
      data,
      browsers,
      districtBrowsers: browsers.filter((b) => b.onDistrictTeam),
      slots,
      counter: { replies: 0 },
    };
    const prepareSeconds = (performance.now() - started) / 1000;
    const outMix = signedOutMix(data);
    const inMix = signedInMix();
    const baselineRun = async () => ({
      what: "baseline" as const,
      ...(await loadMix(options.baseline.url, [baselineEntry], undefined, options.seconds, {
        server: () => processCpuMicros(options.baseline.pid),
      })),
    });
    await checkEveryPage(base, outMix, undefined);
    await checkEveryPage(base, inMix, signedIn);
    // Warm-up (not recorded): the first requests compile code and fill caches.
    const warm = Math.min(3, options.seconds);
    await loadMix(base, outMix, undefined, warm, meter);
    await loadMix(base, inMix, signedIn, warm, meter);
    await settle();
    await refreshVersions(base, data, slots, browsers);
    const measurements: Measurement[] = [];
    for (let round = 0; round < options.rounds; round++) {
      measurements.push(await baselineRun());
      measurements.push({
        what: "signed out",
        ...(await loadMix(base, outMix, undefined, options.seconds, meter)),
      });
      await settle();
      measurements.push(await baselineRun());
      measurements.push({
        what: "signed in",
        ...(await loadMix(base, inMix, signedIn, options.seconds, meter)),
      });
      await settle();
      await refreshVersions(base, data, slots, browsers);
      console.log(`  ${options.db} round ${round + 1}: ${measurements.slice(-4).map(brief).join("; ")}`);
    }
    const pages = [
      ...(await pageTimes(base, "signed out", outMix, undefined, meter)),
      ...(await pageTimes(base, "signed in", inMix, signedIn, meter)),
    ];
    const described = { signedOut: describeMix(outMix), signedIn: describeMix(inMix) };
    return { db: options.db, measurements, prepareSeconds, described, pages };
  } finally {
    stopping = true;
    if (app) await stopServer(app.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * After a run the app may still be working through requests the client gave up on (a save among
 * them, so versions are read after this) and still shedding load: let it finish before the next.
 */
const settle = () => new Promise((r) => setTimeout(r, 5000));

const baselineEntry: MixEntry<undefined> = {
  label: "hello world",
  weight: 1,
  build: () => ({ label: "hello world", method: "GET", path: "/", expect: 200, headers: {} }),
};

const brief = (m: Measurement) =>
  `${m.what} ${m.requestsPerSecond.toFixed(0)} req/s p99 ${m.p99} ms${m.failures ? ` (${m.failures} failed)` : ""}`;

/** The PostgreSQL settings of a mix run: a database of its own, demo data asked for by name. */
export async function postgresMixEnv(postgresUrl: string): Promise<Record<string, string>> {
  return {
    DATABASE_URL: await freshDatabase(postgresUrl, "smh_mix_bench"),
    SESSION_SECRET: "bench-only-secret-0123456789abcdef0123456789",
    SEED_DEMO: "true",
  };
}
