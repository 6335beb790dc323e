import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client";
import { queryRows } from "../db/client";
import { jobs } from "./schema";

export type JobHandler = (payload: unknown, ctx: { db: Db }) => Promise<void>;

export async function enqueueJob(db: DbOrTx, kind: string, payload: unknown, runAt?: Date): Promise<void> {
  await db.insert(jobs).values({ kind, payload, runAt: runAt ?? new Date() });
}

interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
}

const MAX_ATTEMPTS = 5;

/**
 * Claims one ready job. `FOR UPDATE SKIP LOCKED` lets several workers (one per app server)
 * share the queue without taking the same job twice.
 */
async function claimJob(db: Db): Promise<ClaimedJob | null> {
  const rows = await queryRows<ClaimedJob>(
    db,
    sql`update jobs set status = 'running', locked_at = now(), attempts = attempts + 1
        where id = (
          select id from jobs
          where (status = 'queued' and run_at <= now())
             or (status = 'running' and locked_at < now() - interval '10 minutes')
          order by run_at, id
          for update skip locked
          limit 1)
        returning id, kind, payload, attempts`,
  );
  return rows[0] ?? null;
}

async function finishJob(db: Db, job: ClaimedJob, error?: unknown) {
  if (!error) {
    await db.execute(
      sql`update jobs set status = 'done', finished_at = now(), last_error = null where id = ${job.id}`,
    );
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const failed = job.attempts >= MAX_ATTEMPTS;
  // Back off exponentially: 2, 4, 8, 16 minutes.
  const delaySeconds = 60 * 2 ** job.attempts;
  await db.execute(
    sql`update jobs set status = ${failed ? "failed" : "queued"}, last_error = ${message.slice(0, 2000)},
        run_at = now() + make_interval(secs => ${delaySeconds}) where id = ${job.id}`,
  );
}

/** Works the queue until it is empty (or `stopped()` says to stop between jobs). Returns how many jobs ran. */
export async function drainJobs(
  db: Db,
  handlers: Record<string, JobHandler>,
  limit = 1000,
  stopped: () => boolean = () => false,
): Promise<number> {
  let count = 0;
  while (count < limit && !stopped()) {
    const job = await claimJob(db);
    if (!job) break;
    count++;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      await handler(job.payload, { db });
      await finishJob(db, job);
    } catch (error) {
      await finishJob(db, job, error);
    }
  }
  return count;
}

/**
 * Polls the queue in the background; returns a stop function that waits for the job being
 * worked (if any) and takes no other: shutting down never waits for the rest of the queue.
 */
export function startJobWorker(
  db: Db,
  handlers: Record<string, JobHandler>,
  options: { intervalMs?: number; onError?: (e: unknown) => void } = {},
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = drainJobs(db, handlers, 1000, () => stopped)
      .catch((e) => options.onError?.(e))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 1000);
      });
  };
  let timer = setTimeout(tick, 50);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
