import { Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { EventWithOrganiser } from "../repo";
import type { EventReport, GroupFigures } from "../reports";
import { eventHref, eventsCrumbs, labelOf, manageHref, type T, tFor } from "./shared";

function groupName(t: T, kind: "stakeholder" | "state", group: string | null) {
  if (!group) return t("unknownGroup");
  return kind === "stakeholder" ? labelOf(t, "sh", group) : group;
}

function FiguresTable(props: { t: T; caption: string; kind: "stakeholder" | "state"; rows: GroupFigures[] }) {
  const { t } = props;
  if (props.rows.length === 0) return <p>{t("reportsNothing")}</p>;
  return (
    <Table
      caption={props.caption}
      headers={[
        t("colGroup"),
        t("colRegistered"),
        t("colWaitlisted"),
        t("colCancelled"),
        t("colCheckedIn"),
        t("colAttended"),
      ]}
      rows={props.rows.map((g) => [
        groupName(t, props.kind, g.group),
        g.registered,
        g.waitlisted,
        g.cancelled,
        g.checkedIn,
        g.attended,
      ])}
    />
  );
}

export function ReportsPage({
  ctx,
  event,
  report,
}: {
  ctx: PageContext;
  event: EventWithOrganiser;
  report: EventReport;
}) {
  const t = tFor(ctx);
  const title = ctx.locale === "es" && event.titleEs ? event.titleEs : event.titleEn;
  const heading = t("reportsTitle", { title });
  const base = `${manageHref(event.slug)}/reports`;
  return (
    <Layout
      ctx={ctx}
      title={heading}
      breadcrumbs={eventsCrumbs(
        ctx,
        { label: title, href: eventHref(event.slug) },
        { label: t("manageLink"), href: manageHref(event.slug) },
        { label: t("cap_reports") },
      )}
    >
      <h1>{heading}</h1>
      <p>{t("reportsIntro")}</p>
      <p>
        <a href={`${base}.csv`}>{t("downloadCsv")}</a>
      </p>
      <h2>{t("reportByStakeholder")}</h2>
      <FiguresTable t={t} caption={t("reportByStakeholder")} kind="stakeholder" rows={report.byStakeholder} />
      <h2>{t("reportByState")}</h2>
      <FiguresTable t={t} caption={t("reportByState")} kind="state" rows={report.byState} />
      <h2>{t("colEvaluations")}</h2>
      {report.evaluations && report.evaluations.byStakeholder.length > 0 ? (
        <>
          <Table
            caption={`${t("colEvaluations")}: ${t("reportByStakeholder")}`}
            headers={[t("colGroup"), t("colEvaluations")]}
            rows={report.evaluations.byStakeholder.map((g) => [
              groupName(t, "stakeholder", g.group),
              g.evaluations,
            ])}
          />
          <Table
            caption={`${t("colEvaluations")}: ${t("reportByState")}`}
            headers={[t("colGroup"), t("colEvaluations")]}
            rows={report.evaluations.byState.map((g) => [groupName(t, "state", g.group), g.evaluations])}
          />
        </>
      ) : (
        <p>{t("reportsNothing")}</p>
      )}
      <h2>{t("reportCredits")}</h2>
      {report.credits && report.credits.length > 0 ? (
        <Table
          caption={t("reportCredits")}
          headers={[t("colCreditType"), t("colCertificates"), t("colHours")]}
          rows={report.credits.map((c) => [
            `${labelOf(t, "profession", c.profession)}: ${c.label}`,
            c.certificates,
            c.hours,
          ])}
        />
      ) : (
        <p>{t("reportsNothing")}</p>
      )}
    </Layout>
  );
}
