import { allowAttempt } from "../../platform/auth/throttle";
import { recordAudit } from "../../platform/audit";
import type { DbOrTx } from "../../platform/db/client";
import type { Locale } from "../../platform/i18n";
import { type Actor, can } from "../../platform/policy";
import { getOrganisation, type Organisation } from "../directory/service";
import * as repo from "./repo";

// What every team operation shares. Each operation runs in one transaction: it loads what it
// changes, asks the policy, changes it and records the audit entry, so a change and its record
// land together or not at all.

export type TeamErrorCode =
  | "notFound"
  | "forbidden"
  | "unverified"
  | "alreadyMember"
  | "inviteeAlreadyMember"
  | "duplicateRequest"
  | "lastLead"
  | "notPending"
  | "invitationInvalid"
  | "invitationExpired"
  | "invitationWrongEmail"
  | "tooMany";

/** Why a team operation was refused; routes turn it into a problem or a message on the page. */
export class TeamError extends Error {
  constructor(
    public code: TeamErrorCode,
    public detail: Record<string, string> = {},
  ) {
    super(code);
  }
}

export interface TeamContext {
  /** Absolute base of links in emails. */
  publicUrl: string;
  /** Language of emails sent to someone without an account yet. */
  locale?: Locale;
}

export const asLocale = (value: string | null | undefined): Locale => (value === "es" ? "es" : "en");

/** Each request and invitation sends email: cap them per person so nobody can flood inboxes. */
export async function withinLimit(db: DbOrTx, key: string, limit: number) {
  if (!(await allowAttempt(db, key, limit, 3600))) throw new TeamError("tooMany");
}

/** The organisation, if the actor may see its team; otherwise "not found" (we do not reveal it). */
export async function readableScope(tx: DbOrTx, actor: Actor, organisationId: string): Promise<Organisation> {
  const org = await getOrganisation(tx, organisationId);
  if (!org || !can(actor, "scope.readPrivate", org)) throw new TeamError("notFound");
  return org;
}

export async function manageableScope(
  tx: DbOrTx,
  actor: Actor,
  organisationId: string,
): Promise<Organisation> {
  const org = await readableScope(tx, actor, organisationId);
  if (!can(actor, "scope.manageTeam", org)) throw new TeamError("forbidden");
  return org;
}

/** A row named under a team's address must belong to that team; otherwise it does not exist there. */
export function foundIn<T extends { organisationId: string }>(
  row: T | null,
  expectedOrganisationId?: string,
): T {
  if (!row || (expectedOrganisationId && row.organisationId !== expectedOrganisationId)) {
    throw new TeamError("notFound");
  }
  return row;
}

/** A team must keep a lead, unless a national admin decides otherwise. */
export async function ensureALeadRemains(
  tx: DbOrTx,
  actor: Actor,
  org: Organisation,
  losing: repo.MembershipRow,
) {
  if (losing.role !== "lead") return;
  const leads = await repo.lockLeadCount(tx, org.id);
  if (leads <= 1 && !can(actor, "scope.leaveLeaderless", org)) throw new TeamError("lastLead");
}

/** An audit recorder for one kind of team row: the row's own id and team, and the fields kept. */
function auditOf<T extends { id: string; organisationId: string }>(
  entityType: string,
  kept: (row: T) => object,
) {
  return (tx: DbOrTx, actor: Actor, action: string, before: T | null, after: T | null) => {
    const row = (after ?? before)!;
    return recordAudit(tx, {
      actorId: actor.userId,
      action,
      entityType,
      entityId: row.id,
      scopeId: row.organisationId,
      before: before && kept(before),
      after: after && kept(after),
    });
  };
}

export const auditMembership = auditOf("membership", (m: repo.MembershipRow) => ({
  userId: m.userId,
  organisationId: m.organisationId,
  role: m.role,
}));

export const auditJoinRequest = auditOf("join_request", (r: repo.JoinRequestRow) => ({
  userId: r.userId,
  organisationId: r.organisationId,
  status: r.status,
}));

export const auditInvitation = auditOf("invitation", (i: repo.InvitationRow) => ({
  email: i.email,
  organisationId: i.organisationId,
  role: i.role,
  status: i.status,
  expiresAt: i.expiresAt.toISOString(),
}));
