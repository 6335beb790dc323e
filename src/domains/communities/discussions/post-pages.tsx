import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formFieldsOf, parseForm } from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { can } from "../../../platform/policy";
import type { FormState } from "../../../platform/ui/components";
import { Button, ErrorSummary, Form, TextField } from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { requireActor } from "../api-shared";
import { EditInput, FlagInput, LikeForm, PostParams } from "../contracts";
import { pageOfPost, postResource } from "./service";
import { editPost, postRevisionsOf, setLike } from "./posts";
import { flagPost } from "../moderation/service";
import { type PostInPath, postById, postItselfById, postOf, readable } from "../route-params";
import { communityCrumbs, formProblem, PostBodyField, Time, tFor } from "../views/shared";

/** Breadcrumbs of a page about one post: the community, the topic (at the post), then the page. */
function postCrumbs(ctx: PageContext, { post, topic, view }: PostInPath, label: string) {
  return communityCrumbs(
    ctx,
    view.community,
    { label: topic.title, href: `/communities/posts/${post.id}` },
    { label },
  );
}

/** One post: its permanent link, likes, editing and the edit history, and reporting it to the leads. */
export async function postPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const readers = { access: { action: "community.read", load: postById, refuse: 404 } } as const;
  r.get(
    "/communities/posts/:postId",
    { schema: { params: PostParams }, config: readers },
    async (request, reply) => {
      const actor = await request.actor();
      const { post, topic, view } = postOf(request);
      const page = await pageOfPost(app.db, post, view, actor);
      return reply.redirect(
        `/communities/${view.community.slug}/topics/${topic.id}?page=${page}#post-${post.id}`,
        303,
      );
    },
  );

  r.post(
    "/communities/posts/:postId/like",
    {
      schema: { params: PostParams, body: formFieldsOf(LikeForm) },
      config: { access: { action: "community.post", load: readable(postById) } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { post, topic, view } = postOf(request);
      const form = parseForm(LikeForm, request.body);
      if (!form.ok) {
        const t = tFor(request);
        const back = { label: topic.title, href: `/communities/posts/${post.id}` };
        return formProblem(reply, { title: t("like"), back, failed: form, labels: { liked: t("like") } });
      }
      await setLike(app.db, actor, view, post, form.value.liked !== "false");
      return reply.redirect(`/communities/posts/${post.id}`, 303);
    },
  );

  const editRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await requireActor(request);
    const { post, topic, view } = postOf(request);
    const t = tFor(request);
    let state: FormState = { locale: request.locale, values: { body: post.bodyMarkdown } };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(EditInput, request.body);
      if (form.ok) {
        await editPost(app.db, actor, view, post, form.value.body);
        reply.flash("success", t("postEdited"));
        return reply.redirect(`/communities/posts/${post.id}`, 303);
      }
      state = {
        locale: request.locale,
        values: form.values,
        errors: form.errors,
        labels: { body: t("bodyLabel") },
      };
      status = 400;
    }
    const ctx = reply.pageContext();
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("editPostTitle")}
        breadcrumbs={postCrumbs(ctx, { post, topic, view }, t("editPostTitle"))}
      >
        <h1>{t("editPostTitle")}</h1>
        <ErrorSummary state={state} />
        <Form action={`/communities/posts/${post.id}/edit`} csrfToken={ctx.csrfToken}>
          <PostBodyField state={state} t={t} />
          <Button>{t("saveEdit")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  // The author and the leads edit a post; to anyone else the form does not exist.
  const editors = { access: { action: "post.edit", load: readable(postItselfById), refuse: 404 } } as const;
  r.get("/communities/posts/:postId/edit", { schema: { params: PostParams }, config: editors }, editRoute);
  r.post(
    "/communities/posts/:postId/edit",
    { schema: { params: PostParams, body: formFieldsOf(EditInput) }, config: editors },
    editRoute,
  );

  r.get(
    "/communities/posts/:postId/history",
    { schema: { params: PostParams }, config: readers },
    async (request, reply) => {
      const actor = await request.actor();
      const { post, topic, view } = postOf(request);
      // A hidden post's earlier versions are for the leads who hid it.
      if (post.status === "hidden" && !can(actor, "post.moderate", postResource(post, view)))
        throw notFound();
      const revisions = await postRevisionsOf(app.db, post.id);
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      return reply.page(
        <Layout
          ctx={ctx}
          title={t("historyTitle")}
          breadcrumbs={postCrumbs(ctx, { post, topic, view }, t("historyTitle"))}
        >
          <h1>{t("historyTitle")}</h1>
          <p>{t("historyIntro")}</p>
          {revisions.length === 0 ? <p>{t("historyEmpty")}</p> : null}
          {revisions.map((r) => (
            <section class="border-top border-base-lighter padding-y-2">
              <h2 class="font-heading-sm">
                {t("versionBy", { name: r.editorName, date: "" })}
                <Time locale={ctx.locale} date={r.createdAt} />
              </h2>
              <pre class="smh-markdown-source">{r.bodyMarkdown}</pre>
            </section>
          ))}
          <p>
            <a href={`/communities/posts/${post.id}`}>{t("backToTopic")}</a>
          </p>
        </Layout>,
      );
    },
  );

  const flagRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await requireActor(request);
    const { post, topic, view } = postOf(request);
    const t = tFor(request);
    let state: FormState = { locale: request.locale };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(FlagInput, request.body);
      if (form.ok) {
        await flagPost(app.db, actor, view, post, form.value.reason);
        reply.flash("success", t("flagged"));
        return reply.redirect(`/communities/posts/${post.id}`, 303);
      }
      state = {
        locale: request.locale,
        values: form.values,
        errors: form.errors,
        labels: { reason: t("flagReason") },
      };
      status = 400;
    }
    const ctx = reply.pageContext();
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("flagTitle")}
        breadcrumbs={postCrumbs(ctx, { post, topic, view }, t("flagTitle"))}
      >
        <h1>{t("flagTitle")}</h1>
        <p>{t("flagIntro")}</p>
        <ErrorSummary state={state} />
        <Form action={`/communities/posts/${post.id}/flag`} csrfToken={ctx.csrfToken}>
          <TextField state={state} name="reason" label={t("flagReason")} required maxLength={500} />
          <Button>{t("sendFlag")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  // Anyone signed in who may read a post may report it to the leads.
  const reporters = { access: { action: "community.react", load: readable(postById), refuse: 404 } } as const;
  r.get("/communities/posts/:postId/flag", { schema: { params: PostParams }, config: reporters }, flagRoute);
  r.post(
    "/communities/posts/:postId/flag",
    { schema: { params: PostParams, body: formFieldsOf(FlagInput) }, config: reporters },
    flagRoute,
  );
}
