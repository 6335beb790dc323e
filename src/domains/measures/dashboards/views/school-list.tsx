import type { Locale } from "../../../../platform/i18n";
import { translator } from "../../../../platform/i18n";
import { formatNumber } from "../../../../platform/i18n/formats";
import { Pagination, Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import type { Cell } from "../../instruments/scoring";
import { measuresCatalog } from "../../messages";
import { formatDate, formatScore, tx } from "../../views/fields";
import { COMPOSITE } from "../aggregates";
import { dashboardsCatalog } from "../messages";
import {
  LEVELS,
  type ListedSchool,
  PLACES,
  type SchoolFilters,
  type SchoolList,
  STATUSES,
  type Status,
} from "../school-list";
import { changeSince } from "../visibility";

/** Fifty rows of a dozen columns keep a page of the largest district small; the CSV holds them all. */
export const LIST_PER_PAGE = 50;

const PLACE_KEY = {
  city: "placeCity",
  suburb: "placeSuburb",
  town: "placeTown",
  rural: "placeRural",
} as const;
const LEVEL_KEY = {
  elementary: "levelElementary",
  middle: "levelMiddle",
  high: "levelHigh",
  other: "levelOther",
} as const;

function statusText(status: Status, locale: Locale): string {
  const t = translator(measuresCatalog, locale);
  return status === "submitted"
    ? t("statusSubmitted")
    : status === "draft"
      ? t("statusDraft")
      : t("statusNotStarted");
}

function Select(props: {
  id: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  all?: string;
}) {
  return (
    <div class="usa-form-group">
      <label class="usa-label" for={props.id}>
        {props.label}
      </label>
      <select class="usa-select" id={props.id} name={props.id}>
        {props.all !== undefined ? <option value="">{props.all}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SchoolListPage(props: {
  ctx: PageContext;
  scope: Organisation;
  list: SchoolList;
  rows: ListedSchool[];
  filters: SchoolFilters;
  schoolYear: string;
  years: string[];
  page: number;
  action: string;
  csvHref: string;
  pageHref: (page: number) => string;
  dashboardHref: string;
}) {
  const { ctx, list, rows, filters } = props;
  const t = translator(dashboardsCatalog, ctx.locale);
  const m = translator(measuresCatalog, ctx.locale);
  const n = (v: number) => formatNumber(ctx.locale, v);
  const title = t("listTitle", { name: props.scope.name });
  const keys = [...list.domains.map((d) => d.key), COMPOSITE];
  const domainTitle = (key: string) =>
    key === COMPOSITE ? t("composite") : tx(list.domains.find((d) => d.key === key)?.title, ctx.locale);
  const pages = Math.max(1, Math.ceil(rows.length / LIST_PER_PAGE));
  const page = Math.min(Math.max(1, props.page), pages);
  const from = (page - 1) * LIST_PER_PAGE;
  const shown = rows.slice(from, from + LIST_PER_PAGE);
  const filtered = rows.length !== list.schools.length;
  const bandLabel = (key: string | null) =>
    key === null ? t("bandNone") : tx(list.bands.find((b) => b.key === key)?.label, ctx.locale);
  const score = (v: number | null | undefined) =>
    v === null || v === undefined ? t("notYet") : formatScore(v, ctx.locale);
  const statusOptions = STATUSES.map((s) => ({ value: s, label: statusText(s, ctx.locale) }));
  const isDistrict = props.scope.kind === "district";
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: m("home"), href: "/" },
        { label: m("measures"), href: "/measures" },
        {
          label: isDistrict
            ? m("dashDistrictTitle", { name: props.scope.name })
            : m("dashStateTitle", { name: props.scope.name }),
          href: props.dashboardHref,
        },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <p>{t("listIntro", { name: props.scope.name })}</p>
      <h2>{t("filterHeading")}</h2>
      <form method="get" action={props.action} class="usa-form usa-form--large margin-bottom-3">
        <Select
          id="year"
          label={m("orgSchoolYear")}
          value={props.schoolYear}
          options={props.years.map((y) => ({ value: y, label: y }))}
        />
        <div class="usa-form-group">
          <label class="usa-label" for="q">
            {t("filterName")}
          </label>
          <input class="usa-input" id="q" name="q" type="search" value={filters.q ?? ""} maxLength={100} />
        </div>
        {isDistrict ? null : (
          <Select
            id="district"
            label={t("filterDistrict")}
            value={filters.district}
            all={t("filterAll")}
            options={list.districts.map((d) => ({ value: d.id, label: d.name }))}
          />
        )}
        <Select
          id="place"
          label={t("filterPlace")}
          value={filters.place}
          all={t("filterAll")}
          options={PLACES.map((p) => ({ value: p, label: t(PLACE_KEY[p]) }))}
        />
        <Select
          id="level"
          label={t("filterLevel")}
          value={filters.level}
          all={t("filterAll")}
          options={LEVELS.map((l) => ({ value: l, label: t(LEVEL_KEY[l]) }))}
        />
        <Select
          id="band"
          label={t("filterBand")}
          value={filters.band}
          all={t("filterAll")}
          options={[
            ...list.bands.map((b) => ({ value: b.key, label: tx(b.label, ctx.locale) })),
            { value: "none", label: t("bandNone") },
          ]}
        />
        <Select
          id="profile"
          label={t("filterProfile")}
          value={filters.profile}
          all={t("filterAll")}
          options={statusOptions}
        />
        <Select
          id="assessment"
          label={t("filterAssessment")}
          value={filters.assessment}
          all={t("filterAll")}
          options={statusOptions}
        />
        <Select
          id="sort"
          label={t("sortBy")}
          value={filters.sort ?? "name"}
          options={[
            { value: "name", label: t("colName") },
            ...(isDistrict ? [] : [{ value: "district", label: t("colDistrict") }]),
            { value: "enrollment", label: t("colEnrollment") },
            { value: "lastSubmission", label: t("colLastSubmission") },
            ...keys.map((k) => ({ value: k, label: domainTitle(k) })),
          ]}
        />
        <Select
          id="dir"
          label={t("sortDir")}
          value={filters.dir ?? "asc"}
          options={[
            { value: "asc", label: t("asc") },
            { value: "desc", label: t("desc") },
          ]}
        />
        <button type="submit" class="usa-button margin-top-2">
          {t("apply")}
        </button>
        <a class="usa-button usa-button--unstyled margin-top-2" href={props.action}>
          {t("clear")}
        </a>
      </form>
      <p>
        <a class="usa-button usa-button--outline" href={props.csvHref}>
          {t("downloadCsv")}
        </a>
      </p>
      <h2>{m("dashSchools")}</h2>
      <p>
        {filtered
          ? t("countMatching", { n: n(rows.length), total: n(list.schools.length) })
          : t("countAll", { n: n(rows.length) })}
        {pages > 1 ? ` ${t("countShown", { from: n(from + 1), to: n(from + shown.length) })}` : null}
      </p>
      {rows.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <div class="usa-table-container--scrollable" tabindex={0}>
          <Table
            caption={t("caption", { page, pages })}
            headers={[
              t("colSchool"),
              ...(isDistrict ? [] : [t("colDistrict")]),
              t("colPlace"),
              t("colLevel"),
              t("colEnrollment"),
              t("colProfile"),
              t("colAssessment"),
              t("colLastSubmission"),
              ...keys.map(domainTitle),
              t("colBand"),
            ]}
            rows={shown.map((s) => [
              <a href={`/measures/orgs/${s.id}?year=${props.schoolYear}`}>{s.name}</a>,
              ...(isDistrict ? [] : [s.districtName ?? ""]),
              s.place ? t(PLACE_KEY[s.place]) : "",
              s.level ? t(LEVEL_KEY[s.level]) : "",
              s.enrollment === null ? "" : n(s.enrollment),
              statusText(s.profile, ctx.locale),
              statusText(s.assessment, ctx.locale),
              s.lastSubmission ? formatDate(s.lastSubmission, ctx.locale) : t("notYet"),
              ...keys.map((k) => score(s.scores[k])),
              bandLabel(s.band),
            ])}
          />
        </div>
      )}
      <Pagination locale={ctx.locale} page={page} pages={pages} hrefFor={props.pageHref} />
    </Layout>
  );
}

/** A mean as a reader sees it: the value with its n, "No data" without schools, "Hidden" when suppressed. */
function meanText(cell: Cell<number>, locale: Locale): string {
  const m = translator(measuresCatalog, locale);
  if (cell.shown) return m("meanWithN", { mean: formatScore(cell.value, locale), n: cell.n });
  return m("suppressedCell");
}

export function changeText(now: Cell<number>, before: Cell<number>, locale: Locale): string {
  const change = changeSince(now, before);
  if (change === null) return translator(dashboardsCatalog, locale)("notYet");
  const text = formatScore(Math.abs(change), locale);
  return change > 0 ? `+${text}` : change < 0 ? `−${text}` : text;
}

/** The means of one scope per domain this year and last, with the change: on every dashboard. */
export function MeansChangeTable(props: {
  locale: Locale;
  domains: { key: string; title: { en: string; es: string } }[];
  now: Record<string, Cell<number>>;
  before: Record<string, Cell<number>>;
  schoolYear: string;
  previousYear: string;
}) {
  const t = translator(dashboardsCatalog, props.locale);
  const keys = [...props.domains.map((d) => d.key), COMPOSITE];
  const title = (key: string) =>
    key === COMPOSITE ? t("composite") : tx(props.domains.find((d) => d.key === key)?.title, props.locale);
  const none = { shown: false, reason: "smallCell" } as const;
  return (
    <>
      <h2>{t("changeHeading")}</h2>
      <Table
        caption={t("changeCaption", { year: props.schoolYear, previous: props.previousYear })}
        headers={[t("colDomain"), props.schoolYear, props.previousYear, t("colChange")]}
        rows={keys.map((k) => [
          title(k),
          meanText(props.now[k] ?? none, props.locale),
          meanText(props.before[k] ?? none, props.locale),
          changeText(props.now[k] ?? none, props.before[k] ?? none, props.locale),
        ])}
      />
    </>
  );
}
