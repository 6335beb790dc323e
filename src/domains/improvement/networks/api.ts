import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { badRequest } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import type { Actor } from "../../../platform/policy";
import { loadedNetwork, loadedTeam, networkInPath, signedInActor, teamInPath } from "./access";
import {
  ChangePackageResponse,
  DashboardQuery,
  DashboardResponse,
  DecisionFields,
  InviteFields,
  LateTeamsResponse,
  MeasureFields,
  MeasureResponse,
  NetworkParams,
  NetworkResponse,
  SettingsFields,
  ShareFields,
  TeamParams,
  TeamResponse,
  ValueFields,
} from "./contracts";
import { buildDashboard } from "./dashboard";
import { Dependencies } from "../../../platform/cache";
import { Type } from "@sinclair/typebox";
import {
  decideInvitation,
  defineMeasure,
  inviteTeam,
  lateTeams,
  type MeasureRow,
  measuresOf,
  NetworkInputError,
  type NetworkForViewer,
  networkName,
  pointsOf,
  reportValue,
  shareChange,
  sharedChangesOf,
  type TeamRow,
  teamLabel,
  teamsOf,
  updateSettings,
} from "./service";

const tags = ["networks"];
const read = (load = networkInPath) => ({
  access: { action: "network.read" as const, load, refuse: 404 as const },
});
const lead = { access: { action: "network.lead" as const, load: networkInPath, refuse: 404 as const } };
const teamWrite = {
  access: { action: "improvement.write" as const, load: teamInPath("write"), refuse: 404 as const },
};
const teamDecide = {
  access: { action: "scope.manageTeam" as const, load: teamInPath("decide"), refuse: 404 as const },
};

/** A service's field problems as problem+json pointers. */
function asBadRequest(error: NetworkInputError) {
  return badRequest(
    "Some values cannot be kept.",
    Object.entries(error.errors).map(([field, key]) => ({
      pointer: `/${field}`,
      detail: `${field}: ${key}`,
    })),
  );
}

async function orBadRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NetworkInputError) throw asBadRequest(error);
    throw error;
  }
}

export const presentMeasure = (m: MeasureRow): Static<typeof MeasureResponse> => ({
  id: m.id,
  name: m.name,
  definition: m.definition,
  type: m.type,
  period: m.period,
  numeratorLabel: m.numeratorLabel,
  denominatorLabel: m.denominatorLabel,
  rateUnit: m.rateUnit,
  goal: m.goal,
  startsOn: m.startsOn,
});

const presentTeam = (team: TeamRow, view: NetworkForViewer, actor: Actor, locale: "en" | "es") => ({
  id: team.id,
  label: teamLabel(team, view, actor, locale),
  status: team.status,
});

export async function networksApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/networks/:networkSlug",
    {
      config: read(),
      schema: {
        tags,
        summary:
          "An improvement network: its settings, shared measures and member teams (named as the network chooses)",
        params: NetworkParams,
        response: { 200: NetworkResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const [measures, teams] = await Promise.all([
        measuresOf(app.db, view.network.id),
        teamsOf(app.db, view.network.id),
      ]);
      return {
        slug: view.network.slug,
        name: networkName(view.network, request.locale),
        teamNaming: view.network.teamNaming,
        reportingDays: view.network.reportingDays,
        reminderDaysBefore: view.network.reminderDaysBefore,
        measures: measures.map(presentMeasure),
        teams: teams
          .filter((t) => t.status === "active")
          .map((t) => presentTeam(t, view, actor, request.locale)),
      };
    },
  );

  app.get(
    "/networks/:networkSlug/dashboard",
    {
      config: read(),
      schema: {
        tags,
        summary:
          "The network dashboard of one shared measure: who reported this period, each team's points (24 teams a page), the pooled chart with its signals",
        params: NetworkParams,
        querystring: DashboardQuery,
        response: { 200: DashboardResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const data = await buildDashboard(
        app.db,
        view,
        actor,
        request.locale,
        { measureId: request.query.measure, page: request.query.page },
        new Dependencies(),
      );
      if (!data.measure || !data.window) throw badRequest("The network has no shared measure yet.");
      return {
        measure: presentMeasure(data.measure),
        period: {
          periodStart: data.window.periodStart,
          opensOn: data.window.opensOn,
          closesOn: data.window.closesOn,
        },
        reported: data.reported,
        teams: data.teams.map((s) => ({
          id: s.team.id,
          label: s.label,
          status: s.team.status,
          reportedThisPeriod: s.status === "reported",
          points: s.points.map(({ teamId: _t, ...p }) => p),
        })),
        pooled: {
          chart: data.pooled?.chart ?? "run",
          points: (data.pooled?.points ?? []).map((p) => ({
            periodStart: p.periodStart,
            value: p.value,
            teams: p.teams,
            numerator: p.numerator,
            denominator: p.denominator,
            center: p.centre,
            upper: p.upper,
            lower: p.lower,
          })),
          signals: data.pooled?.signals ?? [],
        },
        page: data.page,
        pages: data.pages,
      };
    },
  );

  app.get(
    "/networks/:networkSlug/teams/:teamId",
    {
      config: read(teamInPath("read")),
      schema: {
        tags,
        summary: "One member team's values of every shared measure",
        params: TeamParams,
        response: {
          200: Type.Object({
            team: TeamResponse,
            measures: Type.Array(
              Type.Object({
                measure: MeasureResponse,
                points: Type.Array(
                  Type.Object({
                    periodStart: Type.String(),
                    numerator: Type.Number(),
                    denominator: Type.Union([Type.Number(), Type.Null()]),
                    value: Type.Number(),
                  }),
                ),
              }),
            ),
          }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => {
      const { view, team } = loadedTeam(request);
      const actor = await signedInActor(request);
      const measures = await measuresOf(app.db, view.network.id);
      const points = await Promise.all(measures.map((m) => pointsOf(app.db, m.id, [team.id])));
      return {
        team: presentTeam(team, view, actor, request.locale),
        measures: measures.map((m, i) => ({
          measure: presentMeasure(m),
          points: points[i]!.map(({ teamId: _t, ...p }) => p),
        })),
      };
    },
  );

  app.put(
    "/networks/:networkSlug/teams/:teamId/values",
    {
      config: teamWrite,
      schema: {
        tags,
        summary: "Report (or correct) the team's value of a shared measure for a period that has ended",
        params: TeamParams,
        body: ValueFields,
        response: {
          200: Type.Object({ measureId: Type.String(), periodStart: Type.String(), value: Type.Number() }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { view, team } = loadedTeam(request);
      const actor = await signedInActor(request);
      const measures = await measuresOf(app.db, view.network.id);
      const saved = await orBadRequest(() => reportValue(app.db, actor, team, measures, request.body));
      return { measureId: saved.measure.id, periodStart: request.body.periodStart, value: saved.value };
    },
  );

  app.post(
    "/networks/:networkSlug/teams/:teamId/shared-changes",
    {
      config: teamWrite,
      schema: {
        tags,
        summary: "Share a change idea (or a PDSA cycle) with the network: it joins the change package",
        params: TeamParams,
        body: ShareFields,
        response: { 201: Type.Object({ id: Type.String() }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { view, team } = loadedTeam(request);
      const actor = await signedInActor(request);
      const measures = await measuresOf(app.db, view.network.id);
      const created = await orBadRequest(() => shareChange(app.db, actor, team, measures, request.body));
      return reply.status(201).send({ id: created.id });
    },
  );

  app.post(
    "/networks/:networkSlug/teams/:teamId/invitation",
    {
      config: teamDecide,
      schema: {
        tags,
        summary: "A team's lead accepts or declines the network's invitation",
        params: TeamParams,
        body: DecisionFields,
        response: { 200: Type.Object({ status: Type.String() }), ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const { team } = loadedTeam(request);
      const actor = await signedInActor(request);
      return { status: await decideInvitation(app.db, actor, team, request.body.decision) };
    },
  );

  app.get(
    "/networks/:networkSlug/change-package",
    {
      config: read(),
      schema: {
        tags,
        summary: "The change package: changes teams shared, those that worked first",
        params: NetworkParams,
        response: { 200: ChangePackageResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const [changes, teams] = await Promise.all([
        sharedChangesOf(app.db, view.network.id),
        teamsOf(app.db, view.network.id),
      ]);
      const byId = new Map(teams.map((t) => [t.id, t]));
      const items = changes.flatMap((c) => {
        const team = byId.get(c.teamId);
        if (!team) return [];
        return [
          {
            id: c.id,
            team: teamLabel(team, view, actor, request.locale),
            title: c.title,
            description: c.description,
            result: c.result,
            evidence: c.evidence,
            measureId: c.measureId,
            cycleId: c.cycleId,
            sharedAt: c.sharedAt.toISOString(),
          },
        ];
      });
      return {
        worked: items.filter((i) => i.result === "worked"),
        other: items.filter((i) => i.result !== "worked"),
      };
    },
  );

  app.get(
    "/networks/:networkSlug/late-teams",
    {
      config: lead,
      schema: {
        tags,
        summary: "Teams whose reporting window closed without a value (network leads)",
        params: NetworkParams,
        response: { 200: LateTeamsResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const late = await lateTeams(app.db, view.network);
      return {
        items: late.map((l) => ({
          team: presentTeam(l.team, view, actor, request.locale),
          organisationId: l.team.organisationId,
          periodStart: l.periodStart,
          closedOn: l.closedOn,
          missing: l.missing,
        })),
      };
    },
  );

  app.put(
    "/networks/:networkSlug/settings",
    {
      config: lead,
      schema: {
        tags,
        summary: "The network's settings: team naming, reporting window, reminder (network leads)",
        params: NetworkParams,
        body: SettingsFields,
        response: { 200: SettingsFields, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      await orBadRequest(() => updateSettings(app.db, actor, view, request.body));
      return request.body;
    },
  );

  app.post(
    "/networks/:networkSlug/teams",
    {
      config: lead,
      schema: {
        tags,
        summary: "Invite a team (a school, district or state) to the network (network leads)",
        params: NetworkParams,
        body: InviteFields,
        response: { 201: Type.Object({ teamId: Type.String() }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const { teamId } = await orBadRequest(() => inviteTeam(app.db, actor, view, request.body.organisation));
      return reply.status(201).send({ teamId });
    },
  );

  app.post(
    "/networks/:networkSlug/measures",
    {
      config: lead,
      schema: {
        tags,
        summary: "Define a shared measure with its operational definition (network leads)",
        params: NetworkParams,
        body: MeasureFields,
        response: { 201: MeasureResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const created = await orBadRequest(() => defineMeasure(app.db, actor, view, request.body));
      return reply.status(201).send(
        presentMeasure({
          ...created,
          startsOn: String(created.startsOn),
        } as MeasureRow),
      );
    },
  );
}
