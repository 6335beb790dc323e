import type { ComponentChildren } from "preact";
import { type Locale, translator } from "../../../../platform/i18n";
import { SchoolYearChoice, Table } from "../../../../platform/ui/components";
import type { Crumb, PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import type { CensusFigure, FigureSection } from "../figures";
import { cellText, figureLabel, schoolsText, sectionLabel } from "../labels";
import { censusCatalog, ROLE_NAMES } from "../messages";
import type { CensusColumn, CensusPageData } from "../page-data";
import type { Recommendation } from "../service";
import { HBarChart } from "./charts";

const SECTIONS: FigureSection[] = [
  "overview",
  "staffing",
  "tiers",
  "screening",
  "grades",
  "served",
  "funding",
  "partnerships",
];

/** Where each scope's census page lives. */
export function censusPath(org: Pick<Organisation, "id" | "kind">, suffix = ""): string {
  return org.kind === "nation" ? `/census/nation${suffix}` : `/census/${org.kind}/${org.id}${suffix}`;
}

export function scopeName(org: Organisation, locale: Locale): string {
  return org.kind === "nation" ? translator(censusCatalog, locale)("nation") : org.name;
}

/** Home › Census (the nation) › state › district, ending with the page itself. */
export function censusCrumbs(ctx: PageContext, chain: Organisation[], last?: Crumb): Crumb[] {
  const t = translator(censusCatalog, ctx.locale);
  const crumbs: Crumb[] = [{ label: t("home"), href: "/" }];
  chain.forEach((org, i) => {
    const isLast = i === chain.length - 1 && !last;
    crumbs.push({
      label: org.kind === "nation" ? t("census") : org.name,
      href: isLast ? undefined : censusPath(org),
    });
  });
  if (last) crumbs.push(last);
  return crumbs;
}

export function YearForm(props: { action: string; schoolYear: string; years: string[]; locale: Locale }) {
  const t = translator(censusCatalog, props.locale);
  return (
    <SchoolYearChoice
      action={props.action}
      years={props.years}
      chosen={props.schoolYear}
      label={t("schoolYear")}
      submitLabel={t("show")}
    />
  );
}

/** A figure's value with the number of schools behind it under it. */
export function FigureCell(props: { figure: CensusFigure | undefined; locale: Locale }) {
  const f = props.figure;
  if (!f) return <span>—</span>;
  const n = f.suppressed || f.value === null ? "" : schoolsText(f.n, props.locale);
  return (
    <span>
      {cellText(f, props.locale)}
      {n ? (
        <>
          <br />
          <span class="font-body-3xs text-base">{n}</span>
        </>
      ) : null}
    </span>
  );
}

function recommendationText(key: string, recs: Recommendation[], locale: Locale): ComponentChildren {
  const t = translator(censusCatalog, locale);
  const [, role, what, employer] = key.split(".");
  const rec = recs.find((r) => r.role === role);
  if (!rec) return "";
  if (what === "perFte" && employer === "total" && rec.studentsPerFte)
    return t("roleStudentsPerFte", { n: rec.studentsPerFte });
  if (what === "fullTime" && rec.ftePerSchool) return t("roleFtePerSchool");
  return "";
}

function SectionTable(props: {
  section: FigureSection;
  columns: CensusColumn[];
  recommendations: Recommendation[];
  locale: Locale;
}) {
  const t = translator(censusCatalog, props.locale);
  const [main] = props.columns;
  const staffing = props.section === "staffing";
  const keys = main!.figures.filter((f) => f.section === props.section).map((f) => f.key);
  const byKey = props.columns.map((c) => new Map(c.figures.map((f) => [f.key, f])));
  const headers = [
    t("figure"),
    ...(staffing ? [t("recommended")] : []),
    ...props.columns.map((c) => scopeName(c.org, props.locale)),
  ];
  const rows = keys.map((key) => [
    figureLabel(key, props.locale),
    ...(staffing ? [recommendationText(key, props.recommendations, props.locale)] : []),
    ...byKey.map((m) => <FigureCell figure={m.get(key)} locale={props.locale} />),
  ]);
  return (
    <Table caption={sectionLabel(props.section, props.locale)} captionHidden headers={headers} rows={rows} />
  );
}

function RecommendationsTable(props: { recommendations: Recommendation[]; locale: Locale }) {
  const t = translator(censusCatalog, props.locale);
  return (
    <Table
      caption={t("recommendationsCaption")}
      headers={[t("figure"), t("recommended"), t("source")]}
      rows={props.recommendations.map((r) => [
        ROLE_NAMES[r.role]?.[props.locale] ?? r.role,
        r.studentsPerFte ? t("roleStudentsPerFte", { n: r.studentsPerFte }) : t("roleFtePerSchool"),
        <a href={r.sourceUrl}>{r.sourceName}</a>,
      ])}
    />
  );
}

function StaffingChart(props: {
  column: CensusColumn;
  recommendations: Recommendation[];
  schoolYear: string;
  locale: Locale;
}) {
  const t = translator(censusCatalog, props.locale);
  const bars = props.column.figures
    .filter((f) => f.key.endsWith(".perFte.total") && f.value !== null)
    .map((f) => {
      const role = f.key.split(".")[1]!;
      return {
        label: ROLE_NAMES[role]?.[props.locale] ?? role,
        value: f.value,
        valueText: cellText(f, props.locale),
        marker: props.recommendations.find((r) => r.role === role)?.studentsPerFte ?? null,
      };
    });
  if (bars.length === 0) return null;
  const scope = scopeName(props.column.org, props.locale);
  return (
    <HBarChart
      id="chart-staffing"
      title={t("chartStaffing", { scope, year: props.schoolYear })}
      description={t("chartStaffingDesc")}
      bars={bars}
    />
  );
}

function TiersChart(props: { column: CensusColumn; schoolYear: string; locale: Locale }) {
  const t = translator(censusCatalog, props.locale);
  const bars = props.column.figures
    .filter((f) => f.section === "tiers" && f.value !== null)
    .map((f) => ({
      label: figureLabel(f.key, props.locale),
      value: f.value,
      valueText: cellText(f, props.locale),
    }));
  if (bars.length === 0) return null;
  return (
    <HBarChart
      id="chart-tiers"
      title={t("chartTiers", { scope: scopeName(props.column.org, props.locale), year: props.schoolYear })}
      description={t("chartTiersDesc")}
      bars={bars}
    />
  );
}

export function CensusPage(props: {
  ctx: PageContext;
  chain: Organisation[];
  data: CensusPageData;
  schoolYear: string;
  years: string[];
}) {
  const { ctx, data } = props;
  const locale = ctx.locale;
  const t = translator(censusCatalog, locale);
  const org = data.main.org;
  const name = scopeName(org, locale);
  const columns = [data.main, ...data.compare];
  const yearQuery = `?year=${props.schoolYear}`;
  const others = data.compare.map((c) => scopeName(c.org, locale));
  const schools = data.main.figures.find((f) => f.key === "schools");
  return (
    <Layout ctx={ctx} title={t("censusTitle", { scope: name })} breadcrumbs={censusCrumbs(ctx, props.chain)}>
      <h1>{t("censusTitle", { scope: name })}</h1>
      <p class="usa-intro">{t("censusIntro")}</p>
      <p>{data.main.seesEverySchool ? t("readerNote") : t("publicNote")}</p>
      <YearForm action={censusPath(org)} schoolYear={props.schoolYear} years={props.years} locale={locale} />
      <ul class="usa-list">
        <li>
          <a href={censusPath(org, "/trends")}>{t("trendsLink")}</a>
        </li>
        <li>
          <a href={`${censusPath(org, ".csv")}${yearQuery}`}>{t("downloadCsv")}</a>
        </li>
        <li>
          <a href={`/api/v1${censusPath(org)}${yearQuery}`}>{t("apiLink")}</a>
        </li>
      </ul>
      {schools?.n === 0 ? (
        <div class="usa-alert usa-alert--info usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{t("noData", { year: props.schoolYear })}</p>
          </div>
        </div>
      ) : null}
      {others.length > 0 ? (
        <p>
          {t("compareNote", {
            others:
              org.kind === "state"
                ? `${others.slice(0, 1).join(", ")}, ${t("similarStates")}`
                : others.join(", "),
          })}
        </p>
      ) : null}
      {SECTIONS.map((section) => (
        <section aria-labelledby={`section-${section}`}>
          <h2 id={`section-${section}`}>{sectionLabel(section, locale)}</h2>
          {section === "staffing" ? (
            <>
              <p>{t("staffingIntro")}</p>
              <StaffingChart
                column={data.main}
                recommendations={data.recommendations}
                schoolYear={props.schoolYear}
                locale={locale}
              />
            </>
          ) : null}
          {section === "tiers" ? (
            <TiersChart column={data.main} schoolYear={props.schoolYear} locale={locale} />
          ) : null}
          <SectionTable
            section={section}
            columns={columns}
            recommendations={data.recommendations}
            locale={locale}
          />
          {section === "staffing" ? (
            <RecommendationsTable recommendations={data.recommendations} locale={locale} />
          ) : null}
        </section>
      ))}
    </Layout>
  );
}
