import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formFieldsOf, parseForm } from "../../../platform/http/forms";
import { HttpProblem, notFound } from "../../../platform/http/problem";
import type { FormState } from "../../../platform/ui/components";
import { Button, ErrorSummary, Form, Table, TextArea } from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { requireActor } from "../api-shared";
import { MemberParams, RemoveMemberInput, SlugParams } from "../contracts";
import { membersWithRoles, removeMember } from "./service";
import { communityBySlug, communityOf, readable } from "../route-params";
import { communityName } from "../service";
import { communityCrumbs, formatDate, label, tFor } from "../views/shared";

/** The leads' members page: who belongs, and removing a member with a reason. */
export async function memberPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Leads (and national admins) only; to anyone else these pages do not exist.
  const leads = {
    access: { action: "community.lead", load: readable(communityBySlug), refuse: 404 },
  } as const;

  r.get(
    "/communities/:slug/members",
    { schema: { params: SlugParams }, config: leads },
    async (request, reply) => {
      const view = communityOf(request);
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      const name = communityName(view.community, ctx.locale);
      const members = await membersWithRoles(app.db, view.community.id);
      return reply.page(
        <Layout
          ctx={ctx}
          title={t("membersTitle", { name })}
          breadcrumbs={communityCrumbs(ctx, view.community, { label: t("membersLink") })}
        >
          <h1>{t("membersTitle", { name })}</h1>
          <Table
            caption={t("membersTitle", { name })}
            captionHidden
            headers={[t("membersName"), t("membersRole"), t("membersJoined"), t("membersAction")]}
            rows={members.map((m) => [
              m.handle ? <a href={`/people/${m.handle}`}>{m.name}</a> : m.name,
              label(t, "role", m.role),
              formatDate(ctx.locale, m.joinedAt, false),
              <a href={`/communities/${view.community.slug}/members/${m.userId}/remove`}>
                {t("removeMember")}
                <span class="usa-sr-only"> {m.name}</span>
              </a>,
            ])}
          />
        </Layout>,
      );
    },
  );

  async function memberNamed(request: FastifyRequest & { params: { userId: string } }) {
    const view = communityOf(request);
    const members = await membersWithRoles(app.db, view.community.id);
    const member = members.find((m) => m.userId === request.params.userId);
    if (!member) throw notFound();
    return { view, member };
  }

  function removeForm(
    reply: FastifyReply,
    found: Awaited<ReturnType<typeof memberNamed>>,
    state: FormState,
    status = 200,
  ) {
    const ctx = reply.pageContext();
    const t = tFor(ctx);
    const { view, member } = found;
    const name = communityName(view.community, ctx.locale);
    const title = t("removeMemberTitle", { person: member.name, name });
    const action = `/communities/${view.community.slug}/members/${member.userId}/remove`;
    return reply.page(
      <Layout
        ctx={ctx}
        title={title}
        breadcrumbs={communityCrumbs(
          ctx,
          view.community,
          { label: t("membersLink"), href: `/communities/${view.community.slug}/members` },
          { label: t("removeMember") },
        )}
      >
        <h1>{title}</h1>
        <p>{t("removeMemberIntro", { person: member.name })}</p>
        <ErrorSummary state={state} />
        <Form action={action} csrfToken={ctx.csrfToken}>
          <TextArea
            state={state}
            name="reason"
            label={t("removeReason")}
            required
            rows={3}
            maxLength={1000}
          />
          <Button>{t("removeConfirm")}</Button>
        </Form>
      </Layout>,
      status,
    );
  }

  r.get(
    "/communities/:slug/members/:userId/remove",
    { schema: { params: MemberParams }, config: leads },
    async (request, reply) => removeForm(reply, await memberNamed(request), { locale: request.locale }),
  );

  r.post(
    "/communities/:slug/members/:userId/remove",
    { schema: { params: MemberParams, body: formFieldsOf(RemoveMemberInput) }, config: leads },
    async (request, reply) => {
      const actor = await requireActor(request);
      const found = await memberNamed(request);
      const t = tFor(request);
      const labels = { reason: t("removeReason") };
      const form = parseForm(RemoveMemberInput, request.body);
      if (!form.ok) {
        return removeForm(
          reply,
          found,
          { locale: request.locale, values: form.values, errors: form.errors, labels },
          400,
        );
      }
      try {
        await removeMember(app.db, actor, found.view, found.member.userId, form.value.reason);
      } catch (error) {
        if (!(error instanceof HttpProblem) || error.status !== 409) throw error;
        const state = {
          locale: request.locale,
          values: { reason: form.value.reason },
          errors: { reason: { message: t("lastLeadCannotGo") } },
          labels,
        };
        return removeForm(reply, found, state, 409);
      }
      reply.flash("success", t("memberRemoved", { person: found.member.name }));
      return reply.redirect(`/communities/${found.view.community.slug}/members`, 303);
    },
  );
}
