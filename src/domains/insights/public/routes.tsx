import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply } from "fastify";
import { cachesPerApp, type Dependencies } from "../../../platform/cache";
import { notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import { type Locale, translator } from "../../../platform/i18n";
import { publicNationCensus } from "../census/service";
import { measuresTags } from "../../measures/service";
import { publicDashboardCatalog } from "./messages";
import { type Column, plainValue, yearColumns, yearRows } from "./present";
import { NationalApiAnswer, NationalTrendAnswer, PublicYearQuery } from "./schemas";
import { type PublicDashboard, publicNationalDashboard, type PublicYear } from "./service";
import { NATIONAL_PATH, NationalDashboardPage } from "./views/national-page";

const open = { access: "public" } as const;

/**
 * The figures are the same for every visitor: loaded once and kept until a submission anywhere
 * announces the nation's `measures:` tag (or an instrument change announces everything).
 */
const dashboards = cachesPerApp((caches) => ({
  national: caches.create<PublicDashboard | null>({ maxEntries: 1, ttlMs: 10 * 60_000 }),
}));

async function cachedDashboard(app: FastifyInstance, deps?: Dependencies): Promise<PublicDashboard | null> {
  const found = await dashboards(app.caches).national.load(
    "national",
    async (own) => {
      const dashboard = await publicNationalDashboard(app.db);
      own.add(dashboard ? measuresTags.under(dashboard.nationId) : "directory:any");
      return dashboard;
    },
    deps,
  );
  return found ?? null;
}

/** The year asked for (404 when none is on record), or the newest. */
function chosenYear(dashboard: PublicDashboard | null, asked: string | undefined): PublicYear | null {
  if (!dashboard || dashboard.years.length === 0) {
    if (asked) throw notFound("No figures for that school year.");
    return null;
  }
  if (!asked) return dashboard.years[0]!;
  const year = dashboard.years.find((y) => y.schoolYear === asked);
  if (!year) throw notFound("No figures for that school year.");
  return year;
}

const columnLabels = (locale: Locale) => {
  const t = translator(publicDashboardCatalog, locale);
  return {
    schools: t("schoolsInDirectory"),
    profile: t("withProfile"),
    quality: t("withAssessment"),
    composite: t("compositeMean"),
  };
};

const columnsOf = (dashboard: PublicDashboard | null): Column[] =>
  dashboard ? yearColumns(dashboard, columnLabels) : [];

/** Columns of the trend table: the year's columns but the directory count. */
const trendColumns = (dashboard: PublicDashboard) => columnsOf(dashboard).filter((c) => c.key !== "schools");

/** A CSV download kept whole until the figures change (the public answers' cache). */
const csvAnswer = (filename: string, rows: (string | number)[][]) => ({
  type: "text/csv; charset=utf-8",
  body: stringify(rows),
  filename,
});
/** A JSON answer serialised by the route's response schema (so nothing outside it is sent), kept. */
const jsonAnswer = (reply: FastifyReply, value: unknown) => ({
  type: "application/json; charset=utf-8",
  body: String(reply.serialize(value)),
});

export async function publicDashboardRoutes(instance: FastifyInstance): Promise<void> {
  await instance.register(pageRoutes(nationalPages));
  await instance.register(apiRoutes(nationalApi), { prefix: "/api/v1" });
}

async function nationalPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    NATIONAL_PATH,
    { schema: { querystring: PublicYearQuery }, config: { access: open.access } },
    async (request, reply) => {
      const asked = request.query.year;
      return reply.cachedPage(async (ctx, deps) => {
        const dashboard = await cachedDashboard(instance, deps);
        const year = chosenYear(dashboard, asked);
        // The census figures move with every submitted profile in the nation, as the dashboard's do.
        const census = year ? await publicNationCensus(instance.db, year.schoolYear) : [];
        return (
          <NationalDashboardPage
            ctx={ctx}
            dashboard={dashboard}
            year={year}
            columns={columnsOf(dashboard)}
            census={census}
          />
        );
      });
    },
  );

  // Exactly the page's table of states for the year: the same rows, columns and hidden cells.
  app.get(
    `${NATIONAL_PATH}.csv`,
    { schema: { querystring: PublicYearQuery }, config: { access: open.access } },
    async (request, reply) =>
      reply.publicAnswer(async (deps) => {
        const dashboard = await cachedDashboard(instance, deps);
        const year = chosenYear(dashboard, request.query.year);
        if (!dashboard || !year) throw notFound("No figures on record yet.");
        const columns = columnsOf(dashboard);
        return csvAnswer(`national-${year.schoolYear}.csv`, [
          ["school_year", "state_code", "state", ...columns.map((c) => c.key)],
          ...yearRows(year).map((row) => [
            year.schoolYear,
            row.code,
            row === year.nation ? "Nation" : row.name,
            ...columns.map((c) => plainValue(c.cell(row))),
          ]),
        ]);
      }),
  );

  app.get(`${NATIONAL_PATH}/trend.csv`, { config: { access: open.access } }, async (_request, reply) =>
    reply.publicAnswer(async (deps) => {
      const dashboard = await cachedDashboard(instance, deps);
      if (!dashboard || dashboard.years.length === 0) throw notFound("No figures on record yet.");
      const columns = trendColumns(dashboard);
      return csvAnswer("national-trend.csv", [
        ["school_year", ...columns.map((c) => c.key)],
        ...[...dashboard.years]
          .reverse()
          .map((y) => [y.schoolYear, ...columns.map((c) => plainValue(c.cell(y.nation)))]),
      ]);
    }),
  );
}

const tags = ["public"];

async function nationalApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/public/national",
    {
      schema: {
        tags,
        summary:
          "Public national dashboard: participation and domain means by state and for the nation (cells from fewer than 10 schools, and their complements, hidden)",
        querystring: PublicYearQuery,
        response: { 200: NationalApiAnswer, ...problemResponses(400, 404) },
      },
      config: open,
    },
    async (request, reply) =>
      reply.publicAnswer(async (deps) => {
        const dashboard = await cachedDashboard(instance, deps);
        const year = chosenYear(dashboard, request.query.year);
        if (!dashboard || !year) throw notFound("No figures on record yet.");
        return jsonAnswer(reply, {
          schoolYear: year.schoolYear,
          years: dashboard.years.map((y) => y.schoolYear),
          domains: dashboard.domains.map((d) => ({ key: d.key, title: d.title.en })),
          states: year.states,
          nation: year.nation,
        });
      }),
  );

  app.get(
    "/public/national/trend",
    {
      schema: {
        tags,
        summary:
          "Public national trends: the nation's participation and domain means for every school year on record",
        response: { 200: NationalTrendAnswer, ...problemResponses(404) },
      },
      config: open,
    },
    async (_request, reply) =>
      reply.publicAnswer(async (deps) => {
        const dashboard = await cachedDashboard(instance, deps);
        if (!dashboard) throw notFound("No figures on record yet.");
        return jsonAnswer(reply, {
          domains: dashboard.domains.map((d) => ({ key: d.key, title: d.title.en })),
          years: [...dashboard.years].reverse().map((y) => ({ schoolYear: y.schoolYear, nation: y.nation })),
        });
      }),
  );
}
