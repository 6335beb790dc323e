import { eq } from "drizzle-orm";
import { verifyPassword } from "../../platform/auth/passwords";
import { sha256 } from "../../platform/auth/tokens";
import { users } from "../../platform/auth/schema";
import { recordAudit } from "../../platform/audit";
import type { Db } from "../../platform/db/client";
import { queueEmail } from "../../platform/email";
import { allowed, LIMITS, type Links, normaliseEmail } from "./account-rules";
import {
  changeEmailAttemptMail,
  changeEmailConfirmMail,
  changeEmailDoneMail,
  changeEmailNoticeMail,
} from "./emails";
import * as repo from "./repo";

const CHANGE_EMAIL_TTL_MS = 24 * 3600_000;

// --- Changing the email address -------------------------------------------------------------

export type RequestEmailChangeResult =
  | { ok: true }
  | { ok: false; reason: "wrongCurrent" | "sameAddress" | "throttled" };

/**
 * Starts a change of address after checking the current password. The new address gets a
 * single-use link (the change happens when it is followed) and the current one a notice.
 * When another account already uses the new address the outcome looks the same to the person
 * asking; that account's owner gets a note instead, so the form cannot find out who has an account.
 */
export async function requestEmailChange(
  db: Db,
  userId: string,
  input: { newEmail: string; currentPassword: string },
  links: Links,
): Promise<RequestEmailChangeResult> {
  const user = await repo.findUserById(db, userId);
  if (!user || user.disabledAt) return { ok: false, reason: "wrongCurrent" };
  // Counted before the password is checked: bounds both guessing and mail sent to any address.
  if (!(await allowed(db, `email-change:user:${userId}`, LIMITS.emailChangePerUser)))
    return { ok: false, reason: "throttled" };
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    return { ok: false, reason: "wrongCurrent" };
  const newEmail = normaliseEmail(input.newEmail);
  if (newEmail === normaliseEmail(user.email)) return { ok: false, reason: "sameAddress" };
  await db.transaction(async (tx) => {
    const owner = await repo.findUserByEmail(tx, newEmail);
    if (owner) {
      // As a new link would, this retires any earlier one: a live old link must not tell them apart.
      await repo.retireEmailTokensOf(tx, user.id, "change_email");
      if (!owner.disabledAt) {
        const note = changeEmailAttemptMail(
          owner.locale,
          owner.name,
          `${links.publicUrl}/sign-in`,
          `${links.publicUrl}/forgot-password`,
        );
        await queueEmail(tx, { to: owner.email, ...note });
      }
    } else {
      const token = await repo.issueEmailToken(tx, user.id, "change_email", CHANGE_EMAIL_TTL_MS, newEmail);
      const mail = changeEmailConfirmMail(
        user.locale,
        user.name,
        `${links.publicUrl}/email-changes/${token}`,
      );
      await queueEmail(tx, { to: newEmail, ...mail });
    }
    // The current address hears about it either way, as it would if the change were possible.
    const notice = changeEmailNoticeMail(
      user.locale,
      user.name,
      newEmail,
      `${links.publicUrl}/forgot-password`,
    );
    await queueEmail(tx, { to: user.email, ...notice });
    await recordAudit(tx, {
      actorId: userId,
      action: "account.email_change_requested",
      entityType: "user",
      entityId: userId,
      after: { newEmail },
    });
  });
  return { ok: true };
}

/** The pending change a link stands for, without using it up (for the confirm page). */
export function pendingEmailChange(db: Db, token: string) {
  return repo.liveEmailChange(db, token);
}

export type ConfirmEmailChangeResult =
  | { ok: true; user: repo.UserRow; previousEmail: string }
  | { ok: false; reason: "invalidToken" | "taken" };

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === "23505" || e?.cause?.code === "23505";
}

/**
 * Follows a change-of-address link: the account moves to the new address, which counts as
 * confirmed, and every other emailed link of the account stops working (they went to the old
 * address). Every session of the account except the one confirming (when it is the person's)
 * ends, and the old address is told the change is done. If another account took the address
 * meanwhile, nothing changes.
 */
export async function confirmEmailChange(
  db: Db,
  token: string,
  keepSessionToken: string | null = null,
): Promise<ConfirmEmailChangeResult> {
  const taken = { ok: false as const, reason: "taken" as const };
  try {
    return await db.transaction(async (tx) => {
      const pending = await repo.liveEmailChange(tx, token);
      if (!pending) return { ok: false as const, reason: "invalidToken" as const };
      if (await repo.emailTakenByOther(tx, pending.newEmail, pending.user.id)) return taken;
      const used = await repo.consumeEmailChange(tx, token);
      if (!used || used.userId !== pending.user.id)
        return { ok: false as const, reason: "invalidToken" as const };
      const [after] = await tx
        .update(users)
        .set({ email: used.newEmail, emailVerifiedAt: new Date(), updatedAt: new Date() })
        .where(eq(users.id, used.userId))
        .returning();
      if (!after) return { ok: false as const, reason: "invalidToken" as const };
      await repo.retireEmailTokensOf(tx, used.userId);
      // Only this account's sessions are deleted: a kept token of someone else's keeps nothing.
      const sessionsEnded = await repo.deleteSessionsOf(
        tx,
        used.userId,
        keepSessionToken ? sha256(keepSessionToken) : null,
      );
      const done = changeEmailDoneMail(after.locale, after.name, after.email);
      await queueEmail(tx, { to: pending.user.email, ...done });
      await recordAudit(tx, {
        actorId: used.userId,
        action: "account.email_changed",
        entityType: "user",
        entityId: used.userId,
        before: { email: pending.user.email },
        after: { email: after.email, sessionsEnded },
      });
      return { ok: true as const, user: after, previousEmail: pending.user.email };
    });
  } catch (error) {
    // Another account registered the address between the check and the update.
    if (isUniqueViolation(error)) return taken;
    throw error;
  }
}
