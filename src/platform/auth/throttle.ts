import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../db/client";

/**
 * Counts one attempt against `key` in a fixed window and says whether it is still allowed.
 * Kept in the database so every app server behind the load balancer shares the count.
 */
export async function allowAttempt(
  db: DbOrTx,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<boolean> {
  const rows = await queryRows<{ hits: number }>(
    db,
    sql`insert into throttles (key, window_start, hits) values (${key}, now(), 1)
        on conflict (key) do update set
          hits = case when throttles.window_start < now() - make_interval(secs => ${windowSeconds}) then 1 else throttles.hits + 1 end,
          window_start = case when throttles.window_start < now() - make_interval(secs => ${windowSeconds}) then now() else throttles.window_start end
        returning hits`,
  );
  return (rows[0]?.hits ?? 0) <= limit;
}

export async function clearAttempts(db: DbOrTx, key: string): Promise<void> {
  await db.execute(sql`delete from throttles where key = ${key}`);
}

/**
 * Gives back one attempt counted by allowAttempt, for limits that should count failures only
 * (a successful sign-in). Counting first and refunding after keeps parallel guesses bounded.
 */
export async function refundAttempt(db: DbOrTx, key: string): Promise<void> {
  await db.execute(sql`update throttles set hits = greatest(hits - 1, 0) where key = ${key}`);
}
