// npm run bench — every suite, figures printed and written to docs/benchmarks.md.
// BENCH_SECONDS shortens the load tests; BENCH_SUITES=foundation,... picks suites; BENCH_ROUNDS and
// BENCH_START_RUNS=0 shorten the foundation suite (BENCH_MIX=0: its start time alone); BENCH_CPU_PROF=<dir> profiles its app servers;
// BENCH_SUITES=library BENCH_LIBRARY_QUICK=1 (events: BENCH_EVENTS_QUICK=1) checks a suite at a small scale;
// BENCH_DATABASES=pglite (or postgresql) and BENCH_PORT=<port> run its mix on one database beside other runs.
import { startTestPostgres } from "../test/support/postgres";
import { runCommunitiesBench } from "./communities";
import { runEventsBench } from "./events/run";
import { runFoundationBench } from "./foundation";
import { runAssistanceBench } from "./improvement/assistance";
import { runNetworksBench } from "./improvement/networks";
import { runInsightsBench } from "./insights/run";
import { runLibraryBench } from "./library/run";
import { runMeasuresBench } from "./measures";

const suites: Record<string, (ctx: { postgresUrl: string }) => Promise<void>> = {
  foundation: (ctx) => runFoundationBench(ctx),
  communities: (ctx) => runCommunitiesBench(ctx),
  measures: (ctx) => runMeasuresBench(ctx),
  insights: (ctx) => runInsightsBench(ctx),
  assistance: (ctx) => runAssistanceBench(ctx),
  networks: (ctx) => runNetworksBench(ctx),
  library: (ctx) => runLibraryBench(ctx),
  events: (ctx) => runEventsBench(ctx),
};

async function main() {
  const wanted = process.env.BENCH_SUITES?.split(",") ?? Object.keys(suites);
  const pg = await startTestPostgres();
  try {
    for (const name of wanted) {
      const suite = suites[name];
      if (!suite) throw new Error(`Unknown suite ${name}; choose from ${Object.keys(suites).join(", ")}`);
      await suite({ postgresUrl: pg.url });
    }
  } finally {
    pg.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
