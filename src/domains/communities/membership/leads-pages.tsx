import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { STATES } from "../../../platform/geo/states";
import { ButtonForm, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { HttpProblem } from "../../../platform/http/problem";
import type { FormState } from "../../../platform/ui/components";
import {
  ActionButton,
  Button,
  CheckboxGroup,
  RadioGroup,
  ErrorSummary,
  Form,
  SelectField,
  TextArea,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { DecideRequestInput, InviteInput, NewCommunityInput, SlugParams, TokenParams } from "../contracts";
import { requireActor } from "../api-shared";
import {
  COMMUNITY_KINDS,
  COMMUNITY_LEVELS,
  COMMUNITY_ROLES,
  COMMUNITY_TOPICS,
  JOIN_POLICIES,
  VISIBILITIES,
} from "../schema";
import { communityName, createCommunity } from "../service";
import { acceptInvitation, findInvitation, inviteByEmail } from "./invitations";
import { decideJoinRequest, pendingJoinRequests } from "./service";
import { communityBySlug, communityOf, readable } from "../route-params";
import { communityCrumbs, crumbs, formProblem, formValuesOf, label, tFor } from "../views/shared";

/** What leads (and national admins) do: decide requests, invite, create communities. */
export async function leadPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const newCommunity = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await requireActor(request);
    const t = tFor(request);
    const labels = {
      slug: t("fieldSlug"),
      kind: t("filterKind"),
      level: t("filterLevel"),
      stateCode: t("filterState"),
      nameEn: t("fieldNameEn"),
      nameEs: t("fieldNameEs"),
      purposeEn: t("fieldPurposeEn"),
      purposeEs: t("fieldPurposeEs"),
      visibility: t("fieldVisibility"),
      joinPolicy: t("fieldJoinPolicy"),
      topics: t("fieldTopics"),
    };
    let state: FormState = { locale: request.locale, values: { visibility: "public", joinPolicy: "open" } };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(NewCommunityInput, request.body);
      if (form.ok) {
        try {
          const created = await createCommunity(app.db, actor, form.value);
          reply.flash("success", t("communityCreated"));
          return reply.redirect(`/communities/${created.slug}/invite`, 303);
        } catch (error) {
          if (!(error instanceof HttpProblem) || error.status !== 409) throw error;
          state = {
            locale: request.locale,
            values: formValuesOf(form.value),
            errors: { slug: { message: t("slugTaken") } },
            labels,
          };
        }
      } else {
        state = { locale: request.locale, values: form.values, errors: form.errors, labels };
      }
      status = 400;
    }
    const ctx = reply.pageContext();
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("newCommunityTitle")}
        breadcrumbs={crumbs(ctx, { label: t("newCommunityTitle") })}
      >
        <h1>{t("newCommunityTitle")}</h1>
        <ErrorSummary state={state} />
        <Form action="/communities/new" csrfToken={ctx.csrfToken}>
          <TextField
            state={state}
            name="slug"
            label={labels.slug}
            hint={t("fieldSlugHint")}
            required
            maxLength={80}
          />
          <SelectField
            state={state}
            name="kind"
            label={labels.kind}
            required
            choices={COMMUNITY_KINDS.map((k) => ({ value: k, label: label(t, "kind", k) }))}
          />
          <SelectField
            state={state}
            name="level"
            label={labels.level}
            required
            choices={COMMUNITY_LEVELS.map((k) => ({ value: k, label: label(t, "level", k) }))}
          />
          <SelectField
            state={state}
            name="stateCode"
            label={labels.stateCode}
            choices={STATES.map((s) => ({ value: s.code, label: s.name }))}
          />
          <TextField state={state} name="nameEn" label={labels.nameEn} required maxLength={200} />
          <TextField state={state} name="nameEs" label={labels.nameEs} required maxLength={200} />
          <TextArea
            state={state}
            name="purposeEn"
            label={labels.purposeEn}
            required
            rows={3}
            maxLength={2000}
          />
          <TextArea
            state={state}
            name="purposeEs"
            label={labels.purposeEs}
            required
            rows={3}
            maxLength={2000}
          />
          <RadioGroup
            state={state}
            name="visibility"
            label={labels.visibility}
            required
            choices={VISIBILITIES.map((v) => ({ value: v, label: label(t, "visibility", v) }))}
          />
          <RadioGroup
            state={state}
            name="joinPolicy"
            label={labels.joinPolicy}
            required
            choices={JOIN_POLICIES.map((v) => ({ value: v, label: label(t, "joinPolicy", v) }))}
          />
          <CheckboxGroup
            state={state}
            name="topics"
            label={labels.topics}
            choices={COMMUNITY_TOPICS.map((k) => ({ value: k, label: label(t, "topic", k) }))}
          />
          <Button>{t("createCommunity")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  // National admins only; to anyone else the page does not exist.
  const create = { access: { action: "community.create", refuse: 404 } } as const;
  r.get("/communities/new", { config: create }, newCommunity);
  r.post(
    "/communities/new",
    { schema: { body: formFieldsOf(NewCommunityInput) }, config: create },
    newCommunity,
  );

  // --- Leads: join requests and invitations -----------------------------------------------

  // Leads (and national admins) only; to anyone else these pages do not exist.
  const leads = {
    access: { action: "community.lead", load: readable(communityBySlug), refuse: 404 },
  } as const;
  async function leadView(request: FastifyRequest) {
    return { actor: await requireActor(request), view: communityOf(request) };
  }

  r.get(
    "/communities/:slug/requests",
    { schema: { params: SlugParams }, config: leads },
    async (request, reply) => {
      const { view } = await leadView(request);
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      const requests = await pendingJoinRequests(app.db, view.community.id);
      return reply.page(
        <Layout
          ctx={ctx}
          title={t("requestsTitle")}
          breadcrumbs={communityCrumbs(ctx, view.community, { label: t("requestsTitle") })}
        >
          <h1>{t("requestsTitle")}</h1>
          {requests.length === 0 ? (
            <p>{t("requestsEmpty")}</p>
          ) : (
            <ul class="usa-list usa-list--unstyled">
              {requests.map((r) => (
                <li class="margin-bottom-2">
                  <h2 class="font-heading-sm margin-bottom-05">
                    {r.name} ({label(t, "sh", r.stakeholderRole)})
                  </h2>
                  {r.message ? <p class="margin-top-0">{r.message}</p> : null}
                  <ActionButton
                    action={`/communities/${view.community.slug}/requests`}
                    csrfToken={ctx.csrfToken}
                    label={t("approveRequest")}
                    hidden={{ requestId: r.id, decision: "approve" }}
                  />
                  <ActionButton
                    action={`/communities/${view.community.slug}/requests`}
                    csrfToken={ctx.csrfToken}
                    label={t("declineRequest")}
                    variant="outline"
                    hidden={{ requestId: r.id, decision: "decline" }}
                  />
                </li>
              ))}
            </ul>
          )}
        </Layout>,
      );
    },
  );

  r.post(
    "/communities/:slug/requests",
    { schema: { params: SlugParams, body: formFieldsOf(DecideRequestInput) }, config: leads },
    async (request, reply) => {
      const { actor, view } = await leadView(request);
      const t = tFor(request);
      const form = parseForm(DecideRequestInput, request.body);
      if (!form.ok) {
        const back = { label: t("requestsTitle"), href: `/communities/${view.community.slug}/requests` };
        const labels = { requestId: t("requestsTitle"), decision: t("approveRequest") };
        return formProblem(reply, { title: t("requestsTitle"), back, failed: form, labels });
      }
      await decideJoinRequest(app.db, actor, view, form.value.requestId, form.value.decision === "approve");
      reply.flash("success", t("requestDecided"));
      return reply.redirect(`/communities/${view.community.slug}/requests`, 303);
    },
  );

  const inviteRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const { actor, view } = await leadView(request);
    const ctx0 = { locale: request.locale };
    const t = tFor(ctx0);
    let state: Parameters<typeof ErrorSummary>[0]["state"] = {
      locale: request.locale,
      values: { role: "member" },
    };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(InviteInput, request.body);
      if (form.ok) {
        await inviteByEmail(app.db, actor, view, form.value, app.config.publicUrl);
        reply.flash("success", t("inviteSent", { email: form.value.email }));
        return reply.redirect(`/communities/${view.community.slug}/invite`, 303);
      }
      state = {
        locale: request.locale,
        values: form.values,
        errors: form.errors,
        labels: { email: t("inviteEmail"), role: t("inviteRole") },
      };
      status = 400;
    }
    const ctx = reply.pageContext();
    const name = communityName(view.community, ctx.locale);
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("inviteTitle", { name })}
        breadcrumbs={communityCrumbs(ctx, view.community, { label: t("inviteMembers") })}
      >
        <h1>{t("inviteTitle", { name })}</h1>
        <ErrorSummary state={state} />
        <Form action={`/communities/${view.community.slug}/invite`} csrfToken={ctx.csrfToken}>
          <TextField
            state={state}
            name="email"
            label={t("inviteEmail")}
            type="email"
            autocomplete="email"
            required
          />
          <SelectField
            state={state}
            name="role"
            label={t("inviteRole")}
            required
            choices={COMMUNITY_ROLES.map((r) => ({ value: r, label: label(t, "role", r) }))}
          />
          <Button>{t("sendInvite")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  r.get("/communities/:slug/invite", { schema: { params: SlugParams }, config: leads }, inviteRoute);
  r.post(
    "/communities/:slug/invite",
    { schema: { params: SlugParams, body: formFieldsOf(InviteInput) }, config: leads },
    inviteRoute,
  );

  // The emailed token is the permission: anyone holding the link sees whom it invites, and any
  // signed-in person may accept it (it can only add the one who accepts).
  r.get(
    "/communities/invitations/:token",
    { schema: { params: TokenParams }, config: { access: "public" } },
    async (request, reply) => {
      const { token } = request.params;
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      const row = await findInvitation(app.db, token);
      if (!row) {
        return reply.page(
          <Layout ctx={ctx} title={t("invitationInvalid")} breadcrumbs={crumbs(ctx)}>
            <h1>{t("invitationInvalid")}</h1>
          </Layout>,
          404,
        );
      }
      const name = communityName(row.community, ctx.locale);
      return reply.page(
        <Layout ctx={ctx} title={t("invitationTitle", { name })} breadcrumbs={crumbs(ctx)}>
          <h1>{t("invitationTitle", { name })}</h1>
          <p>{t("invitationIntro", { name, role: label(t, "role", row.invitation.role) })}</p>
          {ctx.viewer ? (
            <ActionButton
              action={`/communities/invitations/${token}`}
              csrfToken={ctx.csrfToken}
              label={t("acceptInvitation")}
            />
          ) : (
            <p>
              <a
                class="usa-button"
                href={`/sign-in?next=${encodeURIComponent(`/communities/invitations/${token}`)}`}
              >
                {t("signInToAccept")}
              </a>
            </p>
          )}
        </Layout>,
      );
    },
  );

  r.post(
    "/communities/invitations/:token",
    { schema: { params: TokenParams, body: ButtonForm }, config: { access: "signedIn" } },
    async (request, reply) => {
      const actor = await requireActor(request);
      const community = await acceptInvitation(app.db, actor, request.params.token);
      reply.flash("success", tFor(request)("joined", { name: communityName(community, request.locale) }));
      return reply.redirect(`/communities/${community.slug}`, 303);
    },
  );
}
