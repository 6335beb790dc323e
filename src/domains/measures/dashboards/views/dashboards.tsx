import type { Locale } from "../../../../platform/i18n";
import { translator } from "../../../../platform/i18n";
import { Pagination, SchoolYearChoice, Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import { COMPOSITE } from "../aggregates";
import type { DistrictDashboard, NationalRow, ProfileStatus, StateDashboard } from "../data";
import { measuresCatalog } from "../../messages";
import { bandFor, type Cell } from "../../instruments/scoring";
import { formatDate, formatScore, tx } from "../../views/fields";
import { TileMap } from "../../../../platform/ui/tile-map";
import { formatNumber } from "../../../../platform/i18n/formats";
import { previousSchoolYear } from "../../responses/service";
import { followupCatalog } from "../../followup/messages";
import { dashboardsCatalog } from "../messages";
import { changeText, MeansChangeTable } from "./school-list";

/**
 * The largest districts have well over a thousand schools: the table shows them a page at a time
 * (50 rows of eight scores keep the page near 60 KB before compression, 3 KB after); the CSV
 * download holds them all.
 */
export const SCHOOLS_PER_PAGE = 50;

/** The pages of a list of `count` items, and the page asked for, kept within them. */
export function pageWithin(asked: number, count: number, perPage: number) {
  const pages = Math.max(1, Math.ceil(count / perPage));
  const page = Math.min(Math.max(1, asked), pages);
  return { page, pages, from: (page - 1) * perPage + 1, to: Math.min(count, page * perPage) };
}

function countText(n: number, locale: Locale) {
  return formatNumber(locale, n);
}

/** How many schools the district has and which of them this page lists. */
function SchoolCount(props: {
  total: number;
  matching: number;
  filtered: boolean;
  from: number;
  to: number;
  locale: Locale;
}) {
  const t = translator(measuresCatalog, props.locale);
  const n = (v: number) => countText(v, props.locale);
  const total = props.filtered
    ? t("dashSchoolsMatching", { n: n(props.matching), total: n(props.total) })
    : props.total === 1
      ? t("dashSchoolTotalOne")
      : t("dashSchoolTotal", { total: n(props.total) });
  const paged = props.to - props.from + 1 < props.matching;
  return (
    <p>
      {total}
      {paged ? ` ${t("dashSchoolsShown", { from: n(props.from), to: n(props.to) })}` : null}
    </p>
  );
}

const HEAT: Record<string, string> = {
  emerging: "smh-heat-1",
  progressing: "smh-heat-2",
  mastery: "smh-heat-3",
};

export function profileStatusText(status: ProfileStatus, locale: Locale): string {
  const t = translator(measuresCatalog, locale);
  return status === "submitted"
    ? t("statusSubmitted")
    : status === "draft"
      ? t("statusDraft")
      : t("statusNotStarted");
}

function pct(n: number, of: number, locale: Locale): string {
  return translator(measuresCatalog, locale)("percent", { n, pct: of > 0 ? Math.round((n / of) * 100) : 0 });
}

function cellText(cell: Cell<number>, locale: Locale): string {
  const t = translator(measuresCatalog, locale);
  return cell.shown
    ? t("meanWithN", { mean: formatScore(cell.value, locale), n: cell.n })
    : t("suppressedCell");
}

function YearForm(props: {
  action: string;
  schoolYear: string;
  years: string[];
  locale: Locale;
  extra?: preact.ComponentChildren;
}) {
  const t = translator(measuresCatalog, props.locale);
  return (
    <SchoolYearChoice
      action={props.action}
      years={props.years}
      chosen={props.schoolYear}
      label={t("orgSchoolYear")}
      submitLabel={t("dashApply")}
    >
      {props.extra}
    </SchoolYearChoice>
  );
}

export function DistrictDashboardPage(props: {
  ctx: PageContext;
  district: Organisation;
  data: DistrictDashboard;
  schoolYear: string;
  years: string[];
  filters: { q?: string; profile?: ProfileStatus };
  csvHref: string;
  page: number;
  /** Link to another page of the schools table, keeping the filters. */
  pageHref: (page: number) => string;
}) {
  const { ctx, data, district } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const title = t("dashDistrictTitle", { name: district.name });
  const keys = [...data.domains.map((d) => d.key), COMPOSITE];
  const { page, pages, from, to } = pageWithin(props.page, data.schools.length, SCHOOLS_PER_PAGE);
  const shown = data.schools.slice(from - 1, to);
  const domainTitle = (key: string) =>
    key === COMPOSITE ? t("composite") : tx(data.domains.find((d) => d.key === key)?.title, ctx.locale);
  const scoreCell = (score: number | null | undefined) => {
    if (score === null || score === undefined) return "—";
    const band = bandFor(score, data.bands);
    return (
      <span class={`display-block padding-05 ${band ? (HEAT[band.key] ?? "") : ""}`}>
        {formatScore(score, ctx.locale)}
        {band ? <span class="font-body-3xs"> {tx(band.label, ctx.locale)}</span> : null}
      </span>
    );
  };
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
      <p>
        <a href={`/census/district/${district.id}?year=${props.schoolYear}`}>{t("dashCensusLink")}</a>
      </p>
      <ul class="usa-list">
        <li>
          <a href={`/measures/dashboards/district/${district.id}/schools?year=${props.schoolYear}`}>
            {translator(dashboardsCatalog, ctx.locale)("listLink")}
          </a>
        </li>
        <li>
          <a href={`/measures/dashboards/district/${district.id}/followup`}>
            {translator(followupCatalog, ctx.locale)("link")}
          </a>
        </li>
      </ul>
      <MeansChangeTable
        locale={ctx.locale}
        domains={data.domains}
        now={data.means.means}
        before={data.previousMeans.means}
        schoolYear={props.schoolYear}
        previousYear={previousSchoolYear(props.schoolYear)}
      />
      <h2>{t("dashFilterHeading")}</h2>
      <YearForm
        action={`/measures/dashboards/district/${district.id}`}
        schoolYear={props.schoolYear}
        years={props.years}
        locale={ctx.locale}
        extra={
          <>
            <label class="usa-label" for="q">
              {t("dashFilterName")}
            </label>
            <input
              class="usa-input"
              id="q"
              name="q"
              type="search"
              value={props.filters.q ?? ""}
              maxLength={100}
            />
            <label class="usa-label" for="profile">
              {t("dashFilterStatus")}
            </label>
            <select class="usa-select" id="profile" name="profile">
              <option value="">{t("dashFilterAll")}</option>
              {(["notStarted", "draft", "submitted"] as const).map((s) => (
                <option value={s} selected={props.filters.profile === s}>
                  {profileStatusText(s, ctx.locale)}
                </option>
              ))}
            </select>
          </>
        }
      />
      <p>
        <a class="usa-button usa-button--outline" href={props.csvHref}>
          {t("downloadCsv")}
        </a>
      </p>
      <h2>{t("dashSchools")}</h2>
      <SchoolCount
        total={data.total}
        matching={data.schools.length}
        filtered={!!(props.filters.q || props.filters.profile)}
        from={from}
        to={to}
        locale={ctx.locale}
      />
      {data.schools.length === 0 ? (
        <p>{t("dashNoSchools")}</p>
      ) : (
        <Table
          caption={t("dashSchoolsCaption")}
          headers={[t("dashSchool"), t("dashProfile"), t("dashLastAssessment"), ...keys.map(domainTitle)]}
          rows={shown.map((s) => [
            <a href={`/measures/orgs/${s.id}?year=${props.schoolYear}`}>{s.name}</a>,
            profileStatusText(s.profile, ctx.locale),
            s.lastAssessment ? formatDate(s.lastAssessment, ctx.locale) : t("dashNone"),
            ...keys.map((k) => scoreCell(s.scores[k])),
          ])}
        />
      )}
      <Pagination locale={ctx.locale} page={page} pages={pages} hrefFor={props.pageHref} />
      <h2>{t("dashDistribution")}</h2>
      <Table
        caption={t("dashDistributionCaption")}
        headers={[t("colDomain"), ...data.bands.map((b) => tx(b.label, ctx.locale))]}
        rows={keys.map((k) => [
          domainTitle(k),
          ...data.bands.map((b) => String(data.distribution[k]?.[b.key] ?? 0)),
        ])}
      />
    </Layout>
  );
}

export function StateDashboardPage(props: {
  ctx: PageContext;
  state: Organisation;
  data: StateDashboard;
  schoolYear: string;
  years: string[];
  canImport: boolean;
}) {
  /** `data` is what this viewer may see (stateDashboardSeenBy). */
  const { ctx, data, state } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const d2 = translator(dashboardsCatalog, ctx.locale);
  const title = t("dashStateTitle", { name: state.name });
  const base = `/measures/dashboards/state/${state.id}`;
  const now = data.means.means;
  const before = data.previousMeans.means;
  const districts = data.districts;
  const anyHidden = Object.values(now).some((c) => !c.shown) || districts.some((d) => !d.composite.shown);
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
      <p>
        <a href={`/census/state/${state.id}?year=${props.schoolYear}`}>{t("dashCensusLink")}</a>
      </p>
      <YearForm action={base} schoolYear={props.schoolYear} years={props.years} locale={ctx.locale} />
      {props.canImport ? (
        <p>
          <a href={`${base}/import`}>{t("importLink")}</a>
        </p>
      ) : null}
      <h2>{t("dashParticipationHeading")}</h2>
      <Table
        caption={t("dashParticipationCaption")}
        headers={[t("dashState"), t("dashSchools"), t("dashWithProfile"), t("dashWithAssessment")]}
        rows={[
          [
            state.name,
            String(data.totals.schools),
            pct(data.totals.profile, data.totals.schools, ctx.locale),
            pct(data.totals.quality, data.totals.schools, ctx.locale),
          ],
        ]}
      />
      <ul class="usa-list">
        <li>
          <a href={`${base}/schools?year=${props.schoolYear}`}>{d2("listLink")}</a>
        </li>
        <li>
          <a href={`${base}/followup`}>{translator(followupCatalog, ctx.locale)("link")}</a>
        </li>
      </ul>
      <MeansChangeTable
        locale={ctx.locale}
        domains={data.domains}
        now={now}
        before={before}
        schoolYear={props.schoolYear}
        previousYear={previousSchoolYear(props.schoolYear)}
      />
      {anyHidden ? <p class="smh-meta">{t("suppressedNote")}</p> : null}
      <h2>{t("dashDistricts")}</h2>
      <p>
        {t("dashDistrictTotal", { total: countText(data.districtTotal, ctx.locale) })}
        {data.districtTotal > data.perPage && data.districts.length > 0
          ? ` ${t("dashDistrictsShown", {
              from: countText((data.page - 1) * data.perPage + 1, ctx.locale),
              to: countText((data.page - 1) * data.perPage + data.districts.length, ctx.locale),
            })}`
          : null}
      </p>
      <Table
        caption={t("dashParticipationCaption")}
        headers={[
          t("dashDistrict"),
          t("dashSchools"),
          t("dashWithProfile"),
          t("dashWithAssessment"),
          t("dashComposite"),
          d2("colChange"),
        ]}
        rows={districts.map((d) => [
          <a href={`/measures/dashboards/district/${d.id}?year=${props.schoolYear}`}>{d.name}</a>,
          String(d.schools),
          pct(d.profile, d.schools, ctx.locale),
          pct(d.quality, d.schools, ctx.locale),
          cellText(d.composite, ctx.locale),
          changeText(d.composite, d.previousComposite, ctx.locale),
        ])}
      />
      <Pagination
        locale={ctx.locale}
        page={data.page}
        pages={Math.max(1, Math.ceil(data.districtTotal / data.perPage))}
        hrefFor={(p) => `${base}?year=${props.schoolYear}&page=${p}`}
      />
    </Layout>
  );
}

export function NationalViewPage(props: {
  ctx: PageContext;
  states: NationalRow[];
  schoolYear: string;
  years: string[];
}) {
  /** `states` are what this viewer may see (nationalRowsSeenBy). */
  const { ctx, states } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const d2 = translator(dashboardsCatalog, ctx.locale);
  const title = t("dashNationalTitle");
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
      <p>
        <a href={`/census/nation?year=${props.schoolYear}`}>{t("dashCensusLink")}</a>
      </p>
      <YearForm
        action="/measures/dashboards/national"
        schoolYear={props.schoolYear}
        years={props.years}
        locale={ctx.locale}
      />
      <TileMap
        id="participation-map"
        title={t("mapTitle")}
        description={t("mapDesc")}
        tiles={props.states.map((s) => {
          const share = s.schools > 0 ? Math.round((s.quality / s.schools) * 100) : null;
          return { code: s.code, pct: share, label: share === null ? t("mapNoData") : `${share}%` };
        })}
        legend={{ fromLabel: (min) => (min === 0 ? t("mapLegendNone") : t("mapLegendFrom", { min })) }}
      />
      <Table
        caption={t("dashNationalCaption")}
        headers={[
          t("dashState"),
          t("dashSchools"),
          t("dashWithProfile"),
          t("dashWithAssessment"),
          t("dashComposite"),
          d2("colChange"),
        ]}
        rows={states.map((s) => [
          <a href={`/measures/dashboards/state/${s.id}?year=${props.schoolYear}`}>{s.name}</a>,
          String(s.schools),
          pct(s.profile, s.schools, ctx.locale),
          pct(s.quality, s.schools, ctx.locale),
          cellText(s.composite, ctx.locale),
          changeText(s.composite, s.previousComposite, ctx.locale),
        ])}
      />
      {states.some((s) => !s.composite.shown) ? <p class="smh-meta">{t("suppressedNote")}</p> : null}
    </Layout>
  );
}
