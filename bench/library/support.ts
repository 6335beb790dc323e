import type { Db } from "../../src/platform/db/client";
import { aloneLatency, concurrentLatency } from "../page-load";

// What the library suite's cases share: the context they run in, their rows, and timing helpers.

export interface LibraryBenchContext {
  db: Db;
  base: string;
  /** Cookies of a signed-out visitor (none) and of a national admin. */
  cookies: { anonymous: string; admin: string };
  /** The national admin's user id (the download case attaches its file as them). */
  adminId: string;
  requests: number;
  clients: number;
  quick: boolean;
  fileBytes: number;
  dir: string;
}

/** One row of the section's table: a measured figure, or why it is not measured yet. */
export interface LibraryBenchRow {
  what: string;
  load: string;
  p50: string;
  p95: string;
  target: string;
  verdict: string;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const notMeasured = (what: string, target: string, why: string): LibraryBenchRow => ({
  what,
  load: why,
  p50: "—",
  p95: "—",
  target,
  verdict: "NOT MEASURED",
});

/** Whether the address answers 200 (a feature not on main yet answers 404). */
export async function answers(url: string, cookie = ""): Promise<boolean> {
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  return res.status === 200;
}

/**
 * A page or API case timed one request at a time — each URL's first visit (the page built from
 * the database) apart from the visits after it — and by concurrent clients. `firstVisits` says
 * whether the target applies to first visits too: yes for search, where every query a person
 * types may be new; no for a page everyone reads, built once and then kept until it changes.
 */
export async function timePages(
  ctx: LibraryBenchContext,
  what: string,
  urls: string[],
  cookie: string,
  targetMs: number,
  firstVisits: "target" | "shown" = "shown",
): Promise<LibraryBenchRow[]> {
  const full = urls.map((u) => ctx.base + u);
  const alone = await aloneLatency(full, cookie);
  console.log(
    `  ${what}: slowest first visit ${alone.first.slowest.ms.toFixed(1)} ms (${alone.first.slowest.url.replace(ctx.base, "")})`,
  );
  const together = await concurrentLatency(full, cookie, ctx.requests, ctx.clients);
  const verdict = (p95: number) => (p95 <= targetMs ? "met" : "NOT met");
  const target = `p95 ≤ ${targetMs} ms`;
  return [
    {
      what,
      load: `${urls.length} URLs, each once, one at a time: its first visit (built from the database)`,
      p50: ms(alone.first.p50),
      p95: ms(alone.first.p95),
      target: firstVisits === "target" ? target : "— (built once, then kept until it changes)",
      verdict: firstVisits === "target" ? verdict(alone.first.p95) : "—",
    },
    {
      what,
      load: `${urls.length} URLs, ${Math.max(40, urls.length * 2)} requests, one at a time, after the first visits`,
      p50: ms(alone.p50),
      p95: ms(alone.p95),
      target,
      verdict: verdict(alone.p95),
    },
    {
      what,
      load: `${urls.length} URLs, ${together.n} requests, **${ctx.clients} clients**`,
      p50: ms(together.p50),
      p95: ms(together.p95),
      target,
      verdict: verdict(together.p95),
    },
  ];
}
