import { translator } from "../../../../platform/i18n";
import { formatNumber, numberFormat } from "../../../../platform/i18n/formats";
import { SchoolYearChoice, Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { type Shade, TileMap } from "../../../../platform/ui/tile-map";
import {
  type CensusFigure,
  censusCellText,
  censusFigureLabel,
  censusSchoolsText,
} from "../../census/service";
import { publicDashboardCatalog } from "../messages";
import { type Column, cellText, yearRows } from "../present";
import { COMPOSITE, type PublicCell, type PublicDashboard, type PublicYear } from "../service";
import { TrendChart } from "./trend-chart";

export const NATIONAL_PATH = "/insights/national";

/** Means run 1–6; the map shades them in the tile map's colours (white text where dark). */
const MEAN_SHADES: Shade[] = [
  { min: 0, fill: "#f0f0f0", text: "#1b1b1b" },
  { min: 1, fill: "#d9e8f6", text: "#1b1b1b" },
  { min: 3, fill: "#73b3e7", text: "#1b1b1b" },
  { min: 4, fill: "#2378c3", text: "#ffffff" },
  { min: 5, fill: "#1a4480", text: "#ffffff" },
];

export function NationalDashboardPage(props: {
  ctx: PageContext;
  dashboard: PublicDashboard | null;
  year: PublicYear | null;
  columns: Column[];
  census: CensusFigure[];
}) {
  const { ctx, dashboard, year } = props;
  const t = translator(publicDashboardCatalog, ctx.locale);
  const title = t("title");
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={t("intro")}
      breadcrumbs={[{ label: t("home"), href: "/" }, { label: title }]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("intro")}</p>
      <p>{t("privacy")}</p>
      {dashboard && year ? (
        <>
          <YearChoice ctx={ctx} years={dashboard.years.map((y) => y.schoolYear)} chosen={year.schoolYear} />
          <NationSummary ctx={ctx} year={year} />
          <StateMap ctx={ctx} year={year} />
          <StateTable ctx={ctx} year={year} columns={props.columns} />
          <CensusHighlights ctx={ctx} schoolYear={year.schoolYear} figures={props.census} />
          <Trends ctx={ctx} dashboard={dashboard} columns={props.columns} />
          <p>
            {t("apiNote")} <code>/api/v1/public/national</code> (<a href="/api/v1/docs">{t("apiLink")}</a>)
          </p>
        </>
      ) : (
        <p>{t("noData")}</p>
      )}
    </Layout>
  );
}

function YearChoice(props: { ctx: PageContext; years: string[]; chosen: string }) {
  const t = translator(publicDashboardCatalog, props.ctx.locale);
  return (
    <SchoolYearChoice
      action={NATIONAL_PATH}
      years={props.years}
      chosen={props.chosen}
      label={t("schoolYear")}
      submitLabel={t("show")}
    />
  );
}

function hiddenText(cell: PublicCell, t: ReturnType<typeof translator<typeof publicDashboardCatalog.en>>) {
  return cell.hidden === "small" ? t("hiddenSmall") : t("hiddenComplementary");
}

function meanText(cell: PublicCell | undefined, locale: PageContext["locale"], hidden: string): string {
  if (!cell || cell.hidden) return hidden;
  if (cell.value === null) return "–";
  return numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(cell.value);
}

function NationSummary(props: { ctx: PageContext; year: PublicYear }) {
  const { ctx, year } = props;
  const t = translator(publicDashboardCatalog, ctx.locale);
  const nation = year.nation;
  const count = (cell: PublicCell) =>
    cell.hidden ? hiddenText(cell, t) : cell.value === null ? "–" : formatNumber(ctx.locale, cell.value);
  const composite = nation.means[COMPOSITE];
  return (
    <section aria-labelledby="nation-heading">
      <h2 id="nation-heading">{t("summaryHeading", { year: year.schoolYear })}</h2>
      <ul class="usa-card-group">
        {[
          [t("schoolsInDirectory"), formatNumber(ctx.locale, nation.schools)],
          [t("withProfile"), count(nation.profile)],
          [t("withAssessment"), count(nation.quality)],
          [t("compositeMean"), meanText(composite, ctx.locale, composite ? hiddenText(composite, t) : "–")],
        ].map(([label, value]) => (
          <li class="usa-card tablet:grid-col-3">
            <div class="usa-card__container">
              <div class="usa-card__body">
                <p class="margin-0">{label}</p>
                <p class="font-heading-xl text-bold margin-y-1">{value}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function StateMap(props: { ctx: PageContext; year: PublicYear }) {
  const { ctx, year } = props;
  const t = translator(publicDashboardCatalog, ctx.locale);
  const composite = (row: PublicYear["states"][number]) => row.means[COMPOSITE];
  return (
    <section aria-labelledby="map-heading">
      <h2 id="map-heading">{t("mapHeading")}</h2>
      <div class="grid-row grid-gap">
        <div class="desktop:grid-col-7">
          <TileMap
            id="national-map"
            title={t("mapTitle", { year: year.schoolYear })}
            description={t("mapDesc")}
            shades={MEAN_SHADES}
            tiles={year.states.map((s) => {
              const cell = composite(s);
              const value = cell && !cell.hidden ? cell.value : null;
              return { code: s.code, pct: value, label: meanText(cell, ctx.locale, "–") };
            })}
            legend={{
              fromLabel: (min) => (min === 0 ? t("mapLegendHidden") : t("mapLegendFrom", { min })),
            }}
          />
        </div>
        <div class="desktop:grid-col-5">
          <Table
            caption={t("mapTableCaption", { year: year.schoolYear })}
            headers={[t("state"), t("compositeMean"), t("withAssessment")]}
            rows={year.states.map((s) => {
              const cell = composite(s);
              return [
                s.name,
                meanText(cell, ctx.locale, cell ? hiddenText(cell, t) : "–"),
                s.quality.hidden ? hiddenText(s.quality, t) : formatNumber(ctx.locale, s.quality.value ?? 0),
              ];
            })}
          />
        </div>
      </div>
    </section>
  );
}

function StateTable(props: { ctx: PageContext; year: PublicYear; columns: Column[] }) {
  const { ctx, year, columns } = props;
  const t = translator(publicDashboardCatalog, ctx.locale);
  return (
    <section aria-labelledby="states-heading">
      <h2 id="states-heading">{t("stateHeading")}</h2>
      <Table
        caption={t("stateCaption", { year: year.schoolYear })}
        headers={[t("state"), ...columns.map((c) => c.title(ctx.locale))]}
        rows={yearRows(year).map((row) => [
          row === year.nation ? t("nation") : row.name,
          ...columns.map((column) => {
            const cell = column.cell(row);
            return cellText(column, row, ctx.locale, typeof cell === "number" ? "" : hiddenText(cell, t));
          }),
        ])}
      />
      <p>
        <a class="usa-link" href={`${NATIONAL_PATH}.csv?year=${year.schoolYear}`} download>
          {t("csvYear")}
        </a>
      </p>
    </section>
  );
}

function Trends(props: { ctx: PageContext; dashboard: PublicDashboard; columns: Column[] }) {
  const { ctx, dashboard } = props;
  const t = translator(publicDashboardCatalog, ctx.locale);
  const oldestFirst = [...dashboard.years].reverse();
  const columns = props.columns.filter((c) => c.key !== "schools");
  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">{t("trendHeading")}</h2>
      <TrendChart
        id="national-trend"
        title={t("trendChartTitle")}
        description={t("trendChartDesc")}
        min={1}
        max={6}
        points={oldestFirst.map((y) => {
          const cell = y.nation.means[COMPOSITE];
          const value = cell && !cell.hidden ? cell.value : null;
          return { label: y.schoolYear, value, valueText: meanText(cell, ctx.locale, "–") };
        })}
      />
      <Table
        caption={t("trendCaption")}
        headers={[t("schoolYear"), ...columns.map((c) => c.title(ctx.locale))]}
        rows={oldestFirst.map((y) => [
          y.schoolYear,
          ...columns.map((column) => {
            const cell = column.cell(y.nation);
            return cellText(
              column,
              y.nation,
              ctx.locale,
              typeof cell === "number" ? "" : hiddenText(cell, t),
            );
          }),
        ])}
      />
      <p>
        <a class="usa-link" href={`${NATIONAL_PATH}/trend.csv`} download>
          {t("csvTrend")}
        </a>
      </p>
    </section>
  );
}

function CensusHighlights(props: { ctx: PageContext; schoolYear: string; figures: CensusFigure[] }) {
  const { ctx, schoolYear, figures } = props;
  const t = translator(publicDashboardCatalog, ctx.locale);
  const reported = figures.some((f) => f.value !== null || f.suppressed);
  return (
    <section aria-labelledby="census-heading">
      <h2 id="census-heading">{t("censusHeading", { year: schoolYear })}</h2>
      <p>{t("censusIntro")}</p>
      {reported ? (
        <Table
          caption={t("censusCaption", { year: schoolYear })}
          headers={[t("censusFigure"), t("censusValue"), t("censusSchools")]}
          rows={figures.map((f) => [
            censusFigureLabel(f.key, ctx.locale),
            censusCellText(f, ctx.locale),
            censusSchoolsText(f.n, ctx.locale),
          ])}
        />
      ) : (
        <p>{t("censusNone")}</p>
      )}
      <p>
        <a href={`/census/nation?year=${encodeURIComponent(schoolYear)}`}>{t("censusMore")}</a>
      </p>
    </section>
  );
}
