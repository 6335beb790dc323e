import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";

/*
 * An event's figures for its organisers: registrations and attendance by stakeholder type and by
 * state, read from the registration capability's core tables (counts only — nobody's answers to
 * registration questions), and whatever the other capabilities add through `addEventReport`
 * (evaluations, CE credits issued).
 */

export interface GroupFigures {
  /** A stakeholder type or a two-letter state code; null when the person did not say. */
  group: string | null;
  registered: number;
  waitlisted: number;
  cancelled: number;
  checkedIn: number;
  attended: number;
}

export interface CreditFigures {
  creditTypeId: string;
  label: string;
  profession: string;
  certificates: number;
  hours: number;
}

export interface EvaluationFigures {
  /** A stakeholder type or a state code (null: not given), with how many evaluations were completed. */
  byStakeholder: { group: string | null; evaluations: number }[];
  byState: { group: string | null; evaluations: number }[];
}

export interface EventReport {
  byStakeholder: GroupFigures[];
  byState: GroupFigures[];
  evaluations: EvaluationFigures | null;
  credits: CreditFigures[] | null;
}

type Part = {
  evaluations?: (db: DbOrTx, eventId: string) => Promise<EvaluationFigures>;
  credits?: (db: DbOrTx, eventId: string) => Promise<CreditFigures[]>;
};
const parts: Part = {};

/**
 * How another capability adds its figures to the reports (credit: evaluations completed and
 * CE credits issued per credit type). Called once when its routes are registered.
 */
export function addEventReport(part: Part): void {
  Object.assign(parts, part);
}

async function registrationsBy(db: DbOrTx, eventId: string, column: "stakeholder_role" | "state_code") {
  const rows = await queryRows<GroupFigures>(
    db,
    sql`select u.${sql.raw(column)} as "group",
          count(*) filter (where r.status = 'registered')::int as registered,
          count(*) filter (where r.status = 'waitlisted')::int as waitlisted,
          count(*) filter (where r.status = 'cancelled')::int as cancelled,
          count(*) filter (where r.checked_in_at is not null)::int as "checkedIn",
          count(*) filter (where exists (
            select 1 from event_session_attendance a where a.registration_id = r.id))::int as attended
        from event_registrations r join users u on u.id = r.user_id
        where r.event_id = ${eventId}
        group by 1 order by 1 nulls last`,
  );
  return rows;
}

export async function eventReport(db: DbOrTx, eventId: string): Promise<EventReport> {
  const [byStakeholder, byState, evaluations, credits] = await Promise.all([
    registrationsBy(db, eventId, "stakeholder_role"),
    registrationsBy(db, eventId, "state_code"),
    parts.evaluations ? parts.evaluations(db, eventId) : Promise.resolve(null),
    parts.credits ? parts.credits(db, eventId) : Promise.resolve(null),
  ]);
  return { byStakeholder, byState, evaluations, credits };
}

/** Every figure as CSV rows: one line per breakdown, group and measure. */
export function reportCsvRows(report: EventReport): (string | number)[][] {
  const rows: (string | number)[][] = [["breakdown", "group", "measure", "value"]];
  for (const [breakdown, list] of [
    ["stakeholder_type", report.byStakeholder],
    ["state", report.byState],
  ] as const) {
    for (const g of list)
      for (const measure of ["registered", "waitlisted", "cancelled", "checkedIn", "attended"] as const)
        rows.push([breakdown, g.group ?? "", measure, g[measure]]);
  }
  for (const [breakdown, list] of [
    ["stakeholder_type", report.evaluations?.byStakeholder ?? []],
    ["state", report.evaluations?.byState ?? []],
  ] as const)
    for (const g of list) rows.push([breakdown, g.group ?? "", "evaluations", g.evaluations]);
  for (const c of report.credits ?? []) {
    rows.push(["credit_type", c.label, "certificates", c.certificates]);
    rows.push(["credit_type", c.label, "credit_hours", c.hours]);
  }
  return rows;
}
