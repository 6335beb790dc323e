import { translator } from "../../../../platform/i18n";
import { ActionButton, Alert, Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import type { MembershipSummary } from "../../../teams/service";
import { measuresCatalog } from "../../messages";
import type { ResponseSummary } from "../service";
import { formatDate } from "../../views/fields";
import { orgCrumbs, statusText } from "./response-pages";

export function dashboardHref(org: { id: string; kind: string }): string | null {
  if (org.kind === "district") return `/measures/dashboards/district/${org.id}`;
  if (org.kind === "state") return `/measures/dashboards/state/${org.id}`;
  if (org.kind === "nation") return "/measures/dashboards/national";
  return null;
}

export function HubPage(props: { ctx: PageContext; memberships: MembershipSummary[]; isAdmin: boolean }) {
  const { ctx } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const answering = props.memberships.filter(
    (m) => m.organisationKind === "school" || m.organisationKind === "district",
  );
  const dashboards = props.memberships
    .map((m) => ({
      name: m.organisationName,
      href: dashboardHref({ id: m.organisationId, kind: m.organisationKind }),
      kind: m.organisationKind,
    }))
    .filter((d) => d.href);
  if (props.isAdmin && !dashboards.some((d) => d.kind === "nation")) {
    dashboards.push({ name: t("nationalView"), href: "/measures/dashboards/national", kind: "nation" });
  }
  return (
    <Layout
      ctx={ctx}
      title={t("hubTitle")}
      breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("hubTitle") }]}
    >
      <h1>{t("hubTitle")}</h1>
      <p class="usa-intro">{t("hubIntro")}</p>
      <h2>{t("hubYourTeams")}</h2>
      {answering.length === 0 ? (
        <p>{t("hubNoTeams")}</p>
      ) : (
        <ul class="usa-list">
          {answering.map((m) => (
            <li>
              <a href={`/measures/orgs/${m.organisationId}`}>{m.organisationName}</a>
            </li>
          ))}
        </ul>
      )}
      {dashboards.length > 0 ? (
        <>
          <h2>{t("hubDashboards")}</h2>
          <ul class="usa-list">
            {dashboards.map((d) => (
              <li>
                <a href={d.href!}>
                  {d.kind === "district"
                    ? t("districtDashboard")
                    : d.kind === "state"
                      ? t("stateDashboard")
                      : t("nationalView")}
                  {d.kind !== "nation" ? `: ${d.name}` : ""}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

export function OrganisationPage(props: {
  ctx: PageContext;
  organisation: Organisation;
  schoolYear: string;
  years: string[];
  responses: ResponseSummary[];
  canWrite: boolean;
}) {
  const { ctx, organisation, schoolYear } = props;
  const t = translator(measuresCatalog, ctx.locale);
  const ofYear = props.responses.filter((r) => r.schoolYear === schoolYear);
  const profile = ofYear.find((r) => r.instrumentKey === "profile");
  const assessments = ofYear
    .filter((r) => r.instrumentKey === "quality")
    .sort((a, b) => a.timePoint - b.timePoint);
  const openAssessment = assessments.find((a) => a.status === "draft");
  const startAction = `/measures/orgs/${organisation.id}/start`;
  const dashboard = dashboardHref(organisation);
  return (
    <Layout
      ctx={ctx}
      title={organisation.name}
      breadcrumbs={orgCrumbs(ctx, organisation).slice(0, 2).concat({ label: organisation.name })}
    >
      <h1>{organisation.name}</h1>
      {!props.canWrite ? (
        <Alert kind="info" slim>
          {t("readOnlyNote")}
        </Alert>
      ) : null}
      {dashboard ? (
        <p>
          <a href={dashboard}>{t("districtDashboard")}</a>
        </p>
      ) : null}
      <form method="get" action={`/measures/orgs/${organisation.id}`} class="usa-form">
        <label class="usa-label" for="year">
          {t("orgSchoolYear")}
        </label>
        <select class="usa-select" id="year" name="year">
          {props.years.map((y) => (
            <option value={y} selected={y === schoolYear}>
              {y}
            </option>
          ))}
        </select>
        <button type="submit" class="usa-button usa-button--outline margin-top-1">
          {t("orgShowYear")}
        </button>
      </form>

      <h2>{t("orgProfileHeading")}</h2>
      <p>{t("orgProfileIntro")}</p>
      <p>
        {t("colStatus")}: <strong>{statusText(profile?.status ?? null, ctx.locale)}</strong>
        {profile?.submittedAt ? ` (${formatDate(profile.submittedAt, ctx.locale)})` : ""}
      </p>
      {profile ? (
        <p>
          <a class="usa-button usa-button--outline" href={`/measures/responses/${profile.id}`}>
            {profile.status === "draft" && props.canWrite ? t("orgContinue") : t("orgView")}
          </a>
        </p>
      ) : props.canWrite ? (
        <ActionButton
          action={startAction}
          csrfToken={ctx.csrfToken}
          label={t("orgStartProfile")}
          hidden={{ instrument: "profile", schoolYear }}
        />
      ) : null}

      <h2>{t("orgAssessmentHeading")}</h2>
      <p>{t("orgAssessmentIntro")}</p>
      {assessments.length === 0 ? (
        <p>{t("orgNoAssessments")}</p>
      ) : (
        <Table
          caption={t("orgAssessmentHeading")}
          captionHidden
          headers={[t("colTimePoint"), t("colStatus"), t("colSubmitted"), t("colActions")]}
          rows={assessments.map((a) => [
            t("orgTimePoint", { n: a.timePoint }),
            statusText(a.status, ctx.locale),
            a.submittedAt ? formatDate(a.submittedAt, ctx.locale) : "—",
            <>
              <a href={`/measures/responses/${a.id}`}>
                {a.status === "draft" && props.canWrite ? t("orgContinue") : t("orgView")}
              </a>
              {a.status === "submitted" ? (
                <>
                  {" · "}
                  <a href={`/measures/responses/${a.id}/report`}>{t("orgReport")}</a>
                </>
              ) : null}
            </>,
          ])}
        />
      )}
      {props.canWrite ? (
        <ActionButton
          action={startAction}
          csrfToken={ctx.csrfToken}
          label={openAssessment ? t("orgContinueAssessment") : t("orgStartAssessment")}
          hidden={{ instrument: "quality", schoolYear }}
        />
      ) : null}
    </Layout>
  );
}
