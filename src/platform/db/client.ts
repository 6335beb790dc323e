import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";

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
  /**
   * Subscribes to a NOTIFY channel. `onGap` runs when notifications may have been missed (the
   * listening connection dropped and came back), so subscribers can forget what they cached.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
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
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on("error", () => {
      /* idle client errors are reported by the next query */
    });
    const listen = (channel: string, onMessage: (payload: string) => void, onGap?: () => void) =>
      listenOnPostgres(options.databaseUrl!, channel, onMessage, onGap);
    return { db: drizzlePg(pool), kind: "postgres", listen, close: () => pool.end() };
  }
  let dataDir: string | undefined;
  if (!options.inMemory) {
    dataDir = options.dataDir ?? "./data";
    mkdirSync(dataDir, { recursive: true });
  }
  const client = new PGlite({
    dataDir,
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  });
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as Db;
  const listen = async (channel: string, onMessage: (payload: string) => void) => {
    const unlisten = await client.listen(channel, onMessage);
    return async () => {
      if (!client.closed) await unlisten();
    };
  };
  return { db, kind: "pglite", pglite: client, listen, close: () => client.close() };
}

const RELISTEN_DELAY_MS = 1000;

/**
 * LISTEN needs one connection of its own for as long as we listen. If it drops, it is opened
 * again and `onGap` tells the subscriber that notifications sent meanwhile were lost.
 */
async function listenOnPostgres(
  connectionString: string,
  channel: string,
  onMessage: (payload: string) => void,
  onGap?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const reconnectLater = () => {
    if (!stopped) retry = setTimeout(() => void connect().then(onGap, reconnectLater), RELISTEN_DELAY_MS);
  };
  const connect = async () => {
    const next = new pg.Client({ connectionString });
    next.on("notification", (message) => {
      if (message.channel === channel) onMessage(message.payload ?? "");
    });
    next.on("error", () => {
      onGap?.();
      reconnectLater();
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
    if (stopped) await next.end();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
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
