import { formFieldsOf } from "../../../platform/http/forms";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifyInstance } from "fastify";
import sanitizeHtml from "sanitize-html";
import type { FormState } from "../../../platform/ui/components";
import {
  Button,
  ErrorSummary,
  Form,
  Pagination,
  SelectField,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { SearchQuery } from "../contracts";
import { searchPosts } from "./service";
import { communityChoicesFor, communityName } from "../service";
import { crumbs, Time, tFor } from "../views/shared";

/** Full-text search of the topics and posts the visitor may read, in English and Spanish. */
export async function searchPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // A search form: what is wrong with it is shown beside the field, with the words kept.
  const query = formFieldsOf(SearchQuery);
  r.get(
    "/communities/search",
    { schema: { querystring: query }, config: { access: "public" } },
    async (request, reply) => {
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      const actor = await request.actor();
      const raw: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.query))
        if (typeof v === "string" && v.trim() !== "") raw[k] = v;
      const asked = "q" in raw;
      const converted = Value.Convert(SearchQuery, raw);
      const search = asked && Value.Check(SearchQuery, converted) ? converted : null;
      const valid = search !== null;
      const results = search ? await searchPosts(app.db, actor, search) : null;
      const communityChoices = await communityChoicesFor(app.db, actor);
      const state: FormState = {
        locale: ctx.locale,
        values: raw,
        errors: asked && !valid ? { q: { code: "invalid" } } : undefined,
        labels: { q: t("searchLabel") },
      };
      const href = (p: number) => {
        const params = new URLSearchParams(raw);
        params.set("page", String(p));
        return `/communities/search?${params}`;
      };
      return reply.page(
        <Layout ctx={ctx} title={t("searchTitle")} breadcrumbs={crumbs(ctx, { label: t("searchTitle") })}>
          <h1>{t("searchTitle")}</h1>
          <ErrorSummary state={state} />
          <Form action="/communities/search" method="get">
            <TextField
              state={state}
              name="q"
              type="search"
              label={t("searchLabel")}
              hint={t("searchHint")}
              required
              maxLength={200}
            />
            <SelectField
              state={state}
              name="community"
              label={t("searchCommunity")}
              placeholder={t("filterAny")}
              choices={communityChoices.map((c) => ({ value: c.slug, label: communityName(c, ctx.locale) }))}
            />
            <div class="grid-row grid-gap">
              <div class="tablet:grid-col-6">
                <TextField
                  state={state}
                  name="from"
                  type="date"
                  label={t("searchFrom")}
                  hint={t("dateHint")}
                />
              </div>
              <div class="tablet:grid-col-6">
                <TextField state={state} name="to" type="date" label={t("searchTo")} hint={t("dateHint")} />
              </div>
            </div>
            <Button>{t("searchButton")}</Button>
          </Form>
          {results && search ? (
            <section aria-labelledby="results-heading" class="margin-top-4">
              <h2 id="results-heading">{t("searchResults", { count: results.total, q: search.q })}</h2>
              {results.limited ? <p class="usa-hint">{t("searchLimited")}</p> : null}
              {results.items.length === 0 ? <p>{t("searchNone")}</p> : null}
              <ol class="usa-list usa-list--unstyled">
                {results.items.map((r) => (
                  <li class="border-top border-base-lighter padding-y-2">
                    <h3 class="font-heading-sm margin-y-05">
                      <a href={`/communities/posts/${r.postId}`}>{r.topicTitle}</a>
                    </h3>
                    <p class="font-body-3xs text-base margin-y-05">
                      {ctx.locale === "es" ? r.communityNameEs : r.communityNameEn} ·{" "}
                      <Time locale={ctx.locale} date={r.createdAt} />
                    </p>
                    {/* ts_headline over escaped text adds only <mark>; the allow-list makes sure of it. */}
                    <p
                      class="margin-top-05"
                      dangerouslySetInnerHTML={{
                        __html: sanitizeHtml(r.snippet, { allowedTags: ["mark"], allowedAttributes: {} }),
                      }}
                    />
                  </li>
                ))}
              </ol>
              <Pagination locale={ctx.locale} page={search.page ?? 1} pages={results.pages} hrefFor={href} />
            </section>
          ) : null}
        </Layout>,
        asked && !valid ? 400 : 200,
      );
    },
  );
}
