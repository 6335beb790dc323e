import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { formFieldsOf, parseForm } from "../../../platform/http/forms";
import { Button, Form, TextField } from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { requireActor } from "../api-shared";
import { ModerationInput, PostParams, SlugParams } from "../contracts";
import { moderatePost, moderationQueue } from "./service";
import { communityBySlug, communityOf, postItselfById, postOf, readable } from "../route-params";
import { communityCrumbs, formProblem, Tag, tFor } from "../views/shared";

/** The leads' moderation queue and their decisions on posts (approve, hide, restore, dismiss). */
export async function moderationPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    "/communities/:slug/moderation",
    {
      schema: { params: SlugParams },
      config: { access: { action: "community.lead", load: readable(communityBySlug), refuse: 404 } },
    },
    async (request, reply) => {
      const view = communityOf(request);
      const items = await moderationQueue(app.db, view);
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      return reply.page(
        <Layout
          ctx={ctx}
          title={t("moderationTitle")}
          breadcrumbs={communityCrumbs(ctx, view.community, { label: t("moderationTitle") })}
        >
          <h1>{t("moderationTitle")}</h1>
          <p>{t("moderationIntro")}</p>
          {items.length === 0 ? <p>{t("moderationEmpty")}</p> : null}
          {items.map((i) => (
            <section class="border-top border-base-lighter padding-y-2" aria-labelledby={`q-${i.postId}`}>
              <h2 id={`q-${i.postId}`} class="font-heading-sm">
                {i.authorName} —{" "}
                <a href={`/communities/posts/${i.postId}`}>{t("inTopic", { title: i.topicTitle })}</a>
              </h2>
              <p>
                {i.status === "pending" ? <Tag kind="warn">{t("waiting")}</Tag> : null}
                {i.status === "hidden" ? <Tag kind="closed">{t("hide")}</Tag> : null}
                {i.flagCount > 0 ? <Tag kind="warn">{t("reports", { count: i.flagCount })}</Tag> : null}
              </p>
              {i.reasons ? (
                <ul class="usa-list">
                  {i.reasons.map((r) => (
                    <li>{r}</li>
                  ))}
                </ul>
              ) : null}
              <div
                class="usa-prose border-1px border-base-lighter radius-md padding-1"
                dangerouslySetInnerHTML={{ __html: i.bodyHtml }}
              />
              <Form action={`/communities/posts/${i.postId}/moderate`} csrfToken={ctx.csrfToken}>
                <TextField
                  state={{ locale: ctx.locale }}
                  name="reason"
                  label={t("reasonLabel")}
                  required
                  maxLength={500}
                />
                {i.status === "pending" ? (
                  <Button name="decision" value="approve">
                    {t("approve")}
                  </Button>
                ) : null}
                {i.status !== "hidden" ? (
                  <Button name="decision" value="hide" variant="secondary">
                    {t("hide")}
                  </Button>
                ) : null}
                {i.status === "hidden" ? (
                  <Button name="decision" value="restore">
                    {t("restore")}
                  </Button>
                ) : null}
                {i.status === "visible" ? (
                  <Button name="decision" value="dismiss" variant="outline">
                    {t("dismiss")}
                  </Button>
                ) : null}
              </Form>
            </section>
          ))}
        </Layout>,
      );
    },
  );

  r.post(
    "/communities/posts/:postId/moderate",
    {
      schema: { params: PostParams, body: formFieldsOf(ModerationInput) },
      config: { access: { action: "post.moderate", load: readable(postItselfById), refuse: 404 } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { post, view } = postOf(request);
      const form = parseForm(ModerationInput, request.body);
      const t = tFor(request);
      if (!form.ok) {
        const back = { label: t("moderationTitle"), href: `/communities/${view.community.slug}/moderation` };
        const labels = { reason: t("reasonLabel"), decision: `${t("approve")} / ${t("hide")}` };
        return formProblem(reply, { title: t("moderationTitle"), back, failed: form, labels });
      }
      await moderatePost(
        app.db,
        actor,
        view,
        post,
        form.value.decision,
        form.value.reason,
        app.config.publicUrl,
      );
      reply.flash("success", t("decisionSaved"));
      return reply.redirect(`/communities/${view.community.slug}/moderation`, 303);
    },
  );
}
