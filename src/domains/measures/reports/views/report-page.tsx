import type { ComponentChildren } from "preact";
import type { Locale } from "../../../../platform/i18n";
import { translator } from "../../../../platform/i18n";
import { Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import { LibraryLinkForDomain } from "../../../library/resources/service";
import { measuresCatalog } from "../../messages";
import type { Report, ReportRow, ScopeLevel } from "../report-data";
import type { ResponseView } from "../../responses/service";
import { ScoreChart } from "./chart";
import { formatDate, formatScore, tx } from "../../views/fields";
import { orgCrumbs, responseTitle } from "../../responses/views/response-pages";

export const LEVEL_LABEL = { district: "colDistrict", state: "colState", nation: "colNation" } as const;
const LEVEL_LETTER = { district: "markerDistrict", state: "markerState", nation: "markerNation" } as const;

/** The means a row may be compared with: shown cells only (suppressed ones are never drawn). */
const visibleMeans = (row: ReportRow, levels: ScopeLevel[]) =>
  levels.flatMap((level) => {
    const cell = row.comparisons[level];
    return cell && "mean" in cell ? [{ key: level, value: cell.mean }] : [];
  });

export function comparisonText(cell: ReportRow["comparisons"][ScopeLevel], locale: Locale): string {
  const t = translator(measuresCatalog, locale);
  if (!cell) return "—";
  return "hidden" in cell
    ? t("suppressedCell")
    : t("meanWithN", { mean: formatScore(cell.mean, locale), n: cell.n });
}

export function changeText(change: number | null, locale: Locale): string {
  if (change === null) return translator(measuresCatalog, locale)("noChange");
  return `${change > 0 ? "+" : change < 0 ? "−" : "±"}${formatScore(Math.abs(change), locale)}`;
}

export function scoreText(row: ReportRow, locale: Locale): string {
  return row.score === null
    ? translator(measuresCatalog, locale)("notEnough")
    : formatScore(row.score, locale);
}

export function reportHeading(organisation: Organisation, response: ResponseView, locale: Locale): string {
  return translator(measuresCatalog, locale)("reportTitle", {
    org: organisation.name,
    year: response.schoolYear,
    n: response.timePoint,
  });
}

export function ReportPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  response: ResponseView;
  report: Report;
}) {
  const { ctx, organisation, response, report } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const title = reportHeading(organisation, response, ctx.locale);
  const base = `/measures/responses/${response.id}`;
  const anyHidden = report.rows.some((r) => Object.values(r.comparisons).some((c) => c && "hidden" in c));
  const guidanceHref = (domainKey: string) => `/measures/guidance/${response.instrument.id}/${domainKey}`;
  // Improvement plans start from here (the team chooses the domain; a priority area names it).
  const startPlanHref = (domainKey?: string) =>
    `/improvement/reports/${response.id}/start${domainKey ? `?domain=${domainKey}` : ""}`;
  const domainTitle = (key: string) =>
    tx(response.instrument.sections.find((s) => s.key === key)?.title, ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        ...orgCrumbs(ctx, organisation, response.schoolYear),
        { label: responseTitle(response, ctx.locale), href: base },
        { label: t("orgReport") },
      ]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("reportIntro", { date: formatDate(response.submittedAt, ctx.locale) })}</p>
      <p>
        <a class="usa-button usa-button--outline" href={`${base}/report.csv`}>
          {t("downloadCsv")}
        </a>
        <a class="usa-button usa-button--outline" href={`${base}/report.pdf`}>
          {t("downloadPdf")}
        </a>
      </p>
      <h2>{t("reportScoresHeading")}</h2>
      <ScoreChart
        id="domain-chart"
        title={t("reportChartTitle")}
        description={t("reportChartDesc")}
        legendTitle={t("reportChartLegend")}
        bands={response.instrument.bands.map((b) => ({ ...b, label: tx(b.label, ctx.locale) }))}
        markers={report.levels.map((l) => ({ key: l, label: t(LEVEL_LABEL[l]), letter: t(LEVEL_LETTER[l]) }))}
        bars={report.rows.map((r) => ({
          label: tx(r.title, ctx.locale),
          value: r.score,
          valueText: scoreText(r, ctx.locale),
          markers: visibleMeans(r, report.levels),
        }))}
      />
      <Table
        caption={t("reportTableCaption")}
        headers={[
          t("colDomain"),
          t("colScore"),
          t("colBand"),
          t("colChange"),
          t("colChangeYear"),
          ...report.levels.map((l) => t(LEVEL_LABEL[l])),
        ]}
        rows={report.rows.map((r) => [
          r.key === "composite" ? (
            tx(r.title, ctx.locale)
          ) : (
            <a href={guidanceHref(r.key)}>{tx(r.title, ctx.locale)}</a>
          ),
          scoreText(r, ctx.locale),
          r.bandLabel ? tx(r.bandLabel, ctx.locale) : "—",
          changeText(r.change, ctx.locale),
          changeText(r.changeSinceLastYear, ctx.locale),
          ...report.levels.map((l) => comparisonText(r.comparisons[l], ctx.locale)),
        ])}
      />
      {anyHidden ? <p class="smh-meta">{t("suppressedNote")}</p> : null}
      <p>
        <a href={startPlanHref()}>{t("reportStartAnyPlan")}</a>
      </p>

      <h2>{t("reportStrengthsHeading")}</h2>
      {report.strengths.length === 0 ? (
        <p>{t("reportNoStrengths")}</p>
      ) : (
        <>
          <p>{t("reportStrengthsIntro")}</p>
          <ul class="usa-list">
            {report.strengths.map((s) => (
              <li>
                {tx(s.prompt, ctx.locale)}{" "}
                <span class="smh-meta">
                  ({domainTitle(s.sectionKey)}, {t("ratedAs", { rating: s.rating })})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t("reportPrioritiesHeading")}</h2>
      {report.priorities.length === 0 ? (
        <p>{t("reportNoPriorities")}</p>
      ) : (
        <>
          <p>{t("reportPrioritiesIntro")}</p>
          {report.priorityGroups.map((group) => (
            <>
              <h3>{tx(group.title, ctx.locale)}</h3>
              <ol class="usa-list">
                {group.items.map((p) => (
                  <li>
                    {tx(p.prompt, ctx.locale)}{" "}
                    <span class="smh-meta">({t("ratedAs", { rating: p.rating })})</span>
                  </li>
                ))}
              </ol>
              <ul class="usa-list usa-list--unstyled">
                <li>
                  <a href={guidanceHref(group.sectionKey)}>
                    {t("reportGuidanceLink", { domain: tx(group.title, ctx.locale) })}
                  </a>
                </li>
                <li>
                  <LibraryLinkForDomain locale={ctx.locale} domainKey={group.sectionKey} />
                </li>
                <li>
                  <a href={startPlanHref(group.sectionKey)}>
                    {t("reportStartPlan", { domain: tx(group.title, ctx.locale) })}
                  </a>
                </li>
              </ul>
            </>
          ))}
        </>
      )}
    </Layout>
  );
}

export function GuidancePage(props: {
  ctx: PageContext;
  response: { instrument: ResponseView["instrument"] };
  domainKey: string;
  /** The library's resources for this domain (its ResourcesForDomain list). */
  resources?: ComponentChildren;
}) {
  const { ctx } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const section = props.response.instrument.sections.find((s) => s.key === props.domainKey)!;
  const name = tx(section.title, ctx.locale);
  const title = t("guidanceTitle", { domain: name });
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("measures"), href: "/measures" },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{tx(section.intro, ctx.locale)}</p>
      <h2>{t("guidanceBest")}</h2>
      <ul class="usa-list">
        {(section.guidance?.bestPractices ?? []).map((g) => (
          <li>{tx(g, ctx.locale)}</li>
        ))}
      </ul>
      <h2>{t("guidanceFirst")}</h2>
      <ol class="usa-list">
        {(section.guidance?.firstSteps ?? []).map((g) => (
          <li>{tx(g, ctx.locale)}</li>
        ))}
      </ol>
      <h2>{t("guidanceIndicators")}</h2>
      <ul class="usa-list">
        {section.items.map((i) => (
          <li>{tx(i.prompt, ctx.locale)}</li>
        ))}
      </ul>
      {props.resources ?? null}
    </Layout>
  );
}
