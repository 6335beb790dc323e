import { type AuditRecord, auditChanges } from "../../platform/audit";
import type { MembershipSummary } from "../teams/service";
import type { findOutboxMessage, listOutbox, UserRow } from "./repo";
import type { AuditQuery } from "./schemas";
import type { AuditFilters } from "../../platform/audit";

/** The API shapes of admin resources, made in one place. */
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentUser(u: UserRow) {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    systemRole: u.systemRole,
    stakeholderRole: u.stakeholderRole,
    stateCode: u.stateCode,
    emailVerified: u.emailVerifiedAt !== null,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt.toISOString(),
  };
}

export function presentUserDetail(u: UserRow, memberships: MembershipSummary[]) {
  return {
    ...presentUser(u),
    emailVerifiedAt: iso(u.emailVerifiedAt),
    disabledAt: iso(u.disabledAt),
    memberships: memberships.map((m) => ({
      organisationId: m.organisationId,
      organisationName: m.organisationName,
      organisationKind: m.organisationKind,
      stateCode: m.stateCode,
      role: m.role,
      since: m.since.toISOString(),
    })),
  };
}

type OutboxRow = Awaited<ReturnType<typeof listOutbox>>["items"][number];
type OutboxMessage = NonNullable<Awaited<ReturnType<typeof findOutboxMessage>>>;

export function presentOutbox(m: OutboxRow) {
  return {
    id: m.id,
    to: m.to,
    subject: m.subject,
    status: m.status,
    createdAt: m.createdAt.toISOString(),
    sentAt: iso(m.sentAt),
  };
}

export function presentOutboxMessage(m: OutboxMessage, links: string[]) {
  return { ...presentOutbox(m), text: m.text, links };
}

export function presentAudit(e: AuditRecord) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    scopeId: e.scopeId,
    before: e.before,
    after: e.after,
    changes: auditChanges(e.before, e.after),
  };
}

/** Query dates are whole UTC days. */
export function auditFilters(q: AuditQuery): AuditFilters {
  return {
    entityType: q.entityType,
    action: q.action,
    actorEmail: q.actorEmail,
    from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
    to: q.to ? new Date(`${q.to}T00:00:00Z`) : undefined,
  };
}

/** Text a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function auditCsvRow(e: AuditRecord) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actor_email: spreadsheetSafe(e.actorEmail ?? ""),
    actor_name: spreadsheetSafe(e.actorName ?? ""),
    action: spreadsheetSafe(e.action),
    entity_type: spreadsheetSafe(e.entityType),
    entity_id: spreadsheetSafe(e.entityId),
    scope_id: e.scopeId ?? "",
    before: e.before == null ? "" : JSON.stringify(e.before),
    after: e.after == null ? "" : JSON.stringify(e.after),
  };
}

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "actor_email",
  "actor_name",
  "action",
  "entity_type",
  "entity_id",
  "scope_id",
  "before",
  "after",
];
