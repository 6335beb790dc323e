import { type ChildProcess, spawn } from "node:child_process";
import { cpus, totalmem } from "node:os";
import autocannon from "autocannon";
import pg from "pg";

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p97_5: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export const LOAD = { connections: 50, durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) };

export async function load(
  name: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: LOAD.connections,
    duration: LOAD.durationSeconds,
    headers,
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/**
 * The app as `npm start` runs it; BENCH_CPU_PROF=<dir> writes a CPU profile of each app server
 * there (open it in Chrome's DevTools).
 */
export function appCommand(): string[] {
  const profiling = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  return ["node", ...profiling, "--import", "tsx", "src/main.ts"];
}

/**
 * The app for a latency suite, on the suite's database (`env`): as `npm start` runs it, without
 * the jobs worker, and with load shedding off — the figures are latency under concurrent
 * clients, queueing included; shedding would answer a quick 503 instead and hide a slow page.
 */
export async function startBenchApp(env: Record<string, string>, port: number) {
  const base = `http://127.0.0.1:${port}`;
  const { child } = await startServer(
    appCommand(),
    {
      ...env,
      PORT: String(port),
      LOG_LEVEL: "warn",
      JOBS_WORKER: "false",
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: "0",
    },
    `${base}/healthz`,
  );
  return { child, base };
}

/** Starts a server script as a child process and resolves once `url` answers 200. */
export async function startServer(
  args: string[],
  env: Record<string, string>,
  url: string,
  timeoutMs = 60_000,
): Promise<{ child: ChildProcess; startedInMs: number }> {
  const started = performance.now();
  const child = spawn(args[0]!, args.slice(1), {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
    // Its own process group, so stopping `npm start` also stops the node process npm started.
    detached: true,
  });
  while (performance.now() - started < timeoutMs) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return { child, startedInMs: performance.now() - started };
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill("SIGKILL");
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  signalGroup("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  signalGroup("SIGKILL");
}

export function machineDescription(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

/** Times `count` sequential GETs and returns p50/p95 in ms. */
export async function latencyOf(url: string, count: number, headers: Record<string, string> = {}) {
  const times: number[] = [];
  for (let i = 0; i < count + 5; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    if (i >= 5) times.push(performance.now() - t0); // the first few warm caches up
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), n: count };
}

/** A database of its own on the bench server, so other suites' data never mixes with this one. */
export async function freshDatabase(postgresUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
