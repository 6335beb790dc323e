import { translator } from "../../../../platform/i18n";
import { formatNumber } from "../../../../platform/i18n/formats";
import { ActionButton, Pagination, Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import type { ListedSchool } from "../../dashboards/school-list";
import { measuresCatalog } from "../../messages";
import { followupCatalog } from "../messages";
import type { Lead } from "../service";

export const FOLLOWUP_PER_PAGE = 50;

export function FollowUpPage(props: {
  ctx: PageContext;
  scope: Organisation;
  schoolYear: string;
  total: number;
  schools: ListedSchool[];
  /** Leads per school, for the schools whose team the viewer may read (absent: not shown). */
  leads: Map<string, Lead[]>;
  page: number;
  dashboardHref: string;
  remindAction: string;
  pageHref: (page: number) => string;
}) {
  const { ctx, scope } = props;
  const t = translator(followupCatalog, ctx.locale);
  const m = translator(measuresCatalog, ctx.locale);
  const n = (v: number) => formatNumber(ctx.locale, v);
  const title = t("title", { name: scope.name });
  const pages = Math.max(1, Math.ceil(props.schools.length / FOLLOWUP_PER_PAGE));
  const page = Math.min(Math.max(1, props.page), pages);
  const shown = props.schools.slice((page - 1) * FOLLOWUP_PER_PAGE, page * FOLLOWUP_PER_PAGE);
  const isDistrict = scope.kind === "district";
  const leadsCell = (school: ListedSchool) => {
    const leads = props.leads.get(school.id);
    if (!leads) return t("noLead");
    return (
      <ul class="usa-list usa-list--unstyled">
        {leads.map((l) => (
          <li>
            {l.name} (<a href={`mailto:${l.email}`}>{l.email}</a>)
          </li>
        ))}
      </ul>
    );
  };
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: m("home"), href: "/" },
        { label: m("measures"), href: "/measures" },
        {
          label: isDistrict
            ? m("dashDistrictTitle", { name: scope.name })
            : m("dashStateTitle", { name: scope.name }),
          href: props.dashboardHref,
        },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <p>{t("intro", { name: scope.name, year: props.schoolYear })}</p>
      {props.schools.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <>
          <p>{t("count", { n: n(props.schools.length), total: n(props.total) })}</p>
          <ActionButton
            action={props.remindAction}
            csrfToken={ctx.csrfToken}
            label={t("remind", { n: n(props.schools.length) })}
          />
          <Table
            caption={t("caption", { page, pages })}
            headers={[
              t("colSchool"),
              ...(isDistrict ? [] : [t("colDistrict")]),
              t("colMissing"),
              t("colLeads"),
            ]}
            rows={shown.map((s) => [
              <a href={`/measures/orgs/${s.id}?year=${props.schoolYear}`}>{s.name}</a>,
              ...(isDistrict ? [] : [s.districtName ?? ""]),
              [
                s.profile !== "submitted" ? t("missingProfile") : null,
                s.assessment !== "submitted" ? t("missingAssessment") : null,
              ]
                .filter(Boolean)
                .join(", "),
              leadsCell(s),
            ])}
          />
          <Pagination locale={ctx.locale} page={page} pages={pages} hrefFor={props.pageHref} />
        </>
      )}
    </Layout>
  );
}
