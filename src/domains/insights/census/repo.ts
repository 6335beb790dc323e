import { type SQL, sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import { notSharedSql } from "../../measures/service";
import { CENSUS_ROLES, FUNDING_SOURCES, GRADES, TIERS } from "./roles";

/** One roll-up as the database returns it: every figure a named number (see `rollupColumns`). */
export type RollupRow = { schoolYear: string; groupId: string | null } & Record<string, number>;

const n = (expr: SQL) => sql`coalesce(${expr}, 0)::float8`;
const known = sql`enrollment is not null`;

/**
 * Every census figure as one aggregate column over census_school_facts, so a roll-up of any
 * scope is a single pass over its schools' rows. Ratios to enrolment only count schools whose
 * enrolment is known.
 */
function rollupColumns(): SQL[] {
  const cols: SQL[] = [sql`count(*)::int as "schools"`, sql`${n(sql`sum(enrollment)`)} as "enrolment"`];
  CENSUS_ROLES.forEach((role, index) => {
    const i = sql.raw(String(index + 1));
    const answered = sql`${known} and (fte_school[${i}] is not null or fte_community[${i}] is not null)`;
    const total = sql`coalesce(fte_school[${i}], 0) + coalesce(fte_community[${i}], 0)`;
    cols.push(
      sql`count(*) filter (where ${answered})::int as ${sql.identifier(`${role}.n`)}`,
      sql`${n(sql`sum(enrollment) filter (where ${answered})`)} as ${sql.identifier(`${role}.enrolment`)}`,
      sql`${n(sql`sum(fte_school[${i}]) filter (where ${answered})`)} as ${sql.identifier(`${role}.school`)}`,
      sql`${n(sql`sum(fte_community[${i}]) filter (where ${answered})`)} as ${sql.identifier(`${role}.community`)}`,
      sql`count(*) filter (where ${answered} and ${total} >= 1)::int as ${sql.identifier(`${role}.fullTime`)}`,
    );
  });
  for (const tier of TIERS) {
    const t = sql.raw(String(tier));
    cols.push(
      sql`count(tiers_offered[${t}])::int as ${sql.identifier(`tier${tier}.n`)}`,
      sql`count(*) filter (where tiers_offered[${t}])::int as ${sql.identifier(`tier${tier}.offering`)}`,
    );
  }
  cols.push(
    sql`count(screens)::int as "screening.n"`,
    sql`count(*) filter (where screens)::int as "screening.screens"`,
    sql`count(grades_screened)::int as "grades.n"`,
    ...GRADES.map(
      (g) =>
        sql`count(*) filter (where ${g}::text = any(grades_screened))::int as ${sql.identifier(`grade.${g}`)}`,
    ),
  );
  const countFigure = (column: string, name: string) => {
    const c = sql.identifier(column);
    const answered = sql`${known} and ${c} is not null`;
    return [
      sql`count(*) filter (where ${answered})::int as ${sql.identifier(`${name}.n`)}`,
      sql`${n(sql`sum(${c}) filter (where ${answered})`)} as ${sql.identifier(`${name}.students`)}`,
      sql`${n(sql`sum(enrollment) filter (where ${answered})`)} as ${sql.identifier(`${name}.enrolment`)}`,
    ];
  };
  cols.push(
    ...countFigure("students_screened", "screened"),
    ...countFigure("served_tier2", "served2"),
    ...countFigure("served_tier3", "served3"),
    sql`count(funding_sources)::int as "funding.n"`,
    ...FUNDING_SOURCES.map(
      (f) =>
        sql`count(*) filter (where ${f}::text = any(funding_sources))::int as ${sql.identifier(`funding.${f}`)}`,
    ),
    sql`count(partners)::int as "partners.n"`,
    sql`${n(sql`sum(partners)`)} as "partners.total"`,
    sql`count(*) filter (where partners > 0)::int as "partners.schools"`,
    sql`count(partner_agreements)::int as "agreements.n"`,
    sql`count(*) filter (where partner_agreements)::int as "agreements.yes"`,
  );
  return cols;
}

let columns: SQL | undefined;
const allColumns = () => {
  columns ??= sql.join(rollupColumns(), sql`, `);
  return columns;
};

/** A school that chose not to share a year counts in its district's census, not above it. */
const sharedBeyondDistrict = sql`not ${notSharedSql(sql`census_school_facts.organisation_id`, sql`census_school_facts.school_year`)}`;

/**
 * Roll-ups of the schools under a scope (null: the nation), one row per school year on record,
 * or for one year. The GIN index on scope_ids finds a state's or a district's schools.
 */
export async function rollupRowsByYear(
  db: DbOrTx,
  scope: { id: string | null; beyondDistrict: boolean },
  schoolYear: string | null,
): Promise<RollupRow[]> {
  const where = [
    scope.id ? sql`scope_ids @> array[${scope.id}::uuid]` : sql`true`,
    schoolYear ? sql`school_year = ${schoolYear}` : sql`true`,
    scope.beyondDistrict ? sharedBeyondDistrict : sql`true`,
  ];
  return queryRows<RollupRow>(
    db,
    sql`select school_year as "schoolYear", null::uuid as "groupId", ${allColumns()}
          from census_school_facts
         where ${sql.join(where, sql` and `)}
         group by school_year
         order by school_year`,
  );
}

/** One year's roll-up of every state at once (the second scope id of a school is its state). */
export async function rollupRowsByState(db: DbOrTx, schoolYear: string): Promise<RollupRow[]> {
  return queryRows<RollupRow>(
    db,
    sql`select school_year as "schoolYear", scope_ids[2] as "groupId", ${allColumns()}
          from census_school_facts
         where school_year = ${schoolYear} and ${sharedBeyondDistrict}
         group by school_year, scope_ids[2]`,
  );
}

/** Every school year with at least one census profile under the scope. */
export async function censusYears(db: DbOrTx, scopeId: string | null): Promise<string[]> {
  const rows = await queryRows<{ schoolYear: string }>(
    db,
    sql`select distinct school_year as "schoolYear" from census_school_facts
         where ${scopeId ? sql`scope_ids @> array[${scopeId}::uuid]` : sql`true`}
         order by 1`,
  );
  return rows.map((r) => r.schoolYear);
}
