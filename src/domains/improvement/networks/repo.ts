import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import type { MeasurePeriod, MeasureType, TeamNaming, TeamStatus } from "./schema";

// The networks' queries. Every read of values is set-based: one query for every team's points.

export interface NetworkRow {
  id: string;
  slug: string;
  kind: "improvement_network" | "learning_collaborative";
  nameEn: string;
  nameEs: string;
  teamNaming: TeamNaming;
  reportingDays: number;
  reminderDaysBefore: number;
}

const NETWORK_COLUMNS = sql`c.id, c.slug, c.kind, c.name_en as "nameEn", c.name_es as "nameEs",
  coalesce(s.team_naming, 'letters') as "teamNaming", coalesce(s.reporting_days, 10)::int as "reportingDays",
  coalesce(s.reminder_days_before, 3)::int as "reminderDaysBefore"`;

/** A community of a network kind, with its settings (defaults until a lead changes them). */
export async function findNetworkBySlug(db: DbOrTx, slug: string): Promise<NetworkRow | null> {
  const [row] = await queryRows<NetworkRow>(
    db,
    sql`select ${NETWORK_COLUMNS} from communities c left join network_settings s on s.community_id = c.id
        where c.slug = ${slug} and c.kind in ('improvement_network', 'learning_collaborative')`,
  );
  return row ?? null;
}

export interface TeamRow {
  id: string;
  communityId: string;
  organisationId: string;
  organisationName: string;
  organisationKind: string;
  stateCode: string | null;
  ancestorIds: string[];
  letterIndex: number;
  status: TeamStatus;
}

const TEAM_COLUMNS = sql`t.id, t.community_id as "communityId", t.organisation_id as "organisationId",
  o.name as "organisationName", o.kind as "organisationKind", o.state_code as "stateCode",
  o.ancestor_ids as "ancestorIds", t.letter_index as "letterIndex", t.status`;

export async function teamsOf(db: DbOrTx, communityId: string): Promise<TeamRow[]> {
  return queryRows<TeamRow>(
    db,
    sql`select ${TEAM_COLUMNS} from network_teams t join organisations o on o.id = t.organisation_id
        where t.community_id = ${communityId} order by t.letter_index`,
  );
}

export async function findTeam(db: DbOrTx, communityId: string, teamId: string): Promise<TeamRow | null> {
  const [row] = await queryRows<TeamRow>(
    db,
    sql`select ${TEAM_COLUMNS} from network_teams t join organisations o on o.id = t.organisation_id
        where t.community_id = ${communityId} and t.id = ${teamId}`,
  );
  return row ?? null;
}

/** Whether any of these organisations is an active member team of the network. */
export async function hasActiveTeamAmong(db: DbOrTx, communityId: string, organisationIds: string[]) {
  if (organisationIds.length === 0) return false;
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from network_teams where community_id = ${communityId} and status = 'active'
          and organisation_id = any(${sql.param(organisationIds)}::uuid[])) as found`,
  );
  return !!row?.found;
}

export interface MeasureRow {
  id: string;
  communityId: string;
  name: string;
  definition: string;
  type: MeasureType;
  period: MeasurePeriod;
  numeratorLabel: string;
  denominatorLabel: string | null;
  rateUnit: number | null;
  goal: number | null;
  startsOn: string;
}

export async function measuresOf(db: DbOrTx, communityId: string): Promise<MeasureRow[]> {
  return queryRows<MeasureRow>(
    db,
    sql`select id, community_id as "communityId", name, definition, type, period,
          numerator_label as "numeratorLabel", denominator_label as "denominatorLabel",
          rate_unit as "rateUnit", goal, starts_on::text as "startsOn"
        from network_measures where community_id = ${communityId} order by created_at, name`,
  );
}

export interface PointRow {
  teamId: string;
  periodStart: string;
  numerator: number;
  denominator: number | null;
  value: number;
}

/** Every team's points of a measure (or of the teams named), in one query, ordered by team and period. */
export async function pointsOf(db: DbOrTx, measureId: string, teamIds?: string[]): Promise<PointRow[]> {
  const teams = teamIds ? sql`and team_id = any(${sql.param(teamIds)}::uuid[])` : sql``;
  return queryRows<PointRow>(
    db,
    sql`select team_id as "teamId", period_start::text as "periodStart", numerator, denominator, value
        from network_values where measure_id = ${measureId} ${teams} order by team_id, period_start`,
  );
}

/** One team's points of every measure, in one query, ordered by measure and period. */
export async function teamPointsOf(
  db: DbOrTx,
  teamId: string,
): Promise<(PointRow & { measureId: string })[]> {
  return queryRows<PointRow & { measureId: string }>(
    db,
    sql`select measure_id as "measureId", team_id as "teamId", period_start::text as "periodStart", numerator, denominator, value
        from network_values where team_id = ${teamId} order by measure_id, period_start`,
  );
}

export interface PooledRow {
  periodStart: string;
  numerator: number;
  denominator: number | null;
  /** The mean of the teams' values (counts and means are pooled as the teams' average). */
  meanValue: number;
  teams: number;
}

/** The network's pooled series of a measure: sums and the teams' mean per period, one query. */
export async function pooledOf(db: DbOrTx, measureId: string): Promise<PooledRow[]> {
  return queryRows<PooledRow>(
    db,
    sql`select period_start::text as "periodStart", sum(numerator)::float8 as numerator,
          sum(denominator)::float8 as denominator, avg(value)::float8 as "meanValue", count(*)::int as teams
        from network_values where measure_id = ${measureId} group by period_start order by period_start`,
  );
}

/** How many of the network's measures of a period kind each active team reported for one period. */
export async function reportedCounts(
  db: DbOrTx,
  communityId: string,
  period: MeasurePeriod,
  periodStart: string,
): Promise<Map<string, number>> {
  const rows = await queryRows<{ teamId: string; n: number }>(
    db,
    sql`select v.team_id as "teamId", count(*)::int as n
        from network_values v join network_measures m on m.id = v.measure_id
        where m.community_id = ${communityId} and m.period = ${period} and v.period_start = ${periodStart}
          and m.starts_on <= ${periodStart}
        group by v.team_id`,
  );
  return new Map(rows.map((r) => [r.teamId, r.n]));
}

export interface SharedChangeRow {
  id: string;
  teamId: string;
  title: string;
  description: string;
  result: "worked" | "promising" | "did_not_work";
  evidence: string;
  cycleId: string | null;
  measureId: string | null;
  sharedAt: Date;
}

export async function sharedChangesOf(db: DbOrTx, communityId: string): Promise<SharedChangeRow[]> {
  const rows = await queryRows<SharedChangeRow>(
    db,
    sql`select id, team_id as "teamId", title, description, result, evidence, cycle_id as "cycleId",
          measure_id as "measureId", shared_at as "sharedAt"
        from network_shared_changes where community_id = ${communityId} order by shared_at desc limit 500`,
  );
  return rows.map((r) => ({ ...r, sharedAt: new Date(r.sharedAt) }));
}

/** The networks in which these organisations are teams (invited or active), for a person's list. */
export async function networksOfOrganisations(db: DbOrTx, organisationIds: string[]) {
  if (organisationIds.length === 0) return [];
  return queryRows<{
    slug: string;
    nameEn: string;
    nameEs: string;
    teamId: string;
    organisationId: string;
    organisationName: string;
    status: TeamStatus;
  }>(
    db,
    sql`select c.slug, c.name_en as "nameEn", c.name_es as "nameEs", t.id as "teamId",
          t.organisation_id as "organisationId", o.name as "organisationName", t.status
        from network_teams t join communities c on c.id = t.community_id join organisations o on o.id = t.organisation_id
        where t.organisation_id = any(${sql.param(organisationIds)}::uuid[]) and t.status <> 'declined'
        order by c.name_en, o.name`,
  );
}

/** The networks a person is in as a community member or lead. */
export async function networksOfPerson(db: DbOrTx, userId: string) {
  return queryRows<{ slug: string; nameEn: string; nameEs: string; role: "member" | "lead" }>(
    db,
    sql`select c.slug, c.name_en as "nameEn", c.name_es as "nameEs", m.role
        from community_members m join communities c on c.id = m.community_id
        where m.user_id = ${userId} and c.kind in ('improvement_network', 'learning_collaborative')
        order by c.name_en`,
  );
}
