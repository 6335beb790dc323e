import Fastify from "fastify";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { reachDashboardUrls } from "../../src/domains/library/reach/generate";
import { flushUsage, recordUsage } from "../../src/domains/library/reach/service";
import { queryRows } from "../../src/platform/db/client";
import { percentile } from "../support";
import {
  answers,
  type LibraryBenchContext,
  type LibraryBenchRow,
  ms,
  notMeasured,
  timePages,
} from "./support";

/** The reach dashboard of the nation and of the state with the most resources, as a national admin. */
export async function reachDashboardCase(ctx: LibraryBenchContext): Promise<LibraryBenchRow[]> {
  const urls = await reachDashboardUrls(ctx.db);
  const rows: LibraryBenchRow[] = [];
  for (const [label, list] of [
    ["Reach dashboard, the nation (page and API), as an admin", urls.nation],
    ["Reach dashboard, the largest state (page and API), as an admin", urls.largestState],
  ] as const) {
    if (list.length === 0 || !(await answers(ctx.base + list[0], ctx.cookies.admin)))
      rows.push(notMeasured(label, "p95 ≤ 50 ms", "the dashboard does not answer"));
    else rows.push(...(await timePages(ctx, label, list, ctx.cookies.admin, 50)));
  }
  return rows;
}

const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

/**
 * What recording a use adds to a download: a download handler in this process (Fastify, the
 * bench database) that calls the reach capability's `recordUsage` as the real one does, timed
 * around the call for each of many downloads by different visitors; the same download without the
 * call for comparison; and the buffered write, which runs off the request path, per event.
 */
export async function recordingOverheadCase(ctx: LibraryBenchContext): Promise<LibraryBenchRow[]> {
  const [resource] = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from library_resources where status = 'published' order by slug limit 1`,
  );
  const what = "Recording a usage event in a download handler (recordUsage, on the request path)";
  if (!resource) return [notMeasured(what, "p95 ≤ 1 ms", "no published resource")];
  const app = Fastify({ logger: false });
  app.decorate("db", ctx.db);
  // A small body: the figure is the recording's cost, and 40,000 in-process downloads of 64 KB
  // exhausted the bench's heap at the full scale.
  const body = randomBytes(4 * 1024);
  const recordTimes: number[] = [];
  app.get("/with", async (request, reply) => {
    const t0 = performance.now();
    recordUsage(request, { resourceId: resource.id, kind: "request" });
    recordTimes.push(performance.now() - t0);
    return reply.type("application/pdf").send(body);
  });
  app.get("/without", async (_request, reply) => reply.type("application/pdf").send(body));
  await app.ready();
  const downloads = ctx.quick ? 2_000 : 10_000;
  const withTimes: number[] = [];
  const withoutTimes: number[] = [];
  for (let i = 0; i < downloads; i++) {
    const headers = { "user-agent": `${BROWSER} ${i % 97}` };
    const remoteAddress = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    for (const [url, times] of [
      ["/with", withTimes],
      ["/without", withoutTimes],
    ] as const) {
      const t0 = performance.now();
      await app.inject({ url, headers, remoteAddress });
      times.push(performance.now() - t0);
    }
  }
  const [before] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from reach_events`);
  const f0 = performance.now();
  await flushUsage(ctx.db);
  const flushMs = performance.now() - f0;
  const [after] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from reach_events`);
  await app.close();
  for (const list of [recordTimes, withTimes, withoutTimes]) list.sort((a, b) => a - b);
  const p = (list: number[], q: number) => percentile(list, q);
  const lastBatch = Math.max(1, after!.n - before!.n);
  return [
    {
      what,
      load: `${downloads.toLocaleString("en-US")} downloads by different visitors, one at a time`,
      p50: ms(p(recordTimes, 50)),
      p95: ms(p(recordTimes, 95)),
      target: "p95 ≤ 1 ms",
      verdict: p(recordTimes, 95) <= 1 ? "met" : "NOT met",
    },
    {
      what: "The same 4 KB download in-process: with recording / without",
      load: `${downloads.toLocaleString("en-US")} of each, alternating`,
      p50: `${ms(p(withTimes, 50))} / ${ms(p(withoutTimes, 50))}`,
      p95: `${ms(p(withTimes, 95))} / ${ms(p(withoutTimes, 95))}`,
      target: "—",
      verdict: "—",
    },
    {
      what: "Writing the buffered events (one multi-row insert, off the request path)",
      load: `the final flush: ${lastBatch} events written (batches of 500 are written as they fill)`,
      p50: "—",
      p95: `${ms(flushMs)} for the batch (${((flushMs * 1000) / lastBatch).toFixed(0)} µs an event)`,
      target: "—",
      verdict: "—",
    },
  ];
}
