import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Dependencies } from "../../../platform/cache";
import { signedInActor } from "../../../platform/http/access";
import { problemResponses, Uuid } from "../../../platform/http/schemas";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { getNation } from "../../directory/service";
import { loadedScope, readCommunityReach, readScopeReach } from "./access";
import { dashboardCsvRows, dashboardView, itemReportRows } from "./dashboard";
import { startUsageWriter } from "./recorder";
import { cachedReachReport, type ReachScope, scopedResources } from "./report";
import { scheduleRollUp } from "./rollup";
import { reachChoicesFor } from "./service";
import { type DashboardView, ReachDashboardPage, ReachIndexPage } from "./views";

const ScopeParams = Type.Object({ scopeId: Uuid() });
const CommunityParams = Type.Object({
  slug: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$", maxLength: 80 }),
});
const hidden = { hide: true };

/** Where a scope's or a community's dashboard lives. */
const basePathOf = (scope: ReachScope) =>
  scope.kind === "community"
    ? `/library/reach/communities/${scope.slug}`
    : `/library/reach/scopes/${scope.id}`;

/** Reach: the dashboards, their CSVs and the COUNTER item report, pages and /api/v1. */
export async function reachRoutes(app: FastifyInstance): Promise<void> {
  // Uses are written every second by every server, and rolled up by whichever worker runs.
  if (app.config.JOBS_WORKER) {
    let stop: (() => Promise<void>) | undefined;
    app.addHook("onReady", async () => {
      stop = startUsageWriter(app.db);
      await scheduleRollUp(app.db);
    });
    app.addHook("onClose", async () => {
      await stop?.().catch(() => {});
    });
  }
  const reportOf = cachedReachReport(app.caches);
  const nationIdOf = async () => (await getNation(app.db))?.id ?? "00000000-0000-0000-0000-000000000000";

  async function reportFor(
    request: FastifyRequest,
    pageDeps?: { add(tag: string | null | undefined): void },
  ) {
    const scope = loadedScope(request);
    const actor = await request.actor();
    const report = await reportOf(app.db, { scope, actor, nationId: await nationIdOf() }, pageDeps);
    if (!report) throw new Error("The reach report could not be built.");
    return { scope, actor, report };
  }

  /**
   * The dashboard as drawn (small cells hidden, names, people reached, announcements), kept with
   * the report it comes from and until a community, a person or an announcement changes: the
   * shared page then gets the same object on every visit and digests it once.
   */
  const views = app.caches.create<DashboardView>({ maxEntries: 2_000 });
  async function viewFor(request: FastifyRequest, pageDeps?: Dependencies): Promise<DashboardView> {
    const scope = loadedScope(request);
    const actor = await request.actor();
    const month = new Date().toISOString().slice(0, 7);
    const key = `${scope.kind}:${scope.id}:${actor?.userId ?? "-"}:${request.locale}:${month}`;
    const view = await views.load(
      key,
      async (deps) => {
        deps.add("community:any", "people:any", "announcement:any");
        const { report } = await reportFor(request, deps);
        return dashboardView(app.db, report, {
          actor,
          locale: request.locale,
          basePath: basePathOf(scope),
          demo: app.config.seedDemo,
        });
      },
      pageDeps,
    );
    if (!view) throw new Error("The reach dashboard could not be built.");
    return view;
  }

  async function sendCsv(reply: FastifyReply, name: string, rows: string[][]) {
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${name}"`)
      .send(stringify(rows));
  }

  await app.register(
    pageRoutes(async (pages) => {
      const r = pages.withTypeProvider<TypeBoxTypeProvider>();
      r.get("/library/reach", { config: { access: "signedIn" }, schema: hidden }, async (request, reply) => {
        const actor = await signedInActor(request);
        const choices = await reachChoicesFor(app.db, actor, request.locale);
        return reply.page(<ReachIndexPage ctx={reply.pageContext()} choices={choices} />);
      });

      for (const [prefix, access, params] of [
        ["/library/reach/scopes/:scopeId", readScopeReach, ScopeParams],
        ["/library/reach/communities/:slug", readCommunityReach, CommunityParams],
      ] as const) {
        // Drawn once for everyone shown the same figures, until a roll-up, a resource, a membership,
        // a person's profile or an announcement changes (the people and announcements tables).
        r.get(prefix, { config: { access }, schema: { ...hidden, params } }, async (request, reply) =>
          reply.sharedPage(
            async (deps) => ({ view: await viewFor(request, deps) }),
            (ctx, m) => <ReachDashboardPage ctx={ctx} view={m.view} />,
          ),
        );
        r.get(
          `${prefix}/reach.csv`,
          { config: { access }, schema: { ...hidden, params } },
          async (request, reply) => {
            const view = await viewFor(request);
            return sendCsv(reply, "reach.csv", dashboardCsvRows(view, request.locale));
          },
        );
        r.get(
          `${prefix}/item-report.csv`,
          { config: { access }, schema: { ...hidden, params } },
          async (request, reply) => {
            const scope = loadedScope(request);
            const actor = await request.actor();
            const rows = await itemReportRows(app.db, {
              scope,
              scopedSql: scopedResources(scope, actor, await nationIdOf()),
              publicUrl: app.config.publicUrl,
            });
            return sendCsv(reply, "counter-ir.csv", rows);
          },
        );
      }
    }),
  );

  const Figure = () => Type.Union([Type.Integer(), Type.Null()]);
  const Figures = Type.Object(
    {
      totalInvestigations: Figure(),
      uniqueInvestigations: Figure(),
      totalRequests: Figure(),
      uniqueRequests: Figure(),
    },
    { description: "COUNTER item metrics; null where fewer than 10 people are behind the figure" },
  );
  const Row = Type.Object({ label: Type.String(), figures: Figures });
  const ReachResponse = Type.Object({
    scope: Type.Object({ kind: Type.String(), id: Type.String(), name: Type.String() }),
    months: Type.Array(Type.Object({ month: Type.String(), figures: Figures })),
    total: Figures,
    byResource: Type.Array(Row),
    byType: Type.Array(Row),
    byDomain: Type.Array(Row),
    byAudience: Type.Array(Row),
    byState: Type.Array(Row),
    byCommunity: Type.Array(Row),
    peopleReached: Type.Integer(),
  });

  await app.register(
    apiRoutes(async (api) => {
      const r = api.withTypeProvider<TypeBoxTypeProvider>();
      for (const [path, access, params, what] of [
        [
          "/library/reach/scopes/:scopeId",
          readScopeReach,
          ScopeParams,
          "the nation or a state (its team and the levels above)",
        ],
        [
          "/library/reach/communities/:slug",
          readCommunityReach,
          CommunityParams,
          "a practice group or community (its leads)",
        ],
      ] as const) {
        r.get(
          path,
          {
            config: { access },
            schema: {
              tags: ["library"],
              summary: `Reach of the library for ${what}: COUNTER R5 investigations and requests, total and unique, this year and the 24 months before`,
              params,
              response: { 200: ReachResponse, ...problemResponses(400, 401, 404) },
            },
          },
          async (request) => {
            const view = await viewFor(request);
            const { scope } = await reportFor(request);
            const rows = (list: { label: string; shown: Record<string, number | null> }[]) =>
              list.map((x) => ({ label: x.label, figures: x.shown }));
            return {
              scope: { kind: scope.kind, id: scope.id, name: scope.name },
              months: view.months.map((m) => ({ month: m.key, figures: m.shown })),
              total: view.total,
              byResource: rows(view.byResource),
              byType: rows(view.by.type),
              byDomain: rows(view.by.domain),
              byAudience: rows(view.by.audience),
              byState: rows(view.by.state),
              byCommunity: rows(view.by.community),
              peopleReached: view.people.stateCount ?? view.people.total,
            } as never;
          },
        );
      }
    }),
    { prefix: "/api/v1" },
  );
}
