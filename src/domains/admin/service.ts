import { eq, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit";
import { type SystemRole, sessions, users } from "../../platform/auth/schema";
import type { Db } from "../../platform/db/client";
import { jobs } from "../../platform/jobs/schema";
import type { UpdateUserBody } from "./schemas";

export type UpdateUserResult =
  | { ok: true; changed: boolean; sessionsEnded: number }
  | { ok: false; reason: "notFound" | "selfDemotion" | "selfDisable" };

/**
 * Changes an account's system role or whether it may sign in, as a national admin. The change,
 * the end of the person's sessions (when disabled) and the audit entry are one transaction.
 * An admin cannot demote or disable themself, so the platform never loses its last admin by
 * accident and nobody locks themself out.
 */
export async function updateUserAccount(
  db: Db,
  actorId: string,
  userId: string,
  changes: UpdateUserBody,
): Promise<UpdateUserResult> {
  if (actorId === userId && changes.systemRole !== undefined && changes.systemRole !== "admin") {
    return { ok: false, reason: "selfDemotion" };
  }
  if (actorId === userId && changes.disabled === true) return { ok: false, reason: "selfDisable" };
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ systemRole: users.systemRole, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!current) return { ok: false, reason: "notFound" } as const;
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const update: { systemRole?: SystemRole; disabledAt?: Date | null; updatedAt?: Date } = {};
    if (changes.systemRole !== undefined && changes.systemRole !== current.systemRole) {
      before.systemRole = current.systemRole;
      after.systemRole = changes.systemRole;
      update.systemRole = changes.systemRole;
    }
    const wasDisabled = current.disabledAt !== null;
    if (changes.disabled !== undefined && changes.disabled !== wasDisabled) {
      before.disabled = wasDisabled;
      after.disabled = changes.disabled;
      update.disabledAt = changes.disabled ? new Date() : null;
    }
    if (Object.keys(update).length === 0) return { ok: true, changed: false, sessionsEnded: 0 } as const;
    update.updatedAt = new Date();
    await tx.update(users).set(update).where(eq(users.id, userId));
    let sessionsEnded = 0;
    if (changes.disabled === true) {
      const ended = await tx
        .delete(sessions)
        .where(eq(sessions.userId, userId))
        .returning({ id: sessions.id });
      sessionsEnded = ended.length;
      after.sessionsEnded = sessionsEnded;
    }
    await recordAudit(tx, {
      actorId,
      action: "user.update",
      entityType: "user",
      entityId: userId,
      before,
      after,
    });
    return { ok: true, changed: true, sessionsEnded } as const;
  });
}

/** Puts a failed job back in the queue to run now, with a fresh set of attempts. */
export async function retryJob(
  db: Db,
  actorId: string,
  jobId: number,
): Promise<"retried" | "notFound" | "notFailed"> {
  return db.transaction(async (tx) => {
    const [job] = await tx
      .select({ status: jobs.status, attempts: jobs.attempts, kind: jobs.kind })
      .from(jobs)
      .where(eq(jobs.id, jobId))
      .for("update");
    if (!job) return "notFound";
    if (job.status !== "failed") return "notFailed";
    await tx
      .update(jobs)
      .set({ status: "queued", attempts: 0, runAt: sql`now()`, lockedAt: null })
      .where(eq(jobs.id, jobId));
    await recordAudit(tx, {
      actorId,
      action: "job.retry",
      entityType: "job",
      entityId: String(jobId),
      before: { kind: job.kind, status: job.status, attempts: job.attempts },
      after: { kind: job.kind, status: "queued", attempts: 0 },
    });
    return "retried";
  });
}

const LINK = /https?:\/\/[^\s<>"'`)\]]+/g;

/** The web addresses in a plain-text email, in order, each once (trailing punctuation dropped). */
export function linksIn(text: string): string[] {
  const found = (text.match(LINK) ?? []).map((url) => url.replace(/[.,;:!?]+$/, ""));
  return [...new Set(found)];
}
