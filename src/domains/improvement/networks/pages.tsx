import { Readable } from "node:stream";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { stringify } from "csv-stringify";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Dependencies } from "../../../platform/cache";
import { type FieldErrors, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { badRequest } from "../../../platform/http/problem";
import { Type } from "@sinclair/typebox";
import { Uuid } from "../../../platform/http/schemas";
import type { Locale } from "../../../platform/i18n";
import { type Actor, can } from "../../../platform/policy";
import { loadedNetwork, loadedTeam, networkInPath, signedInActor, teamInPath } from "./access";
import {
  DashboardQuery,
  DecisionFields,
  InviteFields,
  MeasureFields,
  NetworkParams,
  SettingsFields,
  ShareFields,
  TeamParams,
  ValueFields,
} from "./contracts";
import { buildDashboard, type SeriesChart, teamChart } from "./dashboard";
import { networkTags } from "./cache-tags";
import { networksOfOrganisations, networksOfPerson } from "./repo";
import {
  cyclesOfTeam,
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
  teamLabel,
  teamPointsOf,
  teamsOf,
  updateSettings,
} from "./service";
import { ChangePackagePage } from "./views/change-package";
import { DashboardPage } from "./views/dashboard";
import { NetworksPage } from "./views/list";
import { ManagePage, type ManageForm, NewMeasurePage } from "./views/manage";
import { networkHref, tr } from "./views/shared";
import { ReportPage, type ReportForm, SharePage, TeamPage } from "./views/team";

const hidden = { hide: true };
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

/** A service's field problems as the form shows them, in the page's language. */
export function fieldErrorsOf(error: NetworkInputError, locale: Locale): FieldErrors {
  const t = tr(locale);
  return Object.fromEntries(Object.entries(error.errors).map(([field, key]) => [field, { message: t(key) }]));
}

const mayLead = (actor: Actor | null, view: NetworkForViewer) => can(actor, "network.lead", view.resource);

/** The measures of the network with one team's points of each (two queries, whatever the measures). */
async function teamSeries(app: FastifyInstance, view: NetworkForViewer, teamId: string) {
  const [measures, points] = await Promise.all([
    measuresOf(app.db, view.network.id),
    teamPointsOf(app.db, teamId),
  ]);
  return measures.map((measure) => ({ measure, points: points.filter((p) => p.measureId === measure.id) }));
}

export async function networkPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/networks", { config: { access: "signedIn" }, schema: hidden }, async (request, reply) => {
    const actor = await signedInActor(request);
    const locale = request.locale;
    const t = tr(locale);
    const orgIds = actor.memberships.map((m) => m.organisationId);
    const leads = new Set(actor.memberships.filter((m) => m.role === "lead").map((m) => m.organisationId));
    const [asPerson, asTeams] = await Promise.all([
      networksOfPerson(app.db, actor.userId),
      networksOfOrganisations(app.db, orgIds),
    ]);
    const listed = new Map<string, { slug: string; name: string; how: string[] }>();
    const add = (slug: string, name: string, how: string) => {
      const entry = listed.get(slug) ?? { slug, name, how: [] };
      entry.how.push(how);
      listed.set(slug, entry);
    };
    for (const n of asPerson)
      add(n.slug, networkName(n, locale), t(n.role === "lead" ? "asLead" : "asMember"));
    for (const n of asTeams)
      if (n.status === "active")
        add(n.slug, networkName(n, locale), t("asTeam", { team: n.organisationName }));
    const invitations = asTeams
      .filter((n) => n.status === "invited" && leads.has(n.organisationId))
      .map((n) => ({
        slug: n.slug,
        network: networkName(n, locale),
        teamId: n.teamId,
        organisationName: n.organisationName,
      }));
    return reply.page(
      <NetworksPage
        ctx={reply.pageContext()}
        networks={[...listed.values()].map((n) => ({ slug: n.slug, name: n.name, how: n.how.join("; ") }))}
        invitations={invitations}
      />,
    );
  });

  app.get(
    "/networks/:networkSlug",
    {
      config: read(),
      schema: { ...hidden, params: NetworkParams, querystring: DashboardQuery },
    },
    async (request, reply) => {
      const query = request.query;
      const { view, deps: loaderDeps } = loadedNetwork(request);
      const actor = await request.actor();
      // Drawn once for everyone shown the same figures, names and links (the model says what).
      return reply.sharedPage(
        async (deps) => {
          deps.add(...loaderDeps.tags);
          const data = await buildDashboard(
            app.db,
            view,
            actor,
            request.locale,
            { measureId: query.measure, page: query.page },
            deps,
          );
          return { view, data, mayLead: mayLead(actor, view) };
        },
        (ctx, m) => <DashboardPage ctx={ctx} view={m.view} data={m.data} mayLead={m.mayLead} />,
      );
    },
  );

  app.get(
    "/networks/:networkSlug/dashboard.csv",
    { config: read(), schema: { ...hidden, params: NetworkParams } },
    async (request, reply) => {
      const { view } = loadedNetwork(request);
      const actor = await request.actor();
      const [measures, teams] = await Promise.all([
        measuresOf(app.db, view.network.id),
        teamsOf(app.db, view.network.id),
      ]);
      const labels = new Map(teams.map((team) => [team.id, teamLabel(team, view, actor, request.locale)]));
      async function* rows() {
        yield ["team", "measure", "type", "period_start", "numerator", "denominator", "value"];
        for (const m of measures)
          for (const p of await pointsOf(app.db, m.id))
            if (labels.has(p.teamId))
              yield [
                labels.get(p.teamId),
                m.name,
                m.type,
                p.periodStart,
                p.numerator,
                p.denominator ?? "",
                p.value,
              ];
      }
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="network-${view.network.slug}.csv"`)
        .header("cache-control", "no-store")
        .send(Readable.from(rows()).pipe(stringify()));
    },
  );

  app.get(
    "/networks/:networkSlug/teams/:teamId",
    { config: read(teamInPath("read")), schema: { ...hidden, params: TeamParams } },
    async (request, reply) => {
      const { view, team, deps: loaderDeps } = loadedTeam(request);
      const actor = await request.actor();
      return reply.sharedPage(
        async (deps) => {
          deps.add(...loaderDeps.tags);
          const charts = await teamChartsOf(view, team.id, request.locale, deps);
          return {
            view,
            charts,
            label: teamLabel(team, view, actor, request.locale),
            mayLead: mayLead(actor, view),
          };
        },
        (ctx, m) => (
          <TeamPage ctx={ctx} view={m.view} label={m.label} charts={m.charts} mayLead={m.mayLead} />
        ),
      );
    },
  );

  /**
   * A team's charts, kept until one of its measures gets a value: every member opening the page
   * gets the same objects, so the shared page's digest of them is taken once, not per request.
   */
  const teamCharts = app.caches.create<{ measure: MeasureRow; chart: SeriesChart }[]>({ maxEntries: 5_000 });
  const teamChartsOf = async (view: NetworkForViewer, teamId: string, locale: Locale, deps: Dependencies) =>
    (await teamCharts.load(
      `${view.network.id} ${teamId} ${locale}`,
      async (own) => {
        own.add(networkTags.network(view.network.id));
        const series = await teamSeries(app, view, teamId);
        for (const s of series) own.add(networkTags.measureValues(s.measure.id));
        return series.map((s) => ({ measure: s.measure, chart: teamChart(s.measure, s.points, locale) }));
      },
      deps,
    )) ?? [];

  const reportPage = async (request: FastifyRequest, reply: FastifyReply, failed?: ReportForm) => {
    const { view, team } = loadedTeam(request);
    const actor = await request.actor();
    const measures = await teamSeries(app, view, team.id);
    const query = request.query as { measure?: string } | undefined;
    return reply.page(
      <ReportPage
        ctx={reply.pageContext()}
        view={view}
        team={team}
        label={teamLabel(team, view, actor, request.locale)}
        measures={measures}
        measureId={query?.measure}
        failed={failed}
      />,
      failed ? 400 : 200,
    );
  };

  app.get(
    "/networks/:networkSlug/teams/:teamId/report",
    {
      config: teamWrite,
      schema: { ...hidden, params: TeamParams, querystring: Type.Object({ measure: Type.Optional(Uuid()) }) },
    },
    (request, reply) => reportPage(request, reply),
  );

  app.post(
    "/networks/:networkSlug/teams/:teamId/report",
    { config: teamWrite, schema: { ...hidden, params: TeamParams, body: formFieldsOf(ValueFields) } },
    async (request, reply) => {
      const { view, team } = loadedTeam(request);
      const actor = await signedInActor(request);
      const measureId = typeof request.body.measureId === "string" ? request.body.measureId : "";
      const { _csrf, ...values } = request.body as Record<string, string>;
      const parsed = parseForm(ValueFields, request.body);
      if (!parsed.ok) return reportPage(request, reply, { measureId, values, errors: parsed.errors });
      try {
        await reportValue(app.db, actor, team, await measuresOf(app.db, view.network.id), parsed.value);
      } catch (error) {
        if (!(error instanceof NetworkInputError)) throw error;
        return reportPage(request, reply, {
          measureId,
          values,
          errors: fieldErrorsOf(error, request.locale),
        });
      }
      reply.flash("success", tr(request.locale)("valueSaved"));
      return reply.redirect(`${networkHref(view)}/teams/${team.id}/report`, 303);
    },
  );

  const sharePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, string>,
    errors?: FieldErrors,
  ) => {
    const { view, team } = loadedTeam(request);
    const actor = await request.actor();
    return reply.page(
      <SharePage
        ctx={reply.pageContext()}
        view={view}
        team={team}
        label={teamLabel(team, view, actor, request.locale)}
        measures={await measuresOf(app.db, view.network.id)}
        cycles={await cyclesOfTeam(app.db, team.organisationId)}
        values={values}
        errors={errors}
      />,
      errors ? 400 : 200,
    );
  };

  app.get(
    "/networks/:networkSlug/teams/:teamId/share",
    { config: teamWrite, schema: { ...hidden, params: TeamParams } },
    (request, reply) => sharePage(request, reply),
  );

  app.post(
    "/networks/:networkSlug/teams/:teamId/share",
    { config: teamWrite, schema: { ...hidden, params: TeamParams, body: formFieldsOf(ShareFields) } },
    async (request, reply) => {
      const { view, team } = loadedTeam(request);
      const actor = await signedInActor(request);
      const { _csrf, ...values } = request.body as Record<string, string>;
      const parsed = parseForm(ShareFields, request.body);
      if (!parsed.ok) return sharePage(request, reply, values, parsed.errors);
      try {
        await shareChange(app.db, actor, team, await measuresOf(app.db, view.network.id), parsed.value);
      } catch (error) {
        if (!(error instanceof NetworkInputError)) throw error;
        return sharePage(request, reply, values, fieldErrorsOf(error, request.locale));
      }
      reply.flash("success", tr(request.locale)("shared"));
      return reply.redirect(`${networkHref(view)}/change-package`, 303);
    },
  );

  app.post(
    "/networks/:networkSlug/teams/:teamId/invitation",
    { config: teamDecide, schema: { ...hidden, params: TeamParams, body: formFieldsOf(DecisionFields) } },
    async (request, reply) => {
      const { view, team } = loadedTeam(request);
      const actor = await signedInActor(request);
      const parsed = parseForm(DecisionFields, request.body);
      const t = tr(request.locale);
      // Only the list's two buttons post here: anything else is not a person's answer.
      if (!parsed.ok) throw badRequest("Answer accept or decline.");
      const status = await decideInvitation(app.db, actor, team, parsed.value.decision);
      reply.flash("success", t(status === "active" ? "accepted" : "declined"));
      return reply.redirect(status === "active" ? networkHref(view) : "/networks", 303);
    },
  );

  app.get(
    "/networks/:networkSlug/change-package",
    { config: read(), schema: { ...hidden, params: NetworkParams } },
    async (request, reply) => {
      const { view, deps: loaderDeps } = loadedNetwork(request);
      const actor = await request.actor();
      return reply.cachedPage(async (ctx, deps) => {
        deps.add(...loaderDeps.tags, networkTags.network(view.network.id));
        const [changes, teams] = await Promise.all([
          sharedChangesOf(app.db, view.network.id),
          teamsOf(app.db, view.network.id),
        ]);
        const byId = new Map(teams.map((team) => [team.id, team]));
        const items = changes.flatMap((change) => {
          const team = byId.get(change.teamId);
          if (!team) return [];
          return [
            {
              change,
              team: teamLabel(team, view, actor, ctx.locale),
              chartHref:
                team.status === "active"
                  ? `${networkHref(view)}/teams/${team.id}${change.measureId ? `?measure=${change.measureId}` : ""}`
                  : null,
              cycleHref: null,
            },
          ];
        });
        return <ChangePackagePage ctx={ctx} view={view} items={items} mayLead={mayLead(actor, view)} />;
      });
    },
  );

  const managePage = async (request: FastifyRequest, reply: FastifyReply, failed?: ManageForm) => {
    const { view } = loadedNetwork(request);
    const [teams, measures, late] = await Promise.all([
      teamsOf(app.db, view.network.id),
      measuresOf(app.db, view.network.id),
      lateTeams(app.db, view.network),
    ]);
    return reply.page(
      <ManagePage
        ctx={reply.pageContext()}
        view={view}
        teams={teams}
        measures={measures}
        late={late}
        failed={failed}
      />,
      failed ? 400 : 200,
    );
  };

  app.get(
    "/networks/:networkSlug/manage",
    { config: lead, schema: { ...hidden, params: NetworkParams } },
    (request, reply) => managePage(request, reply),
  );

  app.post(
    "/networks/:networkSlug/settings",
    { config: lead, schema: { ...hidden, params: NetworkParams, body: formFieldsOf(SettingsFields) } },
    async (request, reply) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const { _csrf, ...values } = request.body as Record<string, string>;
      const parsed = parseForm(SettingsFields, request.body);
      if (!parsed.ok) return managePage(request, reply, { form: "settings", values, errors: parsed.errors });
      try {
        await updateSettings(app.db, actor, view, parsed.value);
      } catch (error) {
        if (!(error instanceof NetworkInputError)) throw error;
        return managePage(request, reply, {
          form: "settings",
          values,
          errors: fieldErrorsOf(error, request.locale),
        });
      }
      reply.flash("success", tr(request.locale)("settingsSaved"));
      return reply.redirect(`${networkHref(view)}/manage`, 303);
    },
  );

  app.post(
    "/networks/:networkSlug/teams",
    { config: lead, schema: { ...hidden, params: NetworkParams, body: formFieldsOf(InviteFields) } },
    async (request, reply) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const { _csrf, ...values } = request.body as Record<string, string>;
      const parsed = parseForm(InviteFields, request.body);
      if (!parsed.ok) return managePage(request, reply, { form: "invite", values, errors: parsed.errors });
      try {
        const { organisationName } = await inviteTeam(app.db, actor, view, parsed.value.organisation);
        reply.flash("success", tr(request.locale)("invited", { organisation: organisationName }));
      } catch (error) {
        if (!(error instanceof NetworkInputError)) throw error;
        return managePage(request, reply, {
          form: "invite",
          values,
          errors: fieldErrorsOf(error, request.locale),
        });
      }
      return reply.redirect(`${networkHref(view)}/manage`, 303);
    },
  );

  app.get(
    "/networks/:networkSlug/measures/new",
    { config: lead, schema: { ...hidden, params: NetworkParams } },
    async (request, reply) => {
      const { view } = loadedNetwork(request);
      return reply.page(<NewMeasurePage ctx={reply.pageContext()} view={view} />);
    },
  );

  app.post(
    "/networks/:networkSlug/measures",
    { config: lead, schema: { ...hidden, params: NetworkParams, body: formFieldsOf(MeasureFields) } },
    async (request, reply) => {
      const { view } = loadedNetwork(request);
      const actor = await signedInActor(request);
      const { _csrf, ...values } = request.body as Record<string, string>;
      const parsed = parseForm(MeasureFields, request.body);
      const again = (errors: FieldErrors) =>
        reply.page(
          <NewMeasurePage ctx={reply.pageContext()} view={view} values={values} errors={errors} />,
          400,
        );
      if (!parsed.ok) return again(parsed.errors);
      try {
        await defineMeasure(app.db, actor, view, parsed.value);
      } catch (error) {
        if (!(error instanceof NetworkInputError)) throw error;
        return again(fieldErrorsOf(error, request.locale));
      }
      reply.flash("success", tr(request.locale)("measureSaved"));
      return reply.redirect(`${networkHref(view)}/manage`, 303);
    },
  );
}
