import { type Locale, type Translate, translator } from "../../../platform/i18n";
import { Table } from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { type ReachMessages, reachCatalog } from "./messages";
import type { Breakdown, Metric, ShownCounts } from "./report";
import { METRICS } from "./report";
import type { ReachChoice } from "./service";

type T = Translate<ReachMessages>;

/** A row of a dashboard table, its figures already protected. */
export interface ShownRow {
  label: string;
  href?: string;
  shown: ShownCounts;
}

export interface DashboardView {
  title: string;
  scopeKind: "nation" | "state" | "community";
  months: { key: string; label: string; shown: ShownCounts }[];
  total: ShownCounts;
  byResource: ShownRow[];
  by: Record<Breakdown, ShownRow[]>;
  people: { total: number; rows: { label: string; n: number | null }[]; stateCount?: number };
  announcements: { label: string; announcements: number; people: number | null }[];
  csvHref: string;
  itemReportHref: string;
  from: string;
  to: string;
  demo: boolean;
}

const BREAKDOWN_COLUMN: Record<Breakdown, keyof ReachMessages> = {
  type: "colType",
  domain: "colDomain",
  audience: "colAudience",
  state: "colState",
  community: "colCommunity",
};

/** A month "2026-03" as "Mar 2026" / "mar 2026". */
export function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, 1));
  return date.toLocaleDateString(locale === "es" ? "es-US" : "en-US", {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

function Figure({ value, t, locale }: { value: number | null; t: T; locale: Locale }) {
  if (value === null)
    return (
      <span>
        <span aria-hidden="true">{t("hidden")}</span>
        <span class="usa-sr-only">{t("hiddenLabel")}</span>
      </span>
    );
  return <>{value.toLocaleString(locale === "es" ? "es-US" : "en-US")}</>;
}

const figureCells = (shown: ShownCounts, t: T, locale: Locale) =>
  METRICS.map((m: Metric) => <Figure value={shown[m]} t={t} locale={locale} />);

const metricHeaders = (t: T) => METRICS.map((m) => t(m));

/** Investigations and requests per month as grouped columns; hidden months have no bar. */
function MonthChart(props: { months: DashboardView["months"]; t: T }) {
  const { months, t } = props;
  const width = 760;
  const height = 240;
  const left = 48;
  const bottom = 40;
  const plotHeight = height - bottom - 10;
  const max = Math.max(
    1,
    ...months.flatMap((m) => [m.shown.totalInvestigations ?? 0, m.shown.totalRequests ?? 0]),
  );
  const step = (width - left - 10) / Math.max(1, months.length);
  const bar = Math.max(2, step / 2 - 2);
  const y = (v: number) => 10 + plotHeight - (v / max) * plotHeight;
  return (
    <figure class="smh-chart margin-x-0">
      <svg
        role="img"
        aria-labelledby="reach-chart-title reach-chart-desc"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="reach-chart-title">{t("chartTitle")}</title>
        <desc id="reach-chart-desc">{t("chartDesc")}</desc>
        <line x1={left} x2={width - 10} y1={y(0)} y2={y(0)} stroke="#71767a" />
        <text x={left - 6} y={y(max) + 4} font-size="12" text-anchor="end" fill="#1b1b1b">
          {max.toLocaleString()}
        </text>
        <text x={left - 6} y={y(0) + 4} font-size="12" text-anchor="end" fill="#1b1b1b">
          0
        </text>
        {months.map((m, i) => {
          const x = left + i * step + 1;
          const inv = m.shown.totalInvestigations;
          const req = m.shown.totalRequests;
          return (
            <g>
              {inv !== null ? (
                <rect x={x} y={y(inv)} width={bar} height={y(0) - y(inv)} fill="#005ea2" />
              ) : null}
              {req !== null ? (
                <rect x={x + bar + 1} y={y(req)} width={bar} height={y(0) - y(req)} fill="#c05600" />
              ) : null}
              {i % 3 === 0 ? (
                <text x={x} y={height - bottom + 16} font-size="11" fill="#1b1b1b">
                  {m.label}
                </text>
              ) : null}
            </g>
          );
        })}
        <rect x={left} y={height - 14} width={10} height={10} fill="#005ea2" />
        <text x={left + 14} y={height - 5} font-size="12" fill="#1b1b1b">
          {t("totalInvestigations")}
        </text>
        <rect x={left + 160} y={height - 14} width={10} height={10} fill="#c05600" />
        <text x={left + 174} y={height - 5} font-size="12" fill="#1b1b1b">
          {t("totalRequests")}
        </text>
      </svg>
    </figure>
  );
}

function BreakdownTable(props: { caption: string; column: string; rows: ShownRow[]; t: T; locale: Locale }) {
  const { t, locale } = props;
  if (props.rows.length === 0) return null;
  return (
    <Table
      caption={props.caption}
      headers={[props.column, ...metricHeaders(t)]}
      rows={props.rows.map((r) => [
        r.href ? <a href={r.href}>{r.label}</a> : r.label,
        ...figureCells(r.shown, t, locale),
      ])}
    />
  );
}

export function ReachIndexPage({ ctx, choices }: { ctx: PageContext; choices: ReachChoice[] }) {
  const t = translator(reachCatalog, ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={t("reachTitle")}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("library"), href: "/library" },
        { label: t("reach") },
      ]}
    >
      <h1>{t("reachTitle")}</h1>
      <p class="usa-intro">{t("reachIntro")}</p>
      <h2>{t("choose")}</h2>
      {choices.length === 0 ? (
        <p>{t("noChoices")}</p>
      ) : (
        <ul class="usa-list">
          {choices.map((c) => (
            <li>
              <a href={c.href}>{c.name}</a> ({t(`kind_${c.kind}`)})
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function ReachDashboardPage({ ctx, view }: { ctx: PageContext; view: DashboardView }) {
  const t = translator(reachCatalog, ctx.locale);
  const locale = ctx.locale;
  const title = t("scopeTitle", { name: view.title });
  const used = view.months.some((m) => m.shown.totalInvestigations !== 0);
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("library"), href: "/library" },
        { label: t("reach"), href: "/library/reach" },
        { label: view.title },
      ]}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t(`scopeCovers_${view.scopeKind}`)}</p>
      <p>{t("period", { from: view.from, to: view.to })}</p>
      {view.demo ? (
        <div class="usa-alert usa-alert--info usa-alert--slim">
          <div class="usa-alert__body">
            <p class="usa-alert__text">{t("demoNote")}</p>
          </div>
        </div>
      ) : null}
      <details class="margin-y-2">
        <summary>{t("howCounted")}</summary>
        <p>{t("howCountedText")}</p>
      </details>
      <p>{t("suppressedNote")}</p>

      <h2>{t("totals")}</h2>
      <Table
        caption={t("totals")}
        captionHidden
        headers={[t("colMonth"), ...metricHeaders(t)]}
        rows={[[`${view.from} – ${view.to}`, ...figureCells(view.total, t, locale)]]}
      />
      <ul class="usa-list">
        <li>
          <a href={view.csvHref}>{t("csv")}</a>
        </li>
        <li>
          <a href={view.itemReportHref}>{t("itemReport")}</a>
        </li>
      </ul>

      <h2>{t("byMonth")}</h2>
      {used ? <MonthChart months={view.months} t={t} /> : <p>{t("noUse")}</p>}
      <Table
        caption={t("byMonth")}
        headers={[t("colMonth"), ...metricHeaders(t)]}
        rows={[
          ...view.months.map((m) => [m.label, ...figureCells(m.shown, t, locale)]),
          [t("total"), ...figureCells(view.total, t, locale)],
        ]}
      />

      <h2>{t("byResource")}</h2>
      {view.byResource.length === 0 ? (
        <p>{t("noUse")}</p>
      ) : (
        <BreakdownTable
          caption={t("byResource")}
          column={t("colResource")}
          rows={view.byResource}
          t={t}
          locale={locale}
        />
      )}

      {(["type", "domain", "audience", "state", "community"] as const).map((b) =>
        view.by[b].length > 0 ? (
          <>
            <h2>{t(`by_${b}`)}</h2>
            <BreakdownTable
              caption={t(`by_${b}`)}
              column={t(BREAKDOWN_COLUMN[b])}
              rows={view.by[b]}
              t={t}
              locale={locale}
            />
          </>
        ) : null,
      )}

      <h2>{t("people")}</h2>
      <p>
        {view.people.stateCount !== undefined
          ? t("peopleState", { count: String(view.people.stateCount) })
          : t("peopleTotal", { count: String(view.people.total) })}
      </p>
      {view.people.rows.length > 0 ? (
        <Table
          caption={t("peopleIntro")}
          headers={[t("colAudience"), t("total")]}
          rows={view.people.rows.map((r) => [r.label, <Figure value={r.n} t={t} locale={locale} />])}
        />
      ) : null}

      <h2>{t("announcements")}</h2>
      {view.announcements.length === 0 ? (
        <p>{t("noAnnouncements")}</p>
      ) : (
        <Table
          caption={t("announcements")}
          headers={[t("colMonth"), t("announcements"), t("peopleReached")]}
          rows={view.announcements.map((a) => [
            a.label,
            <Figure value={a.announcements} t={t} locale={locale} />,
            <Figure value={a.people} t={t} locale={locale} />,
          ])}
        />
      )}
      <h2>{t("attendance")}</h2>
      <p>{t("attendanceSoon")}</p>
    </Layout>
  );
}
