import { type Locale, translator } from "../../../../platform/i18n";
import { Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import type { CensusFigure } from "../figures";
import { figureLabel, sectionLabel, valueText } from "../labels";
import { censusCatalog } from "../messages";
import type { TrendData } from "../page-data";
import { LineChart, type Series } from "./charts";
import { censusCrumbs, censusPath, FigureCell, scopeName } from "./census-page";

/** The figures each trend chart follows; every figure is in the table under the charts. */
const STAFFING_TREND = ["psychologist", "counselor", "social-worker", "nurse"].map(
  (r) => `staff.${r}.perFte.total`,
);
const SERVICES_TREND = [
  "tier1.offered",
  "tier2.offered",
  "tier3.offered",
  "screening.schools",
  "screening.students",
  "served.tier2",
  "served.tier3",
];
export const COMPOSITE = "composite";

/** A figure's change from the year before to the last year (both shown), or null. */
export function changeSinceLastYear(values: (CensusFigure | undefined)[]): number | null {
  const last = values.at(-1);
  const before = values.at(-2);
  if (!last || !before || last.value === null || before.value === null) return null;
  return last.value - before.value;
}

function changeText(change: number | null, format: CensusFigure["format"] | "mean", locale: Locale): string {
  if (change === null) return "—";
  const text = valueText(format, Math.abs(change), locale);
  const points = format === "percent" ? text.replace("%", locale === "es" ? " puntos" : " points") : text;
  return change > 0 ? `+${points}` : change < 0 ? `−${points}` : points;
}

function figureSeries(data: TrendData, keys: string[], locale: Locale): Series[] {
  return keys
    .map((key) => ({
      label: figureLabel(key, locale),
      values: data.years.map((y) => y.figures.find((f) => f.key === key)?.value ?? null),
    }))
    .filter((s) => s.values.some((v) => v !== null));
}

export function domainTitle(data: TrendData, key: string, locale: Locale): string {
  if (key === COMPOSITE) return translator(censusCatalog, locale)("composite");
  return data.domains.find((d) => d.key === key)?.title[locale] ?? key;
}

export function TrendsPage(props: { ctx: PageContext; chain: Organisation[]; data: TrendData }) {
  const { ctx, data } = props;
  const locale = ctx.locale;
  const t = translator(censusCatalog, locale);
  const name = scopeName(data.org, locale);
  const years = data.years.map((y) => y.schoolYear);
  const domainYears = [...new Set([...data.means.values()].flatMap((m) => [...m.keys()]))].sort();
  const domainKeys = [...data.domains.map((d) => d.key), COMPOSITE].filter((k) => data.means.has(k));
  const maps = data.years.map((y) => new Map(y.figures.map((f) => [f.key, f])));
  const keys = data.years[0]?.figures.map((f) => f.key) ?? [];
  const charts: {
    id: string;
    title: string;
    series: Series[];
    xLabels: string[];
    max?: number;
    min?: number;
  }[] = [
    {
      id: "trend-staffing",
      title: t("trendStaffing"),
      series: figureSeries(data, STAFFING_TREND, locale),
      xLabels: years,
    },
    {
      id: "trend-services",
      title: t("trendServices"),
      series: figureSeries(data, SERVICES_TREND, locale),
      xLabels: years,
      max: 100,
    },
    {
      id: "trend-domains",
      title: t("trendDomains"),
      xLabels: domainYears,
      min: 1,
      max: 6,
      series: domainKeys
        .map((k) => ({
          label: domainTitle(data, k, locale),
          values: domainYears.map((y) => data.means.get(k)?.get(y)?.mean ?? null),
        }))
        .filter((s) => s.values.some((v) => v !== null)),
    },
  ];
  const title = t("trendsTitle", { scope: name });
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={censusCrumbs(ctx, props.chain, { label: t("trendsLink") })}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("trendsIntro")}</p>
      <p>{data.seesEverySchool ? t("readerNote") : t("publicNote")}</p>
      <ul class="usa-list">
        <li>
          <a href={censusPath(data.org)}>{t("censusLink")}</a>
        </li>
        <li>
          <a href={censusPath(data.org, "/trends.csv")}>{t("downloadCsv")}</a>
        </li>
        <li>
          <a href={`/api/v1${censusPath(data.org, "/trends")}`}>{t("apiLink")}</a>
        </li>
      </ul>
      {charts
        .filter((c) => c.series.length > 0)
        .map((c) => (
          <section aria-labelledby={`${c.id}-heading`}>
            <h2 id={`${c.id}-heading`}>{c.title}</h2>
            <LineChart
              id={c.id}
              title={t("chartTrend", { title: c.title })}
              description={t("chartTrendDesc")}
              xLabels={c.xLabels}
              series={c.series}
              max={c.max}
              min={c.min}
            />
          </section>
        ))}
      <h2 id="trend-table">{t("sectionDomains")}</h2>
      <Table
        caption={t("sectionDomains")}
        captionHidden
        headers={[t("figure"), ...domainYears, t("change")]}
        rows={domainKeys.map((k) => {
          const cells = domainYears.map((y) => data.means.get(k)?.get(y));
          const [before, last] = [cells.at(-2), cells.at(-1)];
          const change = before?.mean != null && last?.mean != null ? last.mean - before.mean : null;
          return [
            domainTitle(data, k, locale),
            ...cells.map((c) =>
              c?.suppressed ? t("hidden") : c?.mean != null ? valueText("mean", c.mean, locale) : "—",
            ),
            changeText(change, "mean", locale),
          ];
        })}
      />
      {(
        ["overview", "staffing", "tiers", "screening", "grades", "served", "funding", "partnerships"] as const
      ).map((section) => (
        <section aria-labelledby={`trend-${section}`}>
          <h2 id={`trend-${section}`}>{sectionLabel(section, locale)}</h2>
          <Table
            caption={sectionLabel(section, locale)}
            captionHidden
            headers={[t("figure"), ...years, t("change")]}
            rows={keys
              .filter((k) => maps[0]!.get(k)?.section === section)
              .map((k) => {
                const values = maps.map((m) => m.get(k));
                return [
                  figureLabel(k, locale),
                  ...values.map((f) => <FigureCell figure={f} locale={locale} />),
                  changeText(changeSinceLastYear(values), values[0]!.format, locale),
                ];
              })}
          />
        </section>
      ))}
    </Layout>
  );
}
