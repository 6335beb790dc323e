import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { SharedChangeRow } from "../repo";
import type { NetworkForViewer } from "../service";
import { NetworkNav, networkCrumbs, networkHref, tr } from "./shared";

export interface PackagedChange {
  change: SharedChangeRow;
  team: string;
  /** The team's chart of the measure, when the change names one. */
  chartHref: string | null;
  /** The PDSA cycle, when the viewer may open it. */
  cycleHref: string | null;
}

function ChangeList(props: { ctx: PageContext; items: PackagedChange[] }) {
  const t = tr(props.ctx.locale);
  return (
    <ul class="usa-list usa-list--unstyled">
      {props.items.map(({ change, team, chartHref, cycleHref }) => (
        <li class="margin-bottom-3 border-left-05 border-primary padding-left-2">
          <h3 class="margin-bottom-05">{change.title}</h3>
          <p class="margin-top-0">
            <span class="usa-tag">{t(`result_${change.result}`)}</span>{" "}
            {t("sharedBy", { team, date: change.sharedAt.toISOString().slice(0, 10) })}
          </p>
          <p class="smh-pre-wrap">{change.description}</p>
          {change.evidence ? (
            <>
              <h4>{t("evidence")}</h4>
              <p class="smh-pre-wrap">{change.evidence}</p>
            </>
          ) : null}
          {chartHref || cycleHref ? (
            <p>
              {chartHref ? <a href={chartHref}>{t("seeChart")}</a> : null}
              {chartHref && cycleHref ? " · " : null}
              {cycleHref ? <a href={cycleHref}>{t("seeCycle")}</a> : null}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function ChangePackagePage(props: {
  ctx: PageContext;
  view: NetworkForViewer;
  items: PackagedChange[];
  mayLead: boolean;
}) {
  const { ctx, view } = props;
  const t = tr(ctx.locale);
  const worked = props.items.filter((i) => i.change.result === "worked");
  const other = props.items.filter((i) => i.change.result !== "worked");
  const title = t("changePackage");
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={networkCrumbs(view, ctx.locale, title)}>
      <h1>{title}</h1>
      <p class="usa-intro">{t("changePackageIntro")}</p>
      <NetworkNav view={view} locale={ctx.locale} mayLead={props.mayLead} />
      {props.items.length === 0 ? <p>{t("noChanges")}</p> : null}
      {worked.length > 0 ? (
        <>
          <h2>{t("workedHeading")}</h2>
          <ChangeList ctx={ctx} items={worked} />
        </>
      ) : null}
      {other.length > 0 ? (
        <>
          <h2>{t("otherHeading")}</h2>
          <ChangeList ctx={ctx} items={other} />
        </>
      ) : null}
      <p>
        <a href={networkHref(view)}>{t("dashboard")}</a>
      </p>
    </Layout>
  );
}
