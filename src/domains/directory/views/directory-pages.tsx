import type { FieldErrors } from "../../../platform/http/forms";
import { STATES, stateName } from "../../../platform/geo/states";
import { Pagination, Table } from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { gradeSpan } from "../labels";
import type { ChildRow, Organisation, Paged, StateCounts } from "../service";
import { DemoTag, orgHref, SchoolSearchForm, tr, withQuery } from "./common";
import { formatNumber } from "../../../platform/i18n/formats";

const number = (ctx: PageContext, n: number) => formatNumber(ctx.locale, n);

export function DirectoryHome({ ctx, counts }: { ctx: PageContext; counts: StateCounts[] }) {
  const t = tr(ctx);
  const byCode = new Map(counts.map((c) => [c.stateCode, c]));
  return (
    <Layout
      ctx={ctx}
      title={t("directory")}
      breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("directory") }]}
    >
      <h1>{t("directoryTitle")}</h1>
      <p class="usa-intro">{t("directoryIntro")}</p>
      <h2>{t("findSchool")}</h2>
      <SchoolSearchForm ctx={ctx} />
      <p>
        <a href="/directory/partners">{t("partnersLink")}</a>
      </p>
      <h2>{t("statesHeading")}</h2>
      <Table
        caption={t("statesCaption")}
        headers={[t("colName"), t("colDistricts"), t("colSchools")]}
        rows={STATES.map((s) => {
          const c = byCode.get(s.code);
          return [
            <>
              <a href={`/directory/states/${s.code}`}>{s.name}</a>
              {s.territory ? <span class="smh-meta"> ({t("territory")})</span> : null}
            </>,
            number(ctx, c?.districts ?? 0),
            number(ctx, c?.schools ?? 0),
          ];
        })}
      />
    </Layout>
  );
}

export function StatePage(props: {
  ctx: PageContext;
  state: Organisation;
  districts: Paged<ChildRow>;
  initiatives: Organisation[];
}) {
  const { ctx, state, districts } = props;
  const t = tr(ctx);
  const name = state.name;
  const pages = Math.max(1, Math.ceil(districts.total / districts.perPage));
  return (
    <Layout
      ctx={ctx}
      title={name}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("directory"), href: "/directory" },
        { label: name },
      ]}
    >
      <h1>{name}</h1>
      <p>
        <a href={`/organisations/${state.id}`}>{t("stateProfileLink", { state: name })}</a>
      </p>
      <SchoolSearchForm ctx={ctx} state={state.stateCode ?? undefined} />
      <h2>{t("stateDistrictsHeading")}</h2>
      {districts.total === 0 ? (
        <p>{t("noDistricts", { state: name })}</p>
      ) : (
        <>
          <Table
            caption={t("stateDistrictsCaption", { state: name })}
            headers={[t("colName"), t("colNcesId"), t("colSchools")]}
            rows={districts.items.map((d) => [
              <>
                <a href={`/organisations/${d.id}`}>{d.name}</a>
                <DemoTag org={d} t={t} />
              </>,
              d.ncesId ?? "",
              number(ctx, d.childCount),
            ])}
          />
          <Pagination
            locale={ctx.locale}
            page={districts.page}
            pages={pages}
            hrefFor={(p) => withQuery(`/directory/states/${state.stateCode}`, { page: p })}
          />
        </>
      )}
      <h2>{t("stateInitiativesHeading")}</h2>
      {props.initiatives.length === 0 ? (
        <p>{t("noInitiatives", { state: name })}</p>
      ) : (
        <ul class="usa-list">
          {props.initiatives.map((i) => (
            <li>
              <a href={`/organisations/${i.id}`}>{i.name}</a>
              <DemoTag org={i} t={t} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function SchoolSearchPage(props: {
  ctx: PageContext;
  q: string;
  state?: string;
  results: Paged<Organisation> | null;
  errors?: FieldErrors;
}) {
  const { ctx, results } = props;
  const t = tr(ctx);
  const pages = results ? Math.max(1, Math.ceil(results.total / results.perPage)) : 1;
  return (
    <Layout
      ctx={ctx}
      title={t("schoolsTitle")}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("directory"), href: "/directory" },
        { label: t("schoolsTitle") },
      ]}
    >
      <h1>{t("schoolsTitle")}</h1>
      <SchoolSearchForm ctx={ctx} q={props.q} state={props.state} errors={props.errors} />
      {!results ? (
        <p>{t("searchPrompt")}</p>
      ) : (
        <>
          <h2 aria-live="polite">
            {results.total === 0
              ? t("resultsNone")
              : results.total === 1
                ? t("resultsCountOne")
                : t("resultsCount", { count: number(ctx, results.total) })}
          </h2>
          {results.total > 0 ? (
            <>
              <Table
                caption={t("resultsCaption", { page: results.page })}
                captionHidden
                headers={[t("colName"), t("colCity"), t("colState"), t("colNcesId"), t("colGrades")]}
                rows={results.items.map((s) => [
                  <>
                    <a href={`/organisations/${s.id}`}>{s.name}</a>
                    <DemoTag org={s} t={t} />
                  </>,
                  s.city ?? "",
                  stateName(s.stateCode),
                  s.ncesId ?? "",
                  gradeSpan(s.gradeLow, s.gradeHigh, ctx.locale),
                ])}
              />
              <Pagination
                locale={ctx.locale}
                page={results.page}
                pages={pages}
                hrefFor={(p) => withQuery("/directory/schools", { q: props.q, state: props.state, page: p })}
              />
            </>
          ) : null}
        </>
      )}
    </Layout>
  );
}

export function PartnersPage(props: {
  ctx: PageContext;
  partners: Organisation[];
  initiatives: Organisation[];
}) {
  const { ctx } = props;
  const t = tr(ctx);
  const byState = new Map<string, Organisation[]>();
  for (const i of props.initiatives) {
    const key = i.stateCode ?? "";
    byState.set(key, [...(byState.get(key) ?? []), i]);
  }
  return (
    <Layout
      ctx={ctx}
      title={t("partnersTitle")}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("directory"), href: "/directory" },
        { label: t("partnersTitle") },
      ]}
    >
      <h1>{t("partnersTitle")}</h1>
      <p class="usa-intro">{t("partnersIntro")}</p>
      <h2>{t("partnersHeading")}</h2>
      {props.partners.length === 0 ? (
        <p>{t("noPartners")}</p>
      ) : (
        <ul class="usa-list">
          {props.partners.map((p) => (
            <li>
              <a href={orgHref(p)}>{p.name}</a>
              <DemoTag org={p} t={t} />
              {p.description ? <span class="smh-meta"> — {p.description}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>{t("initiativesHeading")}</h2>
      {props.initiatives.length === 0 ? (
        <p>{t("noInitiativesAny")}</p>
      ) : (
        [...byState].map(([code, items]) => (
          <>
            <h3>{stateName(code)}</h3>
            <ul class="usa-list">
              {items.map((i) => (
                <li>
                  <a href={`/organisations/${i.id}`}>{i.name}</a>
                  <DemoTag org={i} t={t} />
                </li>
              ))}
            </ul>
          </>
        ))
      )}
    </Layout>
  );
}
