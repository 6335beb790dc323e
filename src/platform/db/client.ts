import type { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { type ClusterOrigin, openPGlite } from "./pglite-template";
import { type ChangeFeed, pgliteChangeFeed, postgresChangeFeed } from "./change-feed";

/** Both drivers expose the same Drizzle query builder; we type against node-postgres. */
export type Db = NodePgDatabase<Record<string, never>>;
/** A transaction handle: the same API as Db. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** The underlying PGlite instance when embedded (for dump/clone in tests). */
  pglite?: PGlite;
  /** For the embedded database: how its cluster came to be (a fresh one, a template, reopened). */
  origin?: ClusterOrigin;
  /** Notices from the database that cached per-person data changed. */
  changes: ChangeFeed;
  /**
   * The embedded database only: the average time a statement took from being asked to being
   * answered since the last call, waiting behind others included (a sign of overload).
   */
  lagMs?: () => number;
  close(): Promise<void>;
}

// int8 (counts, sums) and numeric come back as strings from `pg` and differ from PGlite;
// parse both the same way so domain code never sees a string where it expects a number.
const INT8 = 20;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Fresh in-memory PGlite (tests). */
  inMemory?: boolean;
  poolSize?: number;
  /** A prepared cluster with data for a fresh embedded database (the demo template). */
  seededTemplatePath?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { feed, listenOnConnect, stop } = postgresChangeFeed(options.databaseUrl);
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      onConnect: listenOnConnect,
    });
    pool.on("error", () => {
      /* idle client errors are reported by the next query */
    });
    const close = async () => {
      await stop();
      await pool.end();
    };
    return { db: drizzlePg(pool), kind: "postgres", changes: feed, close };
  }
  // A fresh data directory or in-memory database starts from the prepared empty cluster
  // (pglite-template.ts) instead of running initdb; an existing one is reopened as it is.
  const { client, from } = await openPGlite({
    dataDir: options.inMemory ? undefined : (options.dataDir ?? "./data"),
    seededTemplatePath: options.seededTemplatePath,
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  });
  const lagMs = interleaveStatements(client);
  const db = drizzlePglite(client) as unknown as Db;
  const changes = await pgliteChangeFeed(client);
  return { db, kind: "pglite", pglite: client, origin: from, changes, lagMs, close: () => client.close() };
}

/**
 * PGlite runs each statement synchronously on this thread, and hands its lock to the next waiting
 * statement in a promise callback: under load, every request's statements ran one after another
 * without the event loop ever turning, so no timer fired and no new connection was read for
 * hundreds of milliseconds (and load shedding took that for overload). Each statement and each
 * transaction first lets the loop turn once, so waiting work interleaves with the database's.
 * What overload now shows is the wait: how long statements took from being asked to being
 * answered, on average since the last reading (`lagMs`, for load shedding).
 */
function interleaveStatements(client: PGlite): () => number {
  let totalMs = 0;
  let count = 0;
  const target = client as unknown as Record<
    "query" | "exec" | "transaction",
    (...args: unknown[]) => Promise<unknown>
  >;
  for (const method of ["query", "exec", "transaction"] as const) {
    const run = target[method].bind(client);
    const timed = method !== "transaction";
    target[method] = async (...args: unknown[]) => {
      const asked = performance.now();
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        return await run(...args);
      } finally {
        if (timed) {
          totalMs += performance.now() - asked;
          count++;
        }
      }
    };
  }
  return () => {
    const average = count === 0 ? 0 : totalMs / count;
    totalMs = 0;
    count = 0;
    return average;
  };
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export async function isReachable(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
