import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { stateName } from "../../../platform/geo/states";
import { formFieldsOf, parseForm } from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import type { FormState } from "../../../platform/ui/components";
import {
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  Table,
  TextArea,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { requireActor } from "../api-shared";
import { HandleParams, PRIVACY_FLAGS, ProfileForm, ReachQuery, SlugParams } from "../contracts";
import { ownProfile, profileByHandle, reach, updateProfile } from "./service";
import { communityBySlug, communityOf } from "../route-params";
import { type CommunityForViewer, communityName } from "../service";
import { communityTags } from "../cache-tags";
import { crumbs, label, tFor } from "../views/shared";

export async function peopleAndReachPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // --- People ---------------------------------------------------------------------------------
  // Public: what a profile shows is decided by its owner's privacy settings (people.ts).
  r.get(
    "/people/:handle",
    { schema: { params: HandleParams }, config: { access: "public" } },
    (request, reply) =>
      reply.cachedPage(async (ctx, deps) => {
        const actor = await request.actor();
        const profile = await profileByHandle(app.db, request.params.handle, actor);
        if (!profile) throw notFound();
        // Their account, profile and memberships announce the person; what the viewer may see of
        // them depends on the viewer's own memberships, which every signed-in page depends on.
        deps.add(communityTags.person(profile.userId), communityTags.anyCommunity, communityTags.people);
        const t = tFor(ctx);
        return (
          <Layout ctx={ctx} title={profile.name} breadcrumbs={crumbs(ctx, { label: profile.name })}>
            <h1>{profile.name}</h1>
            <p>{t("profileHandle", { handle: profile.handle })}</p>
            <dl>
              <dt class="text-bold">{t("profileStakeholder")}</dt>
              <dd class="margin-left-0 margin-bottom-1">{label(t, "sh", profile.stakeholderRole)}</dd>
              {profile.stateCode ? (
                <>
                  <dt class="text-bold">{t("profileState")}</dt>
                  <dd class="margin-left-0 margin-bottom-1">{stateName(profile.stateCode)}</dd>
                </>
              ) : null}
              {profile.organisation ? (
                <>
                  <dt class="text-bold">{t("profileOrganisation")}</dt>
                  <dd class="margin-left-0 margin-bottom-1">{profile.organisation}</dd>
                </>
              ) : null}
              {profile.email ? (
                <>
                  <dt class="text-bold">{t("profileEmail")}</dt>
                  <dd class="margin-left-0 margin-bottom-1">
                    <a href={`mailto:${profile.email}`}>{profile.email}</a>
                  </dd>
                </>
              ) : null}
            </dl>
            {profile.bio ? (
              <>
                <h2>{t("profileBio")}</h2>
                <p style="white-space: pre-line">{profile.bio}</p>
              </>
            ) : null}
            {profile.communities && profile.communities.length > 0 ? (
              <>
                <h2>{t("profileCommunities")}</h2>
                <ul class="usa-list">
                  {profile.communities.map((c) => (
                    <li>
                      <a href={`/communities/${c.slug}`}>{communityName(c, ctx.locale)}</a>
                      {c.role === "lead" ? ` (${t("role_lead")})` : ""}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {profile.isSelf ? (
              <>
                <p>
                  <a class="usa-button" href="/people/me/edit">
                    {t("profileEdit")}
                  </a>
                </p>
                <p>
                  {t("personalCalendar")} <a href="/account#calendar-links">{t("personalCalendarLink")}</a>
                </p>
              </>
            ) : null}
          </Layout>
        );
      }),
  );

  const profileForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await requireActor(request);
    const t = tFor(request);
    const current = await ownProfile(app.db, actor.userId);
    let state: FormState = {
      locale: request.locale,
      values: {
        organisation: current.organisation ?? "",
        bio: current.bio ?? "",
        privacy: PRIVACY_FLAGS.filter((f) => current[f]),
      },
    };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(ProfileForm, request.body);
      if (form.ok) {
        const flags = new Set(form.value.privacy ?? []);
        await updateProfile(app.db, actor.userId, {
          organisation: form.value.organisation,
          bio: form.value.bio?.trim() || undefined,
          ...Object.fromEntries(PRIVACY_FLAGS.map((f) => [f, flags.has(f)])),
        });
        reply.flash("success", t("profileSaved"));
        const { handle } = await ownProfile(app.db, actor.userId);
        return reply.redirect(`/people/${handle}`, 303);
      }
      state = {
        locale: request.locale,
        values: form.values,
        errors: form.errors,
        labels: {
          organisation: t("profileOrganisationLabel"),
          bio: t("profileBioLabel"),
          privacy: t("profilePrivacy"),
        },
      };
      status = 400;
    }
    const ctx = reply.pageContext();
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("profileEditTitle")}
        breadcrumbs={crumbs(ctx, { label: t("profileEditTitle") })}
      >
        <h1>{t("profileEditTitle")}</h1>
        <ErrorSummary state={state} />
        <Form action="/people/me/edit" csrfToken={ctx.csrfToken}>
          <TextField
            state={state}
            name="organisation"
            label={t("profileOrganisationLabel")}
            maxLength={200}
            autocomplete="organization"
          />
          <TextArea state={state} name="bio" label={t("profileBioLabel")} rows={4} maxLength={1000} />
          <CheckboxGroup
            state={state}
            name="privacy"
            label={t("profilePrivacy")}
            choices={PRIVACY_FLAGS.map((f) => ({ value: f, label: label(t, "privacy", f) }))}
          />
          <Button>{t("profileSave")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  r.get("/people/me/edit", { config: { access: "signedIn" } }, profileForm);
  r.post(
    "/people/me/edit",
    { schema: { body: formFieldsOf(ProfileForm) }, config: { access: "signedIn" } },
    profileForm,
  );

  // --- Reach ----------------------------------------------------------------------------------
  const reachRoute = async (
    request: FastifyRequest,
    reply: FastifyReply,
    view: CommunityForViewer | null,
    format: "csv" | undefined,
  ) => {
    const actor = await request.actor();
    const figuresFor = () => reach(app.db, actor, view?.community.id);
    const t = tFor(request);
    const shLabel = (k: string) => label(t, "sh", k);
    const stLabel = (k: string | null) => (k ? stateName(k) : t("noState"));
    if (format === "csv") {
      const figures = await figuresFor();
      const rows = [
        ["dimension", "value", "label", "members"],
        ...figures.byStakeholder.map((r) => ["stakeholder_role", r.key, shLabel(r.key), r.n]),
        ...figures.byState.map((r) => ["state", r.key ?? "", stLabel(r.key), r.n]),
        ["total", "", "", figures.total],
      ];
      const filename = `reach-${view?.community.slug ?? "all-communities"}.csv`;
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${filename}"`)
        .send(stringify(rows));
    }
    // Who counts changes with memberships (community tags) and with people's roles, states and
    // accounts (people:any); which communities count depends on the reader (the session's page).
    return reply.cachedPage(async (ctx, deps) => {
      deps.add(
        view ? communityTags.community(view.community.id) : communityTags.anyCommunity,
        communityTags.people,
      );
      const figures = await figuresFor();
      const name = view ? communityName(view.community, ctx.locale) : null;
      const title = name ? t("reachCommunityTitle", { name }) : t("reachTitle");
      const base = view ? `/communities/${view.community.slug}/reach` : "/communities/reach";
      return (
        <Layout
          ctx={ctx}
          title={title}
          breadcrumbs={crumbs(
            ctx,
            ...(view ? [{ label: name!, href: `/communities/${view.community.slug}` }] : []),
            { label: t("reachLink") },
          )}
        >
          <h1>{title}</h1>
          <p class="usa-intro">{t("reachIntro")}</p>
          <p>
            <strong>{t("reachTotal", { count: figures.total })}</strong> ·{" "}
            <a href={`${base}?format=csv`}>{t("reachCsv")}</a>
          </p>
          <h2>{t("reachByType")}</h2>
          <Table
            caption={t("reachByType")}
            captionHidden
            headers={[t("stakeholderType"), t("count")]}
            rows={figures.byStakeholder.map((r) => [shLabel(r.key), String(r.n)])}
          />
          <h2>{t("reachByState")}</h2>
          <Table
            caption={t("reachByState")}
            captionHidden
            headers={[t("stateColumn"), t("count")]}
            rows={figures.byState.map((r) => [stLabel(r.key), String(r.n)])}
          />
        </Layout>
      );
    });
  };
  r.get(
    "/communities/reach",
    { schema: { querystring: ReachQuery }, config: { access: "public" } },
    (request, reply) => reachRoute(request, reply, null, request.query.format),
  );
  r.get(
    "/communities/:slug/reach",
    {
      schema: { params: SlugParams, querystring: ReachQuery },
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
    },
    (request, reply) => reachRoute(request, reply, communityOf(request), request.query.format),
  );
}
