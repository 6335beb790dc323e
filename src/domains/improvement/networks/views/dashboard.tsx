import { Pagination, Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { type Dashboard, formatValue, periodText } from "../dashboard";
import type { MeasureRow } from "../repo";
import { type NetworkForViewer, networkName } from "../service";
import { ChartSvg, ChartWithTable } from "../../charts/views/chart-svg";
import { measureKind, NetworkNav, networkCrumbs, networkHref, tr } from "./shared";

/** How many recent periods the small multiples' table shows (the team pages show them all). */
const RECENT = 6;

function MeasureChooser(props: { ctx: PageContext; view: NetworkForViewer; data: Dashboard }) {
  const t = tr(props.ctx.locale);
  if (props.data.measures.length < 2) return null;
  return (
    <form method="get" action={networkHref(props.view)} class="usa-form margin-bottom-2">
      <label class="usa-label" for="field-measure">
        {t("measure")}
      </label>
      <select class="usa-select" id="field-measure" name="measure">
        {props.data.measures.map((m) => (
          <option value={m.id} selected={m.id === props.data.measure?.id}>
            {m.name}
          </option>
        ))}
      </select>
      <button type="submit" class="usa-button margin-top-1">
        {t("chooseMeasure")}
      </button>
    </form>
  );
}

function PooledSection(props: { ctx: PageContext; measure: MeasureRow; data: Dashboard }) {
  const { ctx, measure, data } = props;
  const t = tr(ctx.locale);
  const pooled = data.pooled;
  if (!pooled) return null;
  return (
    <section aria-labelledby="pooled-heading">
      <h2 id="pooled-heading">{t("pooledHeading")}</h2>
      <p>{t("pooledIntro", { chart: t(`chart_${pooled.chart}`) })}</p>
      {measure.goal !== null ? (
        <p>{t("goal", { goal: formatValue(measure, measure.goal, ctx.locale) })}</p>
      ) : null}
      <ChartWithTable
        id="pooled-chart"
        title={`${t("pooledHeading")}: ${measure.name}`}
        view={pooled.view}
        locale={ctx.locale}
        headingLevel={3}
      />
    </section>
  );
}

function SmallMultiples(props: {
  ctx: PageContext;
  view: NetworkForViewer;
  measure: MeasureRow;
  data: Dashboard;
}) {
  const { ctx, view, measure, data } = props;
  const t = tr(ctx.locale);
  const statusText = { reported: t("statusReported"), due: t("statusDue"), late: t("statusLate") };
  const recent = data.periods.slice(-RECENT);
  const fmt = (v: number) => formatValue(measure, v, ctx.locale);
  const base = networkHref(view);
  return (
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">{t("teamsHeading")}</h2>
      <p>{t("teamsIntro")}</p>
      <ul class="usa-card-group">
        {data.teams.map((s, n) => {
          const last = s.points.at(-1);
          const latest = last
            ? t("latest", {
                value: fmt(last.value),
                period: periodText(measure, last.periodStart, ctx.locale),
              })
            : t("noValues");
          return (
            <li class="usa-card tablet:grid-col-6 desktop:grid-col-4">
              <div class="usa-card__container">
                <div class="usa-card__header">
                  <h3 class="usa-card__heading">{s.label}</h3>
                </div>
                <div class="usa-card__body">
                  <p class="margin-y-05">
                    <span
                      class={`usa-tag${s.status === "late" ? " bg-secondary-dark" : s.status === "reported" ? " bg-green" : ""}`}
                    >
                      {statusText[s.status]}
                    </span>
                  </p>
                  {s.points.length > 0 ? (
                    <figure class="smh-chart margin-x-0 margin-y-1">
                      <ChartSvg
                        id={`team-chart-${n}`}
                        title={t("teamChart", { team: s.label })}
                        view={s.chart.view}
                        locale={ctx.locale}
                        size="small"
                      />
                    </figure>
                  ) : null}
                  <p class="margin-y-05">{latest}</p>
                  <p class="margin-y-05">
                    <a href={`${base}/teams/${s.team.id}?measure=${measure.id}`}>
                      {t("openTeam", { team: s.label })}
                    </a>
                  </p>
                </div>
              </div>
            </li>
          );
        })}
      </ul>
      <Table
        caption={`${t("chartTable")}: ${t("teamsHeading")}`}
        headers={[t("colTeam"), t("colStatus"), ...recent.map((p) => periodText(measure, p, ctx.locale))]}
        rows={data.teams.map((s) => {
          const byPeriod = new Map(s.points.map((p) => [p.periodStart, p.value]));
          return [
            s.label,
            statusText[s.status],
            ...recent.map((p) => {
              const v = byPeriod.get(p);
              return v === undefined ? "—" : fmt(v);
            }),
          ];
        })}
      />
      <Pagination
        locale={ctx.locale}
        page={data.page}
        pages={data.pages}
        hrefFor={(page) => `${base}?measure=${measure.id}&page=${page}`}
      />
    </section>
  );
}

export function DashboardPage(props: {
  ctx: PageContext;
  view: NetworkForViewer;
  data: Dashboard;
  mayLead: boolean;
}) {
  const { ctx, view, data } = props;
  const t = tr(ctx.locale);
  const name = networkName(view.network, ctx.locale);
  const measure = data.measure;
  const window = data.window;
  return (
    <Layout ctx={ctx} title={`${t("dashboard")}: ${name}`} breadcrumbs={networkCrumbs(view, ctx.locale)}>
      <h1>{name}</h1>
      <p class="usa-intro">{t("dashboardIntro", { teams: data.activeTeams })}</p>
      <NetworkNav view={view} locale={ctx.locale} mayLead={props.mayLead} />
      {data.activeTeams === 0 ? <p>{t("noTeams")}</p> : null}
      {!measure || !window ? (
        <p>{t("noMeasures")}</p>
      ) : (
        <>
          <MeasureChooser ctx={ctx} view={view} data={data} />
          <h2>{measure.name}</h2>
          <p>
            {measureKind(measure, ctx.locale)}. <strong>{t("definition")}:</strong> {measure.definition}
          </p>
          <section class="usa-summary-box margin-bottom-2" aria-labelledby="period-heading">
            <div class="usa-summary-box__body">
              <h2 class="usa-summary-box__heading" id="period-heading">
                {t("thisPeriod", { period: periodText(measure, window.periodStart, ctx.locale) })}
              </h2>
              <div class="usa-summary-box__text">
                <p>
                  {t(window.closed ? "periodClosed" : "periodWindow", {
                    period: periodText(measure, window.periodStart, ctx.locale),
                    opensOn: window.opensOn,
                    closesOn: window.closesOn,
                  })}
                </p>
                <p>
                  {t("reportedCount", {
                    reported: data.reported,
                    teams: data.activeTeams,
                    period: periodText(measure, window.periodStart, ctx.locale),
                  })}
                </p>
              </div>
            </div>
          </section>
          <p>
            <a href={`${networkHref(view)}/dashboard.csv`}>{t("downloadCsv")}</a>
          </p>
          <PooledSection ctx={ctx} measure={measure} data={data} />
          <SmallMultiples ctx={ctx} view={view} measure={measure} data={data} />
        </>
      )}
    </Layout>
  );
}
