import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { STATES } from "../../../platform/geo/states";
import { formFieldsOf, parseForm } from "../../../platform/http/forms";
import { can } from "../../../platform/policy";
import {
  Button,
  ErrorSummary,
  Form,
  Pagination,
  SelectField,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { CommunityFilterQuery } from "../contracts";
import { COMMUNITY_KINDS, COMMUNITY_LEVELS, COMMUNITY_TOPICS } from "../schema";
import { communityName, communityPurpose, listCommunities } from "../service";
import { communityTags } from "../cache-tags";
import { crumbs, formValuesOf, label, Tag, tFor } from "../views/shared";

const PER_PAGE = 50;

/** The list of communities the visitor may see, with filters by kind, level, state, topic and name. */
export async function communityListPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // The filters are a form: a value it cannot take is shown beside its field (400), nothing filtered.
  const query = formFieldsOf(CommunityFilterQuery);
  r.get("/communities", { schema: { querystring: query }, config: { access: "public" } }, (request, reply) =>
    reply.cachedPage(async (ctx, deps) => {
      const t = tFor(ctx);
      deps.add(communityTags.anyCommunity);
      const form = parseForm(CommunityFilterQuery, request.query);
      const filters = form.ok ? form.value : {};
      const page = filters.page ?? 1;
      const actor = await request.actor();
      const { items, total } = await listCommunities(app.db, actor, filters, page, PER_PAGE);
      const labels = {
        kind: t("filterKind"),
        level: t("filterLevel"),
        state: t("filterState"),
        topic: t("filterTopic"),
        q: t("filterName"),
        page: "page",
      };
      const state = form.ok
        ? { locale: ctx.locale, values: formValuesOf(request.query) }
        : { locale: ctx.locale, values: form.values, errors: form.errors, labels };
      const qs = (p: number) => {
        const params = new URLSearchParams();
        if (form.ok)
          for (const [k, v] of Object.entries(formValuesOf(request.query)))
            for (const x of [v].flat()) params.append(k, x);
        params.set("page", String(p));
        return `/communities?${params}`;
      };
      reply.code(form.ok ? 200 : 400);
      return (
        <Layout ctx={ctx} title={t("communitiesTitle")} breadcrumbs={crumbs(ctx).slice(0, 2)}>
          <h1>{t("communitiesTitle")}</h1>
          <p class="usa-intro">{t("communitiesIntro")}</p>
          <ErrorSummary state={state} />
          <p>
            <a href="/communities/search">{t("searchTitle")}</a> · <a href="/agenda">{t("agendaNational")}</a>{" "}
            · <a href="/communities/reach">{t("reachLink")}</a>
            {can(actor, "community.create") ? (
              <>
                {" · "}
                <a href="/communities/new">{t("newCommunityLink")}</a>
              </>
            ) : null}
            {ctx.viewer ? (
              <>
                {" · "}
                <a href="/notifications">{t("notificationsTitle")}</a>
              </>
            ) : null}
          </p>
          <section
            aria-labelledby="filters-heading"
            class="border-1px border-base-lighter radius-md padding-2 margin-bottom-3"
          >
            <h2 id="filters-heading" class="margin-top-0">
              {t("filtersHeading")}
            </h2>
            <Form action="/communities" method="get">
              <div class="grid-row grid-gap">
                <div class="tablet:grid-col-4">
                  <SelectField
                    state={state}
                    name="kind"
                    label={t("filterKind")}
                    placeholder={t("filterAny")}
                    choices={COMMUNITY_KINDS.map((k) => ({ value: k, label: label(t, "kind", k) }))}
                  />
                </div>
                <div class="tablet:grid-col-4">
                  <SelectField
                    state={state}
                    name="level"
                    label={t("filterLevel")}
                    placeholder={t("filterAny")}
                    choices={COMMUNITY_LEVELS.map((k) => ({ value: k, label: label(t, "level", k) }))}
                  />
                </div>
                <div class="tablet:grid-col-4">
                  <SelectField
                    state={state}
                    name="state"
                    label={t("filterState")}
                    placeholder={t("filterAny")}
                    choices={STATES.map((s) => ({ value: s.code, label: s.name }))}
                  />
                </div>
                <div class="tablet:grid-col-4">
                  <SelectField
                    state={state}
                    name="topic"
                    label={t("filterTopic")}
                    placeholder={t("filterAny")}
                    choices={COMMUNITY_TOPICS.map((k) => ({ value: k, label: label(t, "topic", k) }))}
                  />
                </div>
                <div class="tablet:grid-col-4">
                  <TextField state={state} name="q" label={t("filterName")} type="search" maxLength={100} />
                </div>
              </div>
              <Button>{t("applyFilters")}</Button>
              <a class="usa-button usa-button--unstyled margin-left-2" href="/communities">
                {t("clearFilters")}
              </a>
            </Form>
          </section>
          <h2>{t("resultsCount", { count: total })}</h2>
          {items.length === 0 ? (
            <p>{t("noCommunities")}</p>
          ) : (
            <ul class="usa-list usa-list--unstyled">
              {items.map((c) => (
                <li class="margin-bottom-3 border-bottom border-base-lighter padding-bottom-2">
                  <h3 class="margin-bottom-05 font-heading-md">
                    <a href={`/communities/${c.slug}`}>{communityName(c, ctx.locale)}</a>
                  </h3>
                  <p class="margin-y-05">
                    <Tag>{label(t, "kind", c.kind)}</Tag>
                    <Tag>{label(t, "level", c.level)}</Tag>
                    {c.stateCode ? <Tag>{c.stateCode}</Tag> : null}
                    {c.visibility === "private" ? <Tag kind="warn">{t("visibility_private")}</Tag> : null}
                    <span class="margin-left-1">
                      {c.memberCount === 1 ? t("memberCountOne") : t("memberCount", { count: c.memberCount })}
                    </span>
                  </p>
                  <p class="margin-top-05">{communityPurpose(c, ctx.locale)}</p>
                </li>
              ))}
            </ul>
          )}
          <Pagination locale={ctx.locale} page={page} pages={Math.ceil(total / PER_PAGE)} hrefFor={qs} />
        </Layout>
      );
    }),
  );
}
