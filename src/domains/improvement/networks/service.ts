import type { Static } from "@sinclair/typebox";
import { sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { queueEmails } from "../../../platform/email";
import { conflict, forbidden, notFound } from "../../../platform/http/problem";
import { type Locale, translator } from "../../../platform/i18n";
import { type Actor, can, type NetworkResource } from "../../../platform/policy";
import { roleOf } from "../../communities/service";
import { cyclesOfProject, getCycle } from "../cycles/service";
import { getProject, listProjects } from "../plans/service";
import { findByNcesId, getOrganisation } from "../../directory/service";
import type { MeasureFields, SettingsFields, ShareFields, ValueFields } from "./contracts";
import { networksCatalog } from "./messages";
import { isPeriodStart, lastClosedPeriod, periodLabel, periodStartOf, teamLetters, today } from "./periods";
import {
  findNetworkBySlug,
  hasActiveTeamAmong,
  type MeasureRow,
  measuresOf,
  type NetworkRow,
  type TeamRow,
  teamsOf,
} from "./repo";
import {
  networkMeasures,
  networkSettings,
  networkSharedChanges,
  networkTeams,
  networkValues,
} from "./schema";

export type { MeasureRow, NetworkRow, PointRow, PooledRow, SharedChangeRow, TeamRow } from "./repo";
export {
  measuresOf,
  pointsOf,
  pooledOf,
  reportedCounts,
  sharedChangesOf,
  teamPointsOf,
  teamsOf,
} from "./repo";

/** A network as one person sees it: the row, their role in its community, their own member teams. */
export interface NetworkForViewer {
  network: NetworkRow;
  role: "member" | "lead" | null;
  /** Ids of the network's active teams the person is on. */
  ownTeamIds: string[];
  resource: NetworkResource;
}

export async function networkForViewer(
  db: DbOrTx,
  slug: string,
  actor: Actor | null,
): Promise<NetworkForViewer | null> {
  const network = await findNetworkBySlug(db, slug);
  if (!network) return null;
  const role = actor ? await roleOf(db, network.id, actor.userId) : null;
  const orgIds = actor?.memberships.map((m) => m.organisationId) ?? [];
  const onMemberTeam = await hasActiveTeamAmong(db, network.id, orgIds);
  const ownTeamIds = onMemberTeam
    ? (await teamsOf(db, network.id))
        .filter((t) => t.status === "active" && orgIds.includes(t.organisationId))
        .map((t) => t.id)
    : [];
  return {
    network,
    role,
    ownTeamIds,
    resource: { id: network.id, ancestorIds: [], networkRole: role, onMemberTeam },
  };
}

export const networkName = (n: Pick<NetworkRow, "nameEn" | "nameEs">, locale: Locale) =>
  locale === "es" ? n.nameEs : n.nameEn;

/**
 * How a team is named to this viewer: its organisation's name when the network shows names, to
 * the network's leads (who invited it by name), to national admins and to the team itself;
 * otherwise its letter ("Team C"), fixed when it was invited.
 */
export function teamLabel(
  team: Pick<TeamRow, "id" | "organisationName" | "letterIndex">,
  view: Pick<NetworkForViewer, "network" | "role" | "ownTeamIds">,
  actor: Actor | null,
  locale: Locale,
): string {
  const seesNames =
    view.network.teamNaming === "names" ||
    view.role === "lead" ||
    actor?.systemRole === "admin" ||
    view.ownTeamIds.includes(team.id);
  if (seesNames) return team.organisationName;
  return translator(networksCatalog, locale)("teamLetter", { letter: teamLetters(team.letterIndex) });
}

/** A problem with what was entered, by field (message keys of the networks catalog). */
export class NetworkInputError extends Error {
  constructor(public readonly errors: Record<string, keyof typeof networksCatalog.en>) {
    super(`Invalid input: ${Object.keys(errors).join(", ")}`);
  }
}

// --- Leads: settings, teams, measures ------------------------------------------------------

export async function updateSettings(
  db: Db,
  actor: Actor,
  view: NetworkForViewer,
  fields: Static<typeof SettingsFields>,
) {
  if (!can(actor, "network.lead", view.resource)) throw forbidden();
  if (fields.reminderDaysBefore >= fields.reportingDays)
    throw new NetworkInputError({ reminderDaysBefore: "reminderBeforeWindow" });
  const before = {
    teamNaming: view.network.teamNaming,
    reportingDays: view.network.reportingDays,
    reminderDaysBefore: view.network.reminderDaysBefore,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(networkSettings)
      .values({ communityId: view.network.id, ...fields })
      .onConflictDoUpdate({ target: networkSettings.communityId, set: { ...fields, updatedAt: new Date() } });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "network.settings",
      entityType: "network",
      entityId: view.network.id,
      before,
      after: fields,
    });
  });
}

const TEAM_KINDS = new Set(["school", "district", "state", "partner", "state_initiative"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Invites an organisation's team; its leads are emailed and answer on their networks page. */
export async function inviteTeam(db: Db, actor: Actor, view: NetworkForViewer, organisation: string) {
  if (!can(actor, "network.lead", view.resource)) throw forbidden();
  const org = UUID.test(organisation)
    ? await getOrganisation(db, organisation)
    : await findByNcesId(db, organisation);
  if (!org || !TEAM_KINDS.has(org.kind)) throw new NetworkInputError({ organisation: "organisationUnknown" });
  const communityId = view.network.id;
  return db.transaction(async (tx) => {
    const [existing] = await queryRows<{ id: string; status: string }>(
      tx,
      sql`select id, status from network_teams where community_id = ${communityId} and organisation_id = ${org.id} for update`,
    );
    if (existing && existing.status !== "declined")
      throw new NetworkInputError({ organisation: "alreadyInvited" });
    let teamId: string;
    if (existing) {
      await tx.execute(
        sql`update network_teams set status = 'invited', invited_by = ${actor.userId}, invited_at = now(),
              decided_by = null, decided_at = null where id = ${existing.id}`,
      );
      teamId = existing.id;
    } else {
      const [row] = await tx
        .insert(networkTeams)
        .values({
          communityId,
          organisationId: org.id,
          invitedBy: actor.userId,
          // The next letter: letters are never reused, so "Team C" stays the same team.
          letterIndex: sql`(select coalesce(max(letter_index) + 1, 0) from network_teams where community_id = ${communityId})`,
        })
        .returning({ id: networkTeams.id });
      teamId = row!.id;
    }
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "network.invite",
      entityType: "network_team",
      entityId: teamId,
      scopeId: org.id,
      after: { network: communityId, organisation: org.id },
    });
    await emailTeamLeads(tx, org.id, view.network);
    return { teamId, organisationName: org.name };
  });
}

async function emailTeamLeads(tx: DbOrTx, organisationId: string, network: NetworkRow) {
  const leads = await queryRows<{ email: string; locale: string }>(
    tx,
    sql`select u.email, u.locale from memberships m join users u on u.id = m.user_id
        where m.organisation_id = ${organisationId} and m.role = 'lead' and u.disabled_at is null`,
  );
  await queueEmails(
    tx,
    leads.map((lead) => {
      const locale: Locale = lead.locale === "es" ? "es" : "en";
      const t = translator(networksCatalog, locale);
      const name = networkName(network, locale);
      return {
        to: lead.email,
        subject: t("inviteSubject", { network: name }),
        text: `${t("inviteBody", { network: name })}\n${runtime.publicUrl}/networks\n`,
      };
    }),
  );
}

/** A team's lead accepts or declines an invitation for the team. */
export async function decideInvitation(db: Db, actor: Actor, team: TeamRow, decision: "accept" | "decline") {
  if (!can(actor, "scope.manageTeam", { id: team.organisationId, ancestorIds: team.ancestorIds }))
    throw forbidden();
  if (team.status !== "invited") throw conflict("This invitation was already answered.");
  const status = decision === "accept" ? "active" : "declined";
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`update network_teams set status = ${status}, decided_by = ${actor.userId}, decided_at = now() where id = ${team.id}`,
    );
    await recordAudit(tx, {
      actorId: actor.userId,
      action: `network.${decision}`,
      entityType: "network_team",
      entityId: team.id,
      scopeId: team.organisationId,
      before: { status: team.status },
      after: { status },
    });
  });
  return status;
}

const NEEDS_DENOMINATOR = new Set(["proportion", "rate"]);

export async function defineMeasure(
  db: Db,
  actor: Actor,
  view: NetworkForViewer,
  fields: Static<typeof MeasureFields>,
) {
  if (!can(actor, "network.lead", view.resource)) throw forbidden();
  if (NEEDS_DENOMINATOR.has(fields.type) && !fields.denominatorLabel)
    throw new NetworkInputError({ denominatorLabel: "denominatorLabelNeeded" });
  if (fields.type === "proportion" && fields.goal !== undefined && (fields.goal < 0 || fields.goal > 1))
    throw new NetworkInputError({ goal: "goalProportion" });
  const row = {
    communityId: view.network.id,
    name: fields.name,
    definition: fields.definition,
    type: fields.type,
    period: fields.period,
    numeratorLabel: fields.numeratorLabel,
    denominatorLabel: NEEDS_DENOMINATOR.has(fields.type) ? (fields.denominatorLabel ?? null) : null,
    rateUnit: fields.type === "rate" ? (fields.rateUnit ?? 100) : null,
    goal: fields.goal ?? null,
    startsOn: periodStartOf(fields.startsOn, fields.period),
    createdBy: actor.userId,
  };
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(networkMeasures).values(row).returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "network.measure.create",
      entityType: "network_measure",
      entityId: created!.id,
      after: row,
    });
    return created!;
  });
}

// --- Teams: reporting and sharing ----------------------------------------------------------

/** What the chart plots for a value: the count or mean, the proportion, or the rate per unit. */
export function plottedValueOf(
  measure: Pick<MeasureRow, "type" | "rateUnit">,
  numerator: number,
  denominator: number | null,
) {
  if (measure.type === "proportion") return numerator / denominator!;
  if (measure.type === "rate") return (numerator / denominator!) * (measure.rateUnit ?? 1);
  return numerator;
}

/** The problems with a value for a measure and period, by field (nothing when it may be kept). */
export function valueProblems(
  measure: MeasureRow,
  input: { periodStart: string; numerator: number; denominator?: number },
  day = today(),
): Record<string, keyof typeof networksCatalog.en> {
  const problems: Record<string, keyof typeof networksCatalog.en> = {};
  if (!isPeriodStart(input.periodStart, measure.period)) problems.periodStart = "periodNotStart";
  else if (input.periodStart < measure.startsOn) problems.periodStart = "periodBeforeStart";
  else if (input.periodStart >= periodStartOf(day, measure.period)) problems.periodStart = "periodNotOver";
  const { numerator, denominator } = input;
  const whole = Number.isInteger(numerator) && numerator >= 0;
  if (measure.type === "count" && !whole) problems.numerator = "countWhole";
  if (NEEDS_DENOMINATOR.has(measure.type)) {
    if (denominator === undefined || denominator <= 0) problems.denominator = "denominatorPositive";
    else if (measure.type === "proportion" && !Number.isInteger(denominator))
      problems.denominator = "countWhole";
    if (measure.type === "proportion" && !whole) problems.numerator = "countWhole";
    else if (measure.type === "proportion" && denominator !== undefined && numerator > denominator)
      problems.numerator = "numeratorAboveDenominator";
    if (measure.type === "rate" && numerator < 0) problems.numerator = "countWhole";
  }
  return problems;
}

/** A member team's value for one period: entered or corrected, audited with what it was before. */
export async function reportValue(
  db: Db,
  actor: Actor,
  team: TeamRow,
  measures: MeasureRow[],
  fields: Static<typeof ValueFields>,
) {
  if (!can(actor, "improvement.write", { id: team.organisationId, ancestorIds: team.ancestorIds }))
    throw forbidden();
  if (team.status !== "active") throw notFound();
  const measure = measures.find((m) => m.id === fields.measureId);
  if (!measure) throw new NetworkInputError({ measureId: "measureUnknown" });
  const problems = valueProblems(measure, fields);
  if (Object.keys(problems).length > 0) throw new NetworkInputError(problems);
  const denominator = NEEDS_DENOMINATOR.has(measure.type) ? fields.denominator! : null;
  const row = {
    measureId: measure.id,
    teamId: team.id,
    periodStart: fields.periodStart,
    numerator: fields.numerator,
    denominator,
    value: plottedValueOf(measure, fields.numerator, denominator),
    note: fields.note ?? null,
    enteredBy: actor.userId,
    enteredAt: new Date(),
  };
  await db.transaction(async (tx) => {
    const [before] = await queryRows<Record<string, unknown>>(
      tx,
      sql`select numerator, denominator, value, note from network_values
          where measure_id = ${measure.id} and team_id = ${team.id} and period_start = ${fields.periodStart} for update`,
    );
    await tx
      .insert(networkValues)
      .values(row)
      .onConflictDoUpdate({
        target: [networkValues.measureId, networkValues.teamId, networkValues.periodStart],
        set: {
          numerator: row.numerator,
          denominator: row.denominator,
          value: row.value,
          note: row.note,
          enteredBy: row.enteredBy,
          enteredAt: row.enteredAt,
        },
      });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: before ? "network.value.update" : "network.value.create",
      entityType: "network_value",
      entityId: `${measure.id}/${team.id}/${fields.periodStart}`,
      scopeId: team.organisationId,
      before: before ?? null,
      after: { numerator: row.numerator, denominator: row.denominator, value: row.value, note: row.note },
    });
  });
  return { measure, value: row.value };
}

/** A team shares a change idea (or a PDSA cycle of its own) with the network in one step. */
export async function shareChange(
  db: Db,
  actor: Actor,
  team: TeamRow,
  measures: MeasureRow[],
  fields: Static<typeof ShareFields>,
) {
  if (!can(actor, "improvement.write", { id: team.organisationId, ancestorIds: team.ancestorIds }))
    throw forbidden();
  if (team.status !== "active") throw notFound();
  if (fields.measureId && !measures.some((m) => m.id === fields.measureId))
    throw new NetworkInputError({ measureId: "measureUnknown" });
  // A cycle must be one of the team's own (checked through the cycles' service once it is here).
  if (fields.cycleId && !(await cycleOfTeam(db, team, fields.cycleId)))
    throw new NetworkInputError({ cycleId: "cycleUnknown" });
  const row = {
    communityId: team.communityId,
    teamId: team.id,
    title: fields.title,
    description: fields.description,
    result: fields.result,
    evidence: fields.evidence ?? "",
    measureId: fields.measureId ?? null,
    cycleId: fields.cycleId ?? null,
    sharedBy: actor.userId,
  };
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(networkSharedChanges).values(row).returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "network.change.share",
      entityType: "network_shared_change",
      entityId: created!.id,
      scopeId: team.organisationId,
      after: row,
    });
    return created!;
  });
}

/** Whether the PDSA cycle is the team's own: in a plan of the team's organisation. */
async function cycleOfTeam(db: DbOrTx, team: TeamRow, cycleId: string): Promise<boolean> {
  const cycle = await getCycle(db, cycleId);
  const project = cycle ? await getProject(db, cycle.projectId) : null;
  return project?.organisationId === team.organisationId;
}

/** The team's PDSA cycles (every plan of its organisation), to share one with the network. */
export async function cyclesOfTeam(db: DbOrTx, organisationId: string) {
  const projects = await listProjects(db, organisationId);
  const cycles = await Promise.all(projects.map((p) => cyclesOfProject(db, p.id)));
  return cycles.flat().map((c) => ({ id: c.id, title: `${c.changeIdeaTitle}: ${c.title}`, href: c.href }));
}

// --- Late teams ----------------------------------------------------------------------------

export interface LateTeam {
  team: TeamRow;
  periodStart: string;
  closedOn: string;
  period: "week" | "month";
  missing: string[];
}

/**
 * Active teams that let a period's reporting window close without a value: per kind of period
 * (week, month), the latest closed period, every measure that had started by then. One query
 * per kind of period, whatever the number of teams.
 */
export async function lateTeams(db: DbOrTx, network: NetworkRow, day = today()): Promise<LateTeam[]> {
  const measures = await measuresOf(db, network.id);
  const teams = new Map((await teamsOf(db, network.id)).map((t) => [t.id, t]));
  const late: LateTeam[] = [];
  for (const period of ["month", "week"] as const) {
    if (!measures.some((m) => m.period === period)) continue;
    const window = lastClosedPeriod(day, period, network.reportingDays);
    const rows = await queryRows<{ teamId: string; missing: string[] }>(
      db,
      sql`select t.id as "teamId", array_agg(m.name order by m.created_at) as missing
          from network_teams t join network_measures m on m.community_id = t.community_id
          where t.community_id = ${network.id} and t.status = 'active' and m.period = ${period}
            and m.starts_on <= ${window.periodStart}::date
            and coalesce(t.decided_at, t.invited_at) < (${window.closesOn}::date + 1)
            and not exists (select 1 from network_values v where v.measure_id = m.id and v.team_id = t.id
                              and v.period_start = ${window.periodStart}::date)
          group by t.id`,
    );
    for (const r of rows) {
      const team = teams.get(r.teamId);
      if (team)
        late.push({
          team,
          periodStart: window.periodStart,
          closedOn: window.closesOn,
          period,
          missing: r.missing,
        });
    }
  }
  return late.sort((a, b) => a.team.letterIndex - b.team.letterIndex);
}

// --- Reminders -----------------------------------------------------------------------------

/** Links in emails need the public address; the routes plugin hands it over when the app starts. */
const runtime = { publicUrl: "http://localhost:3000" };
export function configureNetworkEmails(options: { publicUrl: string }) {
  runtime.publicUrl = options.publicUrl;
}
export const publicUrl = () => runtime.publicUrl;

export const periodName = (start: string, period: "week" | "month", locale: Locale) =>
  periodLabel(start, period, locale);
