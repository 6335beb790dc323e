import type { Static } from "@sinclair/typebox";
import { eq, sql } from "drizzle-orm";
import {
  decoyPasswordHash,
  hashPassword,
  type PasswordProblem,
  passwordProblem,
  verifyPassword,
} from "../../platform/auth/passwords";
import { revokeAllFeedTokens } from "../../platform/auth/feed-tokens";
import { users } from "../../platform/auth/schema";
import { createSession, endSession } from "../../platform/auth/sessions";
import { clearAttempts, refundAttempt } from "../../platform/auth/throttle";
import { sha256 } from "../../platform/auth/tokens";
import { recordAudit } from "../../platform/audit";
import type { Db } from "../../platform/db/client";
import { queueEmail } from "../../platform/email";
import { allowed, type Links, LIMITS, normaliseEmail } from "./account-rules";
import { registrationAttemptMail, resetPasswordMail, verifyEmailMail } from "./emails";
import * as repo from "./repo";
import type { ProfileForm, RegisterBody } from "./schema";

// The account's other operations live in their own files; callers reach them all through here.
export { LIMITS, type Links } from "./account-rules";
export * from "./email-change";
export * from "./sessions-and-tokens";

const VERIFY_TTL_MS = 48 * 3600_000;
const RESET_TTL_MS = 3600_000;

// --- Registration and email verification ---------------------------------------------------

export type RegisterResult =
  | { ok: true }
  | { ok: false; reason: "password"; problem: PasswordProblem }
  | { ok: false; reason: "throttled" };

/**
 * Creates an unverified account and emails a confirmation link. When the address is already
 * registered, the outcome looks the same to the person asking; the owner gets a note instead,
 * so the form cannot be used to find out who has an account.
 */
export async function registerAccount(
  db: Db,
  input: Static<typeof RegisterBody>,
  meta: Links & { ip: string; locale: string; next?: string },
): Promise<RegisterResult> {
  const problem = passwordProblem(input.password, { email: input.email, name: input.name });
  if (problem) return { ok: false, reason: "password", problem };
  if (!(await allowed(db, `register:ip:${meta.ip}`, LIMITS.registerPerIp)))
    return { ok: false, reason: "throttled" };
  // Hash in both cases, so an existing address does not answer measurably faster.
  const passwordHash = await hashPassword(input.password);
  const email = normaliseEmail(input.email);
  await db.transaction(async (tx) => {
    const created = await repo.insertUserIfNew(tx, {
      email,
      name: input.name,
      passwordHash,
      stateCode: input.stateCode,
      stakeholderRole: input.stakeholderRole,
      locale: meta.locale,
    });
    if (created) {
      const token = await repo.issueEmailToken(tx, created.id, "verify_email", VERIFY_TTL_MS);
      const after = meta.next ? `?next=${encodeURIComponent(meta.next)}` : "";
      const mail = verifyEmailMail(
        created.locale,
        created.name,
        `${meta.publicUrl}/verify-email/${token}${after}`,
      );
      await queueEmail(tx, { to: created.email, ...mail });
      await recordAudit(tx, {
        actorId: created.id,
        action: "account.registered",
        entityType: "user",
        entityId: created.id,
        after: {
          email,
          name: input.name,
          stateCode: input.stateCode,
          stakeholderRole: input.stakeholderRole,
        },
      });
      return;
    }
    const existing = await repo.findUserByEmail(tx, email);
    if (!existing || existing.disabledAt) return;
    const mail = registrationAttemptMail(
      existing.locale,
      existing.name,
      `${meta.publicUrl}/sign-in`,
      `${meta.publicUrl}/forgot-password`,
    );
    await queueEmail(tx, { to: existing.email, ...mail });
  });
  return { ok: true };
}

/**
 * Whether a confirmation link that no longer works was for an address that is confirmed anyway
 * (mail scanners often open links before the person does), so the page can say so kindly.
 */
export function linkAlreadyServed(db: Db, token: string): Promise<boolean> {
  return repo.tokenOwnerIsVerified(db, token);
}

/** The address a live confirmation link would confirm, without using it up (for the confirm page). */
export async function addressToConfirm(db: Db, token: string): Promise<string | null> {
  const user = await repo.userForLiveEmailToken(db, token, "verify_email");
  return user?.email ?? null;
}

/** Uses a confirmation link. Returns the user id, or null when the link is unknown, used or expired. */
export async function verifyEmail(db: Db, token: string): Promise<string | null> {
  return db.transaction(async (tx) => {
    const userId = await repo.consumeEmailToken(tx, token, "verify_email");
    if (!userId) return null;
    const [row] = await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ email: users.email });
    await recordAudit(tx, {
      actorId: userId,
      action: "account.email_verified",
      entityType: "user",
      entityId: userId,
      after: { email: row?.email },
    });
    return userId;
  });
}

export type ResendResult = { ok: true } | { ok: false; reason: "alreadyVerified" | "throttled" };

export async function resendVerification(db: Db, userId: string, links: Links): Promise<ResendResult> {
  const user = await repo.findUserById(db, userId);
  if (!user || user.emailVerifiedAt) return { ok: false, reason: "alreadyVerified" };
  if (!(await allowed(db, `resend:user:${userId}`, LIMITS.resendPerUser)))
    return { ok: false, reason: "throttled" };
  await db.transaction(async (tx) => {
    const token = await repo.issueEmailToken(tx, user.id, "verify_email", VERIFY_TTL_MS);
    await queueEmail(tx, {
      to: user.email,
      ...verifyEmailMail(user.locale, user.name, `${links.publicUrl}/verify-email/${token}`),
    });
  });
  return { ok: true };
}

// --- Signing in -----------------------------------------------------------------------------

export type SignInResult =
  | { ok: true; token: string; user: repo.UserRow }
  | { ok: false; reason: "invalid" | "throttled" };

/**
 * Checks the password and opens a new session. The session the browser already had (if any)
 * is ended first, so a session id planted before sign-in is never promoted to a signed-in one.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string },
  meta: { ip: string; userAgent?: string; previousSessionToken?: string | null },
): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const ipKey = `sign-in:ip:${meta.ip}`;
  const emailKey = `sign-in:email:${email}`;
  // Every attempt is counted before the password is checked, so parallel guesses stay within the
  // limit; a success is given back, so a school whose staff share one address is not locked out.
  const ipOk = await allowed(db, ipKey, LIMITS.signInPerIp);
  const emailOk = await allowed(db, emailKey, LIMITS.signInPerEmail);
  if (!ipOk || !emailOk) return { ok: false, reason: "throttled" };
  const user = await repo.findUserByEmail(db, email);
  // Verify against a decoy when there is no such user, so both answers take as long.
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !valid || user.disabledAt) return { ok: false, reason: "invalid" };
  const token = await db.transaction(async (tx) => {
    if (meta.previousSessionToken) await endSession(tx, meta.previousSessionToken);
    return createSession(tx, user.id, { userAgent: meta.userAgent, ip: meta.ip });
  });
  await refundAttempt(db, ipKey);
  await clearAttempts(db, emailKey);
  return { ok: true, token, user };
}

// --- Forgotten passwords --------------------------------------------------------------------

/** Emails a reset link when the account exists. The caller says the same thing either way. */
export async function requestPasswordReset(
  db: Db,
  emailInput: string,
  meta: Links & { ip: string },
): Promise<{ ok: true } | { ok: false; reason: "throttled" }> {
  const email = normaliseEmail(emailInput);
  const ipOk = await allowed(db, `reset:ip:${meta.ip}`, LIMITS.resetPerIp);
  const emailOk = await allowed(db, `reset:email:${email}`, LIMITS.resetPerEmail);
  if (!ipOk || !emailOk) return { ok: false, reason: "throttled" };
  const user = await repo.findUserByEmail(db, email);
  if (!user || user.disabledAt) return { ok: true };
  await db.transaction(async (tx) => {
    const token = await repo.issueEmailToken(tx, user.id, "reset_password", RESET_TTL_MS);
    await queueEmail(tx, {
      to: user.email,
      ...resetPasswordMail(user.locale, user.name, `${meta.publicUrl}/reset-password/${token}`),
    });
  });
  return { ok: true };
}

export function isResetTokenLive(db: Db, token: string) {
  return repo.userForLiveEmailToken(db, token, "reset_password").then((u) => !!u);
}

export type ResetResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalidToken" }
  | { ok: false; reason: "password"; problem: PasswordProblem };

/** Sets a new password from a reset link, uses the link up and ends every session of the user. */
export async function resetPassword(db: Db, token: string, newPassword: string): Promise<ResetResult> {
  const user = await repo.userForLiveEmailToken(db, token, "reset_password");
  if (!user) return { ok: false, reason: "invalidToken" };
  const problem = passwordProblem(newPassword, { email: user.email, name: user.name });
  if (problem) return { ok: false, reason: "password", problem };
  const passwordHash = await hashPassword(newPassword);
  return db.transaction(async (tx) => {
    const userId = await repo.consumeEmailToken(tx, token, "reset_password");
    if (userId !== user.id) return { ok: false as const, reason: "invalidToken" as const };
    // Following the emailed link proves the address, so it counts as confirmed too.
    await tx
      .update(users)
      .set({
        passwordHash,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
    const ended = await repo.deleteSessionsOf(tx, userId);
    // Whoever had the password may have made calendar links too.
    const feedLinksRevoked = await revokeAllFeedTokens(tx, userId);
    await recordAudit(tx, {
      actorId: userId,
      action: "account.password_reset",
      entityType: "user",
      entityId: userId,
      after: { sessionsEnded: ended, feedLinksRevoked },
    });
    return { ok: true as const, userId };
  });
}

// --- The account itself ---------------------------------------------------------------------

export async function getAccount(db: Db, userId: string) {
  return repo.findUserById(db, userId);
}

/** The account as the API shows it: never the password hash. */
export function presentAccount(user: repo.UserRow) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    stateCode: user.stateCode,
    stakeholderRole: user.stakeholderRole,
    systemRole: user.systemRole,
    locale: user.locale,
    emailVerified: !!user.emailVerifiedAt,
    createdAt: user.createdAt.toISOString(),
  };
}

export async function updateProfile(
  db: Db,
  userId: string,
  patch: Partial<Static<typeof ProfileForm>>,
): Promise<repo.UserRow | undefined> {
  return db.transaction(async (tx) => {
    const before = await repo.findUserById(tx, userId);
    if (!before) return undefined;
    const changes: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    for (const key of ["name", "stateCode", "stakeholderRole", "locale"] as const) {
      if (patch[key] !== undefined && patch[key] !== before[key]) {
        changes[key] = patch[key];
        previous[key] = before[key];
      }
    }
    if (Object.keys(changes).length === 0) return before;
    const [after] = await tx
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await recordAudit(tx, {
      actorId: userId,
      action: "account.profile_updated",
      entityType: "user",
      entityId: userId,
      before: previous,
      after: changes,
    });
    return after;
  });
}

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; reason: "wrongCurrent" | "throttled" }
  | { ok: false; reason: "password"; problem: PasswordProblem };

/** Changes the password after checking the current one; other sessions are ended. */
export async function changePassword(
  db: Db,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  keepSessionToken: string | null,
): Promise<ChangePasswordResult> {
  const user = await repo.findUserById(db, userId);
  if (!user) return { ok: false, reason: "wrongCurrent" };
  if (!(await allowed(db, `password-change:user:${userId}`, LIMITS.passwordChangePerUser))) {
    return { ok: false, reason: "throttled" };
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    return { ok: false, reason: "wrongCurrent" };
  const problem = passwordProblem(input.newPassword, { email: user.email, name: user.name });
  if (problem) return { ok: false, reason: "password", problem };
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    const ended = await repo.deleteSessionsOf(tx, userId, keepSessionToken ? sha256(keepSessionToken) : null);
    await recordAudit(tx, {
      actorId: userId,
      action: "account.password_changed",
      entityType: "user",
      entityId: userId,
      after: { sessionsEnded: ended },
    });
  });
  await clearAttempts(db, `password-change:user:${userId}`);
  return { ok: true };
}
