// npx tsx bench/page-queries.ts — what a signed-in page costs when it is not cached: queries and
// CPU per page of the signed-in mix, each read once by each of several people (each a miss of
// the per-session page cache), on PGlite. PAGE_QUERIES_SQL=1 prints each page's statements.
// PAGE_QUERIES_AFTER_REPLY=1 posts a reply to the long topic before each read, as the mix's
// writes do between a person's visits (per-person parts stay kept; what the reply changed does not).
// A tool for making misses cheap; its figures are not written anywhere.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { buildApp } from "../src/app";
import { databaseOptions, loadConfig } from "../src/config";
import { openDatabase } from "../src/platform/db/client";
import { prepareMixData } from "./generate/mix-data";

const READERS = Number(process.env.PAGE_QUERIES_READERS ?? 10);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "smh-page-queries-"));
  const env = {
    DATA_DIR: dir,
    SEED_DEMO: "true",
    LOG_LEVEL: "silent",
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: "0",
  };
  try {
    const data = await prepareMixData(env);
    const config = loadConfig(env);
    const database = await openDatabase(databaseOptions(config));
    const statements: string[] = [];
    let queryMs = 0;
    const client = database.pglite as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of ["query", "exec"] as const) {
      const original = client[method]!.bind(client);
      client[method] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await original(...args);
        } finally {
          const ms = performance.now() - started;
          queryMs += ms;
          statements.push(`${ms.toFixed(2)} ms  ${String(args[0]).replace(/\s+/g, " ").slice(0, 200)}`);
        }
      };
    }
    const app = await buildApp(config, { database, logger: false });
    const cookies: string[] = [];
    const tokens: string[] = [];
    for (const person of data.people.slice(0, READERS)) {
      const res = await app.inject({ url: data.longTopicPath, headers: { cookie: person.sessionCookie } });
      const set = [res.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0]);
      cookies.push([person.sessionCookie, ...set].join("; "));
      tokens.push(/name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? "");
    }
    let replies = 0;
    const replyBetweenReads = async () => {
      if (!process.env.PAGE_QUERIES_AFTER_REPLY) return;
      const res = await app.inject({
        method: "POST",
        url: `${data.longTopicPath}/replies`,
        headers: { cookie: cookies[0]!, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          _csrf: tokens[0]!,
          body: `A reply between reads ${++replies}.`,
        }).toString(),
      });
      if (res.statusCode !== 303) throw new Error(`reply answered ${res.statusCode}`);
      // The change notices arrive through the feed, as on a server.
      await new Promise((r) => setTimeout(r, 20));
    };
    const school = data.schools[0]!;
    const pages: [string, string][] = [
      ["home", "/"],
      ["account", "/account"],
      ["a community", data.communityPath],
      ["a topic (50 replies)", data.longTopicPath],
      ["notifications", "/notifications"],
      ["assessment form section", school.formPath],
      ["school report", school.reportPath],
      ["district dashboard", data.districtDashboardPath],
    ];
    // PAGE_QUERIES_PROFILE=<file> writes a CPU profile of the page reads (not of the preparation).
    const profile = process.env.PAGE_QUERIES_PROFILE;
    const session = new Session();
    if (profile) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 100 });
      await session.post("Profiler.start");
    }
    const only = process.env.PAGE_QUERIES_ONLY;
    // After a reply, what is measured is a redraw, not a first visit: every page is read once first.
    if (process.env.PAGE_QUERIES_AFTER_REPLY)
      for (const [, url] of pages)
        for (const cookie of cookies) await app.inject({ url, headers: { cookie } });
    for (const [label, url] of pages) {
      if (only && !label.includes(only)) continue;
      let queries = 0;
      let cpu = 0;
      // PAGE_QUERIES_SQL=<n> shows the statements of the n-th reader's read (1 = the first).
      const shownReader = Number(process.env.PAGE_QUERIES_SQL) || 1;
      let reader = 0;
      queryMs = 0;
      for (const cookie of cookies) {
        await replyBetweenReads();
        statements.length = 0;
        const before = process.cpuUsage();
        const res = await app.inject({ url, headers: { cookie, "accept-encoding": "br" } });
        const used = process.cpuUsage(before);
        cpu += used.user + used.system;
        queries += statements.length;
        if (process.env.PAGE_QUERIES_SQL && ++reader === shownReader) {
          console.log(`\n${label} (${res.statusCode}):\n  ${statements.join("\n  ")}`);
        }
      }
      console.log(
        `${label.padEnd(26)} ${(queries / cookies.length).toFixed(1).padStart(5)} queries  ${(cpu / cookies.length / 1000).toFixed(1).padStart(6)} ms CPU per miss, ${(queryMs / cookies.length).toFixed(1).padStart(5)} ms in queries`,
      );
    }
    if (profile) {
      const { profile: taken } = await session.post("Profiler.stop");
      writeFileSync(profile, JSON.stringify(taken));
    }
    await app.close();
    await database.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
