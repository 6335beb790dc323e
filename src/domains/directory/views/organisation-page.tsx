import { stateName } from "../../../platform/geo/states";
import { Pagination, Table } from "../../../platform/ui/components";
import type { Crumb, PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { describeLocale, gradeSpan, kindLabel } from "../labels";
import type { ChildRow, Organisation, Paged } from "../service";
import { DemoTag, orgHref, tr, type T, withQuery } from "./common";
import { formatNumber } from "../../../platform/i18n/formats";

export interface TeamAccess {
  /** The viewer may see the team (own team or a level above). */
  canSeeTeam: boolean;
  /** The viewer is on this organisation's own team. */
  isMember: boolean;
  /** The viewer may ask to join (signed in, email confirmed, not a member). */
  canRequestJoin: boolean;
  isAdmin: boolean;
}

function crumbsFor(t: T, org: Organisation, ancestors: Organisation[]): Crumb[] {
  const crumbs: Crumb[] = [
    { label: t("home"), href: "/" },
    { label: t("directory"), href: "/directory" },
  ];
  for (const a of ancestors) if (a.kind !== "nation") crumbs.push({ label: a.name, href: orgHref(a) });
  crumbs.push({ label: org.name });
  return crumbs;
}

function Details({
  ctx,
  t,
  org,
  parent,
}: {
  ctx: PageContext;
  t: T;
  org: Organisation;
  parent?: Organisation;
}) {
  const rows: [string, preact.ComponentChildren][] = [[t("kind"), kindLabel(org.kind, ctx.locale)]];
  const street = [org.address, org.city, [org.stateCode, org.zip].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
  if (street) rows.push([t("address"), street]);
  else if (org.stateCode && org.kind !== "state") rows.push([t("state"), stateName(org.stateCode)]);
  if (org.ncesId) rows.push([t("ncesId"), org.ncesId]);
  const grades = gradeSpan(org.gradeLow, org.gradeHigh, ctx.locale);
  if (grades) rows.push([t("grades"), grades]);
  if (org.locale) rows.push([t("localeCode"), `${describeLocale(org.locale, ctx.locale)} (${org.locale})`]);
  if (org.enrollment !== null) rows.push([t("enrollment"), formatNumber(ctx.locale, org.enrollment)]);
  if (org.website) rows.push([t("website"), <a href={org.website}>{org.website}</a>]);
  if (parent && parent.kind !== "nation")
    rows.push([t("partOf"), <a href={orgHref(parent)}>{parent.name}</a>]);
  return (
    <dl class="smh-details" aria-label={t("detailsCaption", { name: org.name })}>
      {rows.map(([term, value]) => (
        <div class="margin-bottom-1">
          <dt class="text-bold display-inline">{term}: </dt>
          <dd class="display-inline margin-left-0">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function TeamSection({
  ctx,
  t,
  org,
  access,
}: {
  ctx: PageContext;
  t: T;
  org: Organisation;
  access: TeamAccess;
}) {
  return (
    <>
      {access.canSeeTeam ? (
        <section aria-labelledby="team-heading">
          <h2 id="team-heading">{t("teamHeading")}</h2>
          <p>{t("teamIntro")}</p>
          <p>
            <a class="usa-button" href={`/organisations/${org.id}/team`}>
              {t("teamLink", { name: org.name })}
            </a>
          </p>
        </section>
      ) : null}
      {!access.isMember ? (
        <section aria-labelledby="join-heading">
          <h2 id="join-heading">{t("joinHeading")}</h2>
          <p>{t("joinIntro")}</p>
          {!ctx.viewer ? (
            <p>
              <a
                class="usa-button usa-button--outline"
                href={withQuery("/sign-in", { next: `/organisations/${org.id}` })}
              >
                {t("signInToJoin")}
              </a>
            </p>
          ) : access.canRequestJoin ? (
            <form method="post" action={`/organisations/${org.id}/join-requests`} class="smh-inline-form">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <button type="submit" class="usa-button">
                {t("joinButton")}
              </button>
            </form>
          ) : (
            <p>{t("joinVerify")}</p>
          )}
        </section>
      ) : null}
    </>
  );
}

export function OrganisationPage(props: {
  ctx: PageContext;
  org: Organisation;
  ancestors: Organisation[];
  children: Paged<ChildRow> | null;
  access: TeamAccess;
}) {
  const { ctx, org, children, access } = props;
  const t = tr(ctx);
  const parent = props.ancestors.at(-1);
  const pages = children ? Math.max(1, Math.ceil(children.total / children.perPage)) : 1;
  return (
    <Layout ctx={ctx} title={org.name} breadcrumbs={crumbsFor(t, org, props.ancestors)}>
      <h1>
        {org.name}
        <DemoTag org={org} t={t} />
      </h1>
      {org.isDemo ? <p class="smh-meta">{t("demoNote")}</p> : null}
      {org.description ? <p class="usa-intro">{org.description}</p> : null}
      <Details ctx={ctx} t={t} org={org} parent={parent} />
      {org.kind === "state" ? (
        <p>
          <a href={`/directory/states/${org.stateCode}`}>{t("districtsOfState", { state: org.name })}</a>
        </p>
      ) : null}
      {access.isAdmin ? (
        <ul class="usa-list usa-list--unstyled margin-y-2">
          {org.kind !== "nation" ? (
            <li>
              <a href={`/admin/organisations/${org.id}/edit`}>{t("adminEdit")}</a>
            </li>
          ) : null}
          {org.kind === "district" ? (
            <li>
              <a href={withQuery("/admin/organisations/new", { kind: "school", parentId: org.id })}>
                {t("adminAddSchool")}
              </a>
            </li>
          ) : null}
          {org.kind === "state" ? (
            <li>
              <a href={withQuery("/admin/organisations/new", { kind: "district", stateCode: org.stateCode })}>
                {t("adminAddDistrict")}
              </a>
            </li>
          ) : null}
        </ul>
      ) : null}
      <TeamSection ctx={ctx} t={t} org={org} access={access} />
      {children ? (
        <section aria-labelledby="schools-heading">
          <h2 id="schools-heading">{t("schoolsHeading")}</h2>
          {children.total === 0 ? (
            <p>{t("noSchools")}</p>
          ) : (
            <>
              <Table
                caption={t("schoolsCaption", { name: org.name })}
                headers={[t("colName"), t("colCity"), t("colGrades"), t("colNcesId")]}
                rows={children.items.map((s) => [
                  <>
                    <a href={`/organisations/${s.id}`}>{s.name}</a>
                    <DemoTag org={s} t={t} />
                  </>,
                  s.city ?? "",
                  gradeSpan(s.gradeLow, s.gradeHigh, ctx.locale),
                  s.ncesId ?? "",
                ])}
              />
              <Pagination
                locale={ctx.locale}
                page={children.page}
                pages={pages}
                hrefFor={(p) => withQuery(`/organisations/${org.id}`, { page: p })}
              />
            </>
          )}
        </section>
      ) : null}
    </Layout>
  );
}
