import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formFieldsOf, parseForm } from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { can } from "../../../platform/policy";
import type { FormState } from "../../../platform/ui/components";
import {
  ActionButton,
  Button,
  ErrorSummary,
  Form,
  Pagination,
  SelectField,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import {
  ReplyInput,
  SlugParams,
  TopicInput,
  TopicLeadInput,
  TopicPageQuery,
  TopicParams,
  TopicWatchInput,
} from "../contracts";
import { requireActor } from "../api-shared";
import { POSTS_PER_PAGE, type PostView, sharedPostPages } from "./service";
import { communitiesLedBy, openTopic, setTopicWatch, topicWatchOf, updateTopicAsLead } from "./topic-actions";
import { createTopic, replyToTopic } from "./posts";
import { quoteMarkdown } from "./markdown";
import { communityName } from "../service";
import { communityBySlug, communityOf, dependenciesOf, readable, topicById, topicOf } from "../route-params";
import { communityTags } from "../cache-tags";
import { communityCrumbs, formProblem, PostBodyField, Tag, Time, tFor, type T } from "../views/shared";

/** Starting a topic, the topic page with its posts and reply form, following, and the leads' pin/close/move. */
/** A topic's address under its community's current address. */
const topicPath = (view: { community: { slug: string } }, topic: { id: string }) =>
  `/communities/${view.community.slug}/topics/${topic.id}`;

export async function topicPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const postPages = sharedPostPages(app.caches);
  // --- New topic ------------------------------------------------------------------------------
  const newTopic = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await requireActor(request);
    const view = communityOf(request);
    const t = tFor(request);
    let state: FormState = { locale: request.locale };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(TopicInput, request.body);
      if (form.ok) {
        const { topic } = await createTopic(app.db, actor, view, form.value, app.config.publicUrl);
        reply.flash("success", topic.status === "pending" ? t("topicPending") : t("topicCreated"));
        return reply.redirect(topicPath(view, topic), 303);
      }
      state = {
        locale: request.locale,
        values: form.values,
        errors: form.errors,
        labels: { title: t("topicTitleLabel"), body: t("bodyLabel") },
      };
      status = 400;
    }
    const ctx = reply.pageContext();
    const name = communityName(view.community, ctx.locale);
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("newTopicTitle", { name })}
        breadcrumbs={communityCrumbs(ctx, view.community, { label: t("startTopic") })}
      >
        <h1>{t("newTopicTitle", { name })}</h1>
        <ErrorSummary state={state} />
        <Form action={`/communities/${view.community.slug}/topics/new`} csrfToken={ctx.csrfToken}>
          <TextField state={state} name="title" label={t("topicTitleLabel")} required maxLength={200} />
          <PostBodyField state={state} t={t} />
          <Button>{t("postTopic")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  // Members start topics; to anyone else the form does not exist.
  const members = {
    access: { action: "community.post", load: readable(communityBySlug), refuse: 404 },
  } as const;
  r.get("/communities/:slug/topics/new", { schema: { params: SlugParams }, config: members }, newTopic);
  r.post(
    "/communities/:slug/topics/new",
    { schema: { params: SlugParams, body: formFieldsOf(TopicInput) }, config: members },
    newTopic,
  );

  // --- Topic page -------------------------------------------------------------------------------
  const topicPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    {
      slug,
      page,
      quoteId,
      replyState,
    }: { slug: string; page: number; quoteId?: string; replyState?: FormState },
  ) => {
    const actor = await request.actor();
    const { topic, view } = topicOf(request);
    // A moved topic keeps working under its old address (the loader lets only a community's address through).
    if (view.community.slug !== slug) {
      return reply.redirect(topicPath(view, topic), 301);
    }
    return reply.cachedPage(async (ctx, deps) => {
      const { items, pages } = await postPages(app.db, topic, view, actor, page, deps);
      if (page > pages) throw notFound();
      // Its posts, their reactions and authors; the viewer's own watch and role. Marking the
      // topic read announces only the viewer's reads, so this page stays cached.
      deps.add(
        ...dependenciesOf(request),
        communityTags.topic(topic.id),
        communityTags.people,
        actor && communityTags.watchesOf(actor.userId),
        ...items.map((p) => communityTags.post(p.id)),
      );
      // Reading the topic marks it read; drawing it again around a reply that was refused does not.
      const watch = !actor
        ? "normal"
        : replyState
          ? ((await topicWatchOf(app.db, actor.userId, topic.id)) ?? "normal")
          : await openTopic(app.db, actor.userId, topic.id);
      const t = tFor(ctx);
      const canPost = can(actor, "community.post", view.resource);
      const isLead = can(actor, "community.lead", view.resource);
      const base = topicPath(view, topic);
      let state: FormState = replyState ?? { locale: ctx.locale };
      if (!replyState && quoteId && canPost) {
        const quoted = items.find((p) => p.id === quoteId);
        if (quoted?.status === "visible")
          state = {
            locale: ctx.locale,
            values: { body: quoteMarkdown(quoted.authorName, quoted.bodyMarkdown), quotedPostId: quoted.id },
          };
      }
      const moveTargets =
        isLead && actor
          ? (await communitiesLedBy(app.db, actor)).filter((c) => c.id !== view.community.id)
          : [];
      if (isLead) deps.add(communityTags.anyCommunity);
      reply.code(replyState ? 400 : 200);
      return (
        <Layout
          ctx={ctx}
          title={topic.title}
          breadcrumbs={communityCrumbs(ctx, view.community, { label: topic.title })}
        >
          <h1>{topic.title}</h1>
          <p>
            {topic.pinned ? <Tag kind="pinned">{t("pinned")}</Tag> : null}
            {topic.closed ? <Tag kind="closed">{t("closed")}</Tag> : null}
            {topic.status === "pending" ? <Tag kind="warn">{t("waiting")}</Tag> : null}
          </p>
          <h2 class="usa-sr-only">{t("postsOnTopic")}</h2>
          <ol class="usa-list usa-list--unstyled" start={(page - 1) * POSTS_PER_PAGE + 1}>
            {items.map((p) => (
              <PostItem p={p} />
            ))}
          </ol>
          <Pagination locale={ctx.locale} page={page} pages={pages} hrefFor={(n) => `${base}?page=${n}`} />
          <h2>{t("replyHeading")}</h2>
          {!actor ? (
            <p>
              <a href={`/sign-in?next=${encodeURIComponent(base)}`}>{t("signInToReply")}</a>
            </p>
          ) : !canPost ? (
            <p>
              <a href={`/communities/${view.community.slug}`}>{t("joinToReply")}</a>
            </p>
          ) : topic.closed && !isLead ? (
            <p>{t("topicClosedNotice")}</p>
          ) : topic.status !== "visible" ? (
            <p>{t("waiting")}</p>
          ) : (
            <>
              <ErrorSummary state={state} />
              <Form action={`${base}/replies`} csrfToken={ctx.csrfToken} id="reply">
                {state.values?.quotedPostId ? (
                  <input type="hidden" name="quotedPostId" value={String(state.values.quotedPostId)} />
                ) : null}
                <PostBodyField state={state} t={t} rows={8} />
                <Button>{t("postReply")}</Button>
              </Form>
            </>
          )}
          {actor ? (
            <section
              aria-labelledby="topic-tools"
              class="margin-top-4 border-1px border-base-lighter radius-md padding-2"
            >
              <h2 id="topic-tools" class="margin-top-0">
                {t("topicToolsHeading")}
              </h2>
              <Form action={`${base}/watch`} csrfToken={ctx.csrfToken}>
                <SelectField
                  state={{ locale: ctx.locale, values: { level: watch } }}
                  name="level"
                  label={t("topicWatchLabel")}
                  required
                  choices={(["following", "normal", "muted"] as const).map((l) => ({
                    value: l,
                    label: t(`topicWatch_${l}`),
                  }))}
                />
                <Button variant="outline">{t("saveTopicWatch")}</Button>
              </Form>
              {isLead ? (
                <div class="margin-top-2">
                  <ActionButton
                    action={`${base}/lead`}
                    csrfToken={ctx.csrfToken}
                    label={topic.pinned ? t("unpin") : t("pin")}
                    variant="outline"
                    hidden={{ pinned: String(!topic.pinned) }}
                  />
                  <ActionButton
                    action={`${base}/lead`}
                    csrfToken={ctx.csrfToken}
                    label={topic.closed ? t("reopen") : t("close")}
                    variant="outline"
                    hidden={{ closed: String(!topic.closed) }}
                  />
                  {moveTargets.length > 0 ? (
                    <Form action={`${base}/lead`} csrfToken={ctx.csrfToken}>
                      <SelectField
                        state={{ locale: ctx.locale }}
                        name="moveToCommunityId"
                        label={t("moveLabel")}
                        required
                        choices={moveTargets.map((c) => ({
                          value: c.id,
                          label: communityName(c, ctx.locale),
                        }))}
                      />
                      <Button variant="outline">{t("move")}</Button>
                    </Form>
                  ) : null}
                </div>
              ) : null}
            </section>
          ) : null}
        </Layout>
      );

      function PostItem({ p }: { p: PostView }) {
        const mine = actor?.userId === p.authorId;
        return (
          <li id={`post-${p.id}`} class="border-top border-base-lighter padding-y-2">
            <article aria-labelledby={`post-${p.id}-by`}>
              <h3 id={`post-${p.id}-by`} class="font-heading-sm margin-y-05">
                {p.authorHandle ? <a href={`/people/${p.authorHandle}`}>{p.authorName}</a> : p.authorName}
              </h3>
              <p class="font-body-3xs text-base margin-top-0">
                <Time locale={ctx.locale} date={p.createdAt} />
                {p.editedAt ? (
                  <>
                    {" · "}
                    {t("editedOn", { date: "" })}
                    <Time locale={ctx.locale} date={p.editedAt} /> ·{" "}
                    <a href={`/communities/posts/${p.id}/history`}>{t("viewHistory")}</a>
                  </>
                ) : null}
              </p>
              {p.status === "pending" ? (
                <p>
                  <Tag kind="warn">{t("pendingPost")}</Tag>
                </p>
              ) : null}
              {p.status === "hidden" ? (
                <div class="usa-summary-box margin-y-1">
                  <p class="margin-0">{t("hiddenPost")}</p>
                  {p.moderationReason ? (
                    <p class="margin-0">{t("hiddenReason", { reason: p.moderationReason })}</p>
                  ) : null}
                </div>
              ) : null}
              {p.bodyHtml ? (
                // Sanitised at write time by renderMarkdown (markdown-it without HTML + sanitize-html allow-list).
                <div class="smh-post-body usa-prose" dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
              ) : null}
              <PostActions p={p} mine={mine} t={t} />
            </article>
          </li>
        );
      }

      function PostActions({ p, mine, t }: { p: PostView; mine: boolean; t: T }) {
        if (!actor)
          return p.likeCount > 0 ? (
            <p class="font-body-3xs">
              {p.likeCount === 1 ? t("likesOne") : t("likes", { count: p.likeCount })}
            </p>
          ) : null;
        return (
          <div class="smh-post-actions margin-top-1">
            {p.likeCount > 0 ? (
              <span class="margin-right-2">
                {p.likeCount === 1 ? t("likesOne") : t("likes", { count: p.likeCount })}
              </span>
            ) : null}
            {canPost && p.status === "visible" && !mine ? (
              <ActionButton
                action={`/communities/posts/${p.id}/like`}
                csrfToken={ctx.csrfToken}
                label={p.likedByViewer ? t("unlike") : t("like")}
                variant="outline"
                hidden={{ liked: String(!p.likedByViewer) }}
              />
            ) : null}
            {canPost && p.status === "visible" ? (
              <a class="margin-left-2" href={`${base}?page=${page}&quote=${p.id}#reply`}>
                {t("quote")}
              </a>
            ) : null}
            {(mine && p.status !== "hidden") || isLead ? (
              <a class="margin-left-2" href={`/communities/posts/${p.id}/edit`}>
                {t("edit")}
              </a>
            ) : null}
            {!mine && p.status === "visible" ? (
              <a class="margin-left-2" href={`/communities/posts/${p.id}/flag`}>
                {t("flag")}
              </a>
            ) : null}
          </div>
        );
      }
    });
  };
  r.get(
    "/communities/:slug/topics/:topicId",
    {
      schema: { params: TopicParams, querystring: TopicPageQuery },
      config: { access: { action: "community.read", load: topicById, refuse: 404 } },
    },
    (request, reply) =>
      topicPage(request, reply, {
        slug: request.params.slug,
        page: request.query.page ?? 1,
        quoteId: request.query.quote,
      }),
  );

  r.post(
    "/communities/:slug/topics/:topicId/replies",
    {
      schema: { params: TopicParams, body: formFieldsOf(ReplyInput) },
      config: { access: { action: "community.post", load: readable(topicById) } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { topic, view } = topicOf(request);
      const t = tFor(request);
      const form = parseForm(ReplyInput, request.body);
      if (!form.ok) {
        const replyState = {
          locale: request.locale,
          values: form.values,
          errors: form.errors,
          labels: { body: t("bodyLabel") },
        };
        return topicPage(request, reply, { slug: request.params.slug, page: 1, replyState });
      }
      const post = await replyToTopic(app.db, actor, view, topic, form.value, app.config.publicUrl);
      reply.flash("success", post.status === "pending" ? t("replyPending") : t("replyPosted"));
      return reply.redirect(`/communities/posts/${post.id}`, 303);
    },
  );

  r.post(
    "/communities/:slug/topics/:topicId/watch",
    {
      schema: { params: TopicParams, body: formFieldsOf(TopicWatchInput) },
      config: { access: { action: "community.react", load: readable(topicById) } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { topic, view } = topicOf(request);
      const t = tFor(request);
      const form = parseForm(TopicWatchInput, request.body);
      const back = { label: topic.title, href: topicPath(view, topic) };
      if (!form.ok)
        return formProblem(reply, {
          title: t("topicWatchLabel"),
          back,
          failed: form,
          labels: { level: t("topicWatchLabel") },
        });
      await setTopicWatch(app.db, actor.userId, topic.id, form.value.level);
      reply.flash("success", t("watchSaved"));
      return reply.redirect(topicPath(view, topic), 303);
    },
  );

  r.post(
    "/communities/:slug/topics/:topicId/lead",
    {
      schema: { params: TopicParams, body: formFieldsOf(TopicLeadInput) },
      config: { access: { action: "community.lead", load: readable(topicById) } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { topic, view } = topicOf(request);
      const t = tFor(request);
      const form = parseForm(TopicLeadInput, request.body);
      const back = { label: topic.title, href: topicPath(view, topic) };
      const labels = { pinned: t("pin"), closed: t("close"), moveToCommunityId: t("moveLabel") };
      if (!form.ok) return formProblem(reply, { title: t("topicToolsHeading"), back, failed: form, labels });
      await updateTopicAsLead(app.db, actor, view, topic, form.value);
      reply.flash("success", t("topicUpdated"));
      // After a move the topic page redirects to the new community's address.
      return reply.redirect(topicPath(view, topic), 303);
    },
  );
}
