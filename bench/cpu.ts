// CPU time of the processes a benchmark loads, read from /proc (Linux), in µs.
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";

const CLOCK_TICKS_PER_SECOND = 100;
const ticksToMicros = (ticks: number) => (ticks / CLOCK_TICKS_PER_SECOND) * 1e6;

/** The fields of /proc/<pid>/stat after the command name; index 0 is field 3 (state). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** User + system CPU of one process (all its threads) so far; 0 where there is no /proc. */
export function processCpuMicros(pid: number): number {
  const f = statFields(pid);
  return f ? ticksToMicros(Number(f[11]) + Number(f[12])) : 0;
}

/**
 * CPU of a whole PostgreSQL server on this machine: the postmaster, its live backends, and the
 * backends that have exited (counted in the postmaster's children's time once it reaps them).
 */
export function postgresCpuMicros(postmasterPid: number): number {
  const f = statFields(postmasterPid);
  if (!f) return 0;
  let ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const child = statFields(Number(entry));
    if (child && Number(child[1]) === postmasterPid) ticks += Number(child[11]) + Number(child[12]);
  }
  return ticksToMicros(ticks);
}

/** The postmaster of the server at `url`: the parent of the backend serving this connection. */
export async function postmasterPidOf(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
    const f = statFields(rows[0]!.pid);
    return f ? Number(f[1]) : null;
  } finally {
    await client.end();
  }
}

/** What a measurement reads before and after: the server process, and the database server if separate. */
export interface CpuMeter {
  server: () => number;
  database?: () => number;
}

export function startCpu(meter: CpuMeter) {
  const server = meter.server();
  const database = meter.database?.();
  return (requests: number) => ({
    serverMicrosPerRequest: requests > 0 ? (meter.server() - server) / requests : Number.NaN,
    databaseMicrosPerRequest:
      meter.database && database !== undefined && requests > 0
        ? (meter.database() - database) / requests
        : Number.NaN,
  });
}
