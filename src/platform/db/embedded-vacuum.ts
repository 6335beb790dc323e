import type { PGlite } from "@electric-sql/pglite";

/**
 * PGlite is PostgreSQL in one process without its background workers: no autovacuum ever runs.
 * Rows that are updated all day (visits, read markers, notices read, autosaved sections) leave
 * dead versions behind and the planner's statistics go stale, so the embedded database would slow
 * down with use. This does what autovacuum would, with its default thresholds: every few seconds, each
 * table with enough dead rows is vacuumed and each with enough changed rows analysed, one at a
 * time (PGlite runs them on the app's thread, so one small table at a time keeps each pause short).
 */
const VACUUM = { base: 50, share: 0.2 };
const ANALYZE = { base: 50, share: 0.1 };
const INTERVAL_MS = 15_000;

/** Tables over autovacuum's default thresholds, the most in need first, with what each needs. */
export async function tablesToTidy(client: PGlite): Promise<{ table: string; command: string }[]> {
  // Each statement's counts reach the statistics only from time to time; tidying needs them now.
  await client.query("select pg_stat_force_next_flush()");
  const { rows } = await client.query<{ table: string; vacuum: boolean; analyze: boolean }>(
    `select format('%I.%I', schemaname, relname) as table,
            n_dead_tup > $1::float8 + $2::float8 * n_live_tup as vacuum,
            n_mod_since_analyze > $3::float8 + $4::float8 * n_live_tup as analyze
       from pg_stat_user_tables
      where n_dead_tup > $1::float8 + $2::float8 * n_live_tup or n_mod_since_analyze > $3::float8 + $4::float8 * n_live_tup
      order by n_dead_tup + n_mod_since_analyze desc`,
    [VACUUM.base, VACUUM.share, ANALYZE.base, ANALYZE.share],
  );
  return rows.map((r) => ({
    table: r.table,
    command: r.vacuum ? `vacuum (analyze) ${r.table}` : `analyze ${r.table}`,
  }));
}

/** Vacuums and analyses what needs it now; returns the commands it ran. */
export async function tidyEmbeddedTables(client: PGlite): Promise<string[]> {
  const done: string[] = [];
  for (const { command } of await tablesToTidy(client)) {
    await client.exec(command);
    done.push(command);
  }
  return done;
}

/** Tidies every INTERVAL_MS while the server runs; the returned function stops it. */
export function keepEmbeddedTablesTidy(client: PGlite, onError: (error: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running || client.closed) return;
    running = true;
    tidyEmbeddedTables(client)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
