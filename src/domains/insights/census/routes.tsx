import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Dependencies } from "../../../platform/cache";
import type { Locale } from "../../../platform/i18n";
import { badRequest, notFound } from "../../../platform/http/problem";
import { IdParams, problemResponses } from "../../../platform/http/schemas";
import { apiRoutes, pageRoutes } from "../../../platform/http/web";
import type { Organisation } from "../../directory/service";
import { isSchoolYear } from "../../measures/service";
import { figureLabel } from "./labels";
import {
  type CensusColumn,
  cachedNation,
  cachedOrganisation,
  censusPageData,
  offeredYears,
  type TrendData,
  trendData,
} from "./page-data";
import { CensusQuery } from "./schema";
import { CensusPage, censusPath, scopeName } from "./views/census-page";
import { COMPOSITE, domainTitle, TrendsPage } from "./views/trends-page";

type ScopeKind = "nation" | "state" | "district";
const KINDS: ScopeKind[] = ["nation", "state", "district"];
const tags = ["insights"];

/** The URL of a scope kind's pages, relative to the site or to /api/v1. */
const pathOf = (kind: ScopeKind) => (kind === "nation" ? "/census/nation" : `/census/${kind}/:id`);
const paramsOf = (kind: ScopeKind) => (kind === "nation" ? {} : { params: IdParams });

/** The organisation a census URL names: the nation, or a state or district by id (else 404). */
async function scopeIn(app: FastifyInstance, kind: ScopeKind, params: unknown): Promise<Organisation> {
  if (kind === "nation") return cachedNation(app);
  const id = (params as { id: string }).id;
  const org = await cachedOrganisation(app, id);
  if (!org || org.kind !== kind) throw notFound();
  return org;
}

/** The nation, the state and the district above (and including) an organisation. */
async function chainOf(app: FastifyInstance, org: Organisation): Promise<Organisation[]> {
  const above = await Promise.all(org.ancestorIds.map((id) => cachedOrganisation(app, id)));
  return [...above.filter((o): o is Organisation => !!o && o.kind !== "school"), org];
}

/** The year asked for, or the latest year on record (the current school year when there is none). */
async function yearFor(app: FastifyInstance, asked: string | undefined, deps: Dependencies) {
  if (asked !== undefined && !isSchoolYear(asked))
    throw badRequest("year must be a school year such as 2025-26.");
  const years = await offeredYears(app, deps);
  return { schoolYear: asked ?? years.recordedLatest, years: years.all };
}

function columnJson(c: CensusColumn) {
  return {
    scope: { id: c.org.id, name: c.org.name, level: c.level },
    seesEverySchool: c.seesEverySchool,
    figures: c.figures,
  };
}

function trendsJson(data: TrendData) {
  const domainMeans = [...data.means.entries()].flatMap(([domain, byYear]) =>
    [...byYear.entries()].map(([schoolYear, m]) => ({ domain, schoolYear, ...m })),
  );
  return {
    scope: { id: data.org.id, name: data.org.name, level: data.org.kind },
    seesEverySchool: data.seesEverySchool,
    years: data.years,
    domainMeans,
  };
}

const CSV_HEADER = [
  "scope",
  "level",
  "school_year",
  "figure_key",
  "figure",
  "value",
  "schools",
  "suppressed",
];

function figureRows(org: Organisation, schoolYear: string, figures: CensusColumn["figures"], locale: Locale) {
  return figures.map((f) => [
    scopeName(org, locale),
    org.kind,
    schoolYear,
    f.key,
    figureLabel(f.key, locale),
    f.value === null ? "" : Math.round(f.value * 100) / 100,
    f.n ?? "",
    f.suppressed ? "yes" : "no",
  ]);
}

function sendCsv(reply: FastifyReply, name: string, rows: unknown[][]) {
  return reply
    .type("text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${name}.csv"`)
    .header("cache-control", "no-store")
    .send(stringify([CSV_HEADER, ...rows]));
}

const fileName = (org: Organisation, what: string) =>
  `census-${org.kind}${org.stateCode ? `-${org.stateCode.toLowerCase()}` : ""}-${what}`;

/**
 * Census pages for the nation, a state and a district (one school year, compared with the levels
 * above and, for a state, states of similar size), their trends over every year on record, CSV
 * files of what each page shows and /api/v1 twins. Open to everyone: whoever may not read every
 * school under a scope sees its figures suppressed below 10 schools (figures.ts).
 */
async function censusPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  for (const kind of KINDS) {
    const path = pathOf(kind);
    app.get(
      path,
      { schema: { ...paramsOf(kind), querystring: CensusQuery }, config: { access: "public" } },
      async (request, reply) => {
        const org = await scopeIn(instance, kind, request.params);
        const actor = await request.actor();
        const chain = await chainOf(instance, org);
        return reply.sharedPage(
          async (deps) => {
            const { schoolYear, years } = await yearFor(instance, request.query.year, deps);
            return { schoolYear, years, data: await censusPageData(instance, actor, org, schoolYear, deps) };
          },
          (ctx, { schoolYear, years, data }) => (
            <CensusPage ctx={ctx} chain={chain} data={data} schoolYear={schoolYear} years={years} />
          ),
        );
      },
    );
    app.get(
      `${path}.csv`,
      { schema: { ...paramsOf(kind), querystring: CensusQuery }, config: { access: "public" } },
      async (request, reply) => {
        const org = await scopeIn(instance, kind, request.params);
        const deps = new Dependencies();
        const { schoolYear } = await yearFor(instance, request.query.year, deps);
        const data = await censusPageData(instance, await request.actor(), org, schoolYear, deps);
        const rows = [data.main, ...data.compare].flatMap((c) =>
          figureRows(c.org, schoolYear, c.figures, request.locale),
        );
        return sendCsv(reply, fileName(org, schoolYear), rows);
      },
    );
    app.get(
      `${path}/trends`,
      { schema: { ...paramsOf(kind) }, config: { access: "public" } },
      async (request, reply) => {
        const org = await scopeIn(instance, kind, request.params);
        const actor = await request.actor();
        const chain = await chainOf(instance, org);
        return reply.sharedPage(
          (deps) => trendData(instance, actor, org, deps),
          (ctx, data) => <TrendsPage ctx={ctx} chain={chain} data={data} />,
        );
      },
    );
    app.get(
      `${path}/trends.csv`,
      { schema: { ...paramsOf(kind) }, config: { access: "public" } },
      async (request, reply) => {
        const org = await scopeIn(instance, kind, request.params);
        const data = await trendData(instance, await request.actor(), org, new Dependencies());
        const locale = request.locale;
        const rows = data.years.flatMap((y) => figureRows(org, y.schoolYear, y.figures, locale));
        for (const key of [...data.domains.map((d) => d.key), COMPOSITE]) {
          for (const [schoolYear, m] of data.means.get(key) ?? []) {
            rows.push([
              scopeName(org, locale),
              org.kind,
              schoolYear,
              `domain.${key}`,
              domainTitle(data, key, locale),
              m.mean === null ? "" : Math.round(m.mean * 100) / 100,
              m.n ?? "",
              m.suppressed ? "yes" : "no",
            ]);
          }
        }
        return sendCsv(reply, fileName(org, "trends"), rows);
      },
    );
  }
}

async function censusApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  for (const kind of KINDS) {
    const path = pathOf(kind);
    app.get(
      path,
      {
        schema: {
          tags,
          summary: `Census of ${kind === "nation" ? "the nation" : `a ${kind}`} for a school year, compared with the levels above (figures from fewer than 10 schools hidden unless you may read every school)`,
          ...paramsOf(kind),
          querystring: CensusQuery,
          response: problemResponses(400, 404),
        },
        config: { access: "public" },
      },
      async (request) => {
        const org = await scopeIn(instance, kind, request.params);
        const deps = new Dependencies();
        const { schoolYear } = await yearFor(instance, request.query.year, deps);
        const data = await censusPageData(instance, await request.actor(), org, schoolYear, deps);
        return {
          schoolYear,
          ...columnJson(data.main),
          compare: data.compare.map(columnJson),
          recommendations: data.recommendations.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })),
          links: { page: censusPath(org), trends: censusPath(org, "/trends") },
        };
      },
    );
    app.get(
      `${path}/trends`,
      {
        schema: {
          tags,
          summary: `Census figures and quality domain means of ${kind === "nation" ? "the nation" : `a ${kind}`} for every school year on record`,
          ...paramsOf(kind),
          response: problemResponses(404),
        },
        config: { access: "public" },
      },
      async (request) => {
        const org = await scopeIn(instance, kind, request.params);
        return trendsJson(await trendData(instance, await request.actor(), org, new Dependencies()));
      },
    );
  }
}

/** Census roll-ups, trends and comparisons for a district, a state and the nation. */
export async function censusRoutes(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes(censusPages));
  await app.register(apiRoutes(censusApi), { prefix: "/api/v1" });
}
