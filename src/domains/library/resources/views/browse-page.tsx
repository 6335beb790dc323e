import { Alert, Button, Pagination } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { LIBRARY_SORTS, type LibraryFilters } from "../contracts";
import type { Facets, ResourceRow } from "../repo";
import { Day, labelOf, libraryCrumbs, resourceHref, shelfName, type T, tFor } from "./shared";

type FacetName = keyof Facets;
const FACETS: FacetName[] = ["type", "domain", "tier", "audience", "language", "state", "group", "year"];

export interface BrowseView {
  filters: LibraryFilters;
  /** The raw query as asked (kept in the form and the page links). */
  query: URLSearchParams;
  invalid: boolean;
  items: ResourceRow[];
  total: number;
  pages: number;
  facets: Facets;
  groupNames: Map<string, { en: string; es: string }>;
  canEdit: boolean;
}

function facetLabel(t: T, facet: FacetName, value: string, view: BrowseView, locale: "en" | "es") {
  if (facet === "state" || facet === "year") return value;
  if (facet === "group") return view.groupNames.get(value)?.[locale] ?? value;
  return labelOf(t, facet === "type" ? "type" : facet, value);
}

function selectedOf(filters: LibraryFilters, facet: FacetName): string[] {
  const list = (filters as Record<string, unknown[] | undefined>)[facet];
  return (list ?? []).map(String);
}

/** One facet as a group of checkboxes, each value with how many results it holds. */
function FacetGroup(props: { ctx: PageContext; facet: FacetName; view: BrowseView }) {
  const t = tFor(props.ctx);
  const selected = selectedOf(props.view.filters, props.facet);
  const counts = props.view.facets[props.facet];
  const values = [
    ...counts.map((c) => c.value),
    ...selected.filter((s) => !counts.some((c) => c.value === s)),
  ];
  if (values.length === 0) return null;
  const countOf = (v: string) => counts.find((c) => c.value === v)?.count ?? 0;
  return (
    <fieldset class="usa-fieldset margin-top-2">
      <legend class="usa-legend usa-legend text-bold margin-top-0">{t(`facet_${props.facet}`)}</legend>
      {values.map((value, i) => {
        const id = `facet-${props.facet}-${i}`;
        return (
          <div class="usa-checkbox">
            <input
              class="usa-checkbox__input"
              id={id}
              type="checkbox"
              name={props.facet}
              value={value}
              checked={selected.includes(value)}
            />
            <label class="usa-checkbox__label margin-top-1" for={id}>
              {t("facetCount", {
                label: facetLabel(t, props.facet, value, props.view, props.ctx.locale),
                count: countOf(value),
              })}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

function ResultItem({ ctx, row }: { ctx: PageContext; row: ResourceRow }) {
  const t = tFor(ctx);
  return (
    <li class="border-top border-base-lighter padding-y-2">
      <h3 class="font-heading-md margin-y-05">
        <a href={resourceHref(row.slug)} lang={row.language === ctx.locale ? undefined : row.language}>
          {row.title}
        </a>
      </h3>
      <p class="font-body-2xs text-base-dark margin-y-05">
        {labelOf(t, "type", row.type)} · {labelOf(t, "language", row.language)} ·{" "}
        {shelfName(t, row, ctx.locale)}
        {row.publishedAt ? (
          <>
            {" · "}
            <Day locale={ctx.locale} date={row.publishedAt} />
          </>
        ) : null}
        {row.communityOnly ? (
          <>
            {" "}
            <span class="usa-tag bg-secondary-dark">{t("communityOnly")}</span>
          </>
        ) : null}
      </p>
      <p class="margin-y-05 measure-5" lang={row.language === ctx.locale ? undefined : row.language}>
        {plainSummary(row.summary)}
      </p>
    </li>
  );
}

/** The summary's first words as plain text (the list shows no Markdown). */
function plainSummary(markdown: string) {
  const text = markdown
    .replace(/[*_`#>[\]()]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 260 ? `${text.slice(0, 257)}…` : text;
}

export function BrowsePage({ ctx, view }: { ctx: PageContext; view: BrowseView }) {
  const t = tFor(ctx);
  const q = view.filters.q ?? "";
  const sort = view.filters.sort ?? (q ? "relevance" : "newest");
  const hrefFor = (page: number) => {
    const params = new URLSearchParams(view.query);
    params.set("page", String(page));
    return `/library?${params}`;
  };
  return (
    <Layout
      ctx={ctx}
      title={t("libraryTitle")}
      description={t("libraryIntro")}
      breadcrumbs={libraryCrumbs(ctx)}
    >
      <h1>{t("libraryTitle")}</h1>
      <p class="usa-intro">{t("libraryIntro")}</p>
      <nav aria-label={t("libraryParts")}>
        <ul class="usa-list usa-list--unstyled display-flex flex-wrap">
          <li class="margin-right-3">
            <a href="/library/measures">{t("partCatalogue")}</a>
          </li>
          <li class="margin-right-3">
            <a href="/library/announcements">{t("partAnnouncements")}</a>
          </li>
          {ctx.viewer ? (
            <li>
              <a href="/library/reach">{t("partReach")}</a>
            </li>
          ) : null}
        </ul>
      </nav>
      {view.canEdit ? (
        <p>
          <a href="/library/editing">{t("editorTitle")}</a>
        </p>
      ) : null}
      {view.invalid ? (
        <Alert kind="error" slim>
          {t("badQuery")}
        </Alert>
      ) : null}
      <form method="get" action="/library" class="usa-form maxw-none">
        <div class="grid-row grid-gap">
          <div class="tablet:grid-col-8">
            <label class="usa-label" for="library-q">
              {t("searchLabel")}
            </label>
            <div class="usa-hint" id="library-q-hint">
              {t("searchHint")}
            </div>
            <input
              class="usa-input maxw-none"
              id="library-q"
              name="q"
              type="search"
              value={q}
              maxLength={200}
              aria-describedby="library-q-hint"
            />
          </div>
          <div class="tablet:grid-col-4">
            <label class="usa-label" for="library-sort">
              {t("sortLabel")}
            </label>
            <select class="usa-select" id="library-sort" name="sort">
              {LIBRARY_SORTS.map((s) => (
                <option value={s} selected={s === sort}>
                  {t(`sort_${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <Button>{t("searchButton")}</Button>
        <div class="grid-row grid-gap margin-top-4">
          <section class="tablet:grid-col-4" aria-labelledby="filters-heading">
            <h2 id="filters-heading" class="font-heading-lg">
              {t("filtersHeading")}
            </h2>
            {FACETS.map((facet) => (
              <FacetGroup ctx={ctx} facet={facet} view={view} />
            ))}
            <div class="margin-top-2">
              <Button variant="outline">{t("applyFilters")}</Button>
              <a href="/library" class="display-block margin-top-1">
                {t("clearFilters")}
              </a>
            </div>
          </section>
          <section class="tablet:grid-col-8" aria-labelledby="results-heading">
            <h2 id="results-heading" class="font-heading-lg">
              {q ? t("resultsFor", { count: view.total, q }) : t("resultsCount", { count: view.total })}
            </h2>
            {view.items.length === 0 ? <p>{t("noResults")}</p> : null}
            <ul class="usa-list usa-list--unstyled">
              {view.items.map((row) => (
                <ResultItem ctx={ctx} row={row} />
              ))}
            </ul>
            <Pagination
              locale={ctx.locale}
              page={view.filters.page ?? 1}
              pages={view.pages}
              hrefFor={hrefFor}
            />
          </section>
        </div>
      </form>
    </Layout>
  );
}
