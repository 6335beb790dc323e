import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formFieldsOf, parseForm } from "../../../platform/http/forms";
import { can } from "../../../platform/policy";
import type { FormState } from "../../../platform/ui/components";
import {
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  RadioGroup,
  SelectField,
  Table,
  TextArea,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import {
  agendaItemTags,
  listAgenda,
  membersOf,
  recentTopicsOf,
  createAgendaItem,
  updateAgendaItem,
  type AgendaItemView,
} from "./service";
import { requireActor } from "../api-shared";
import { AgendaFilterQuery, AgendaInput, AgendaParams, SlugParams } from "../contracts";
import { AGENDA_PRIORITIES, AGENDA_STATUSES } from "./schema";
import { communityName, listCommunities } from "../service";
import {
  agendaItemById,
  agendaItemOf,
  communityBySlug,
  communityOf,
  dependenciesOf,
  readable,
} from "../route-params";
import { communityTags } from "../cache-tags";
import { communityCrumbs, formValuesOf, label, type T, tFor } from "../views/shared";

export function AgendaTable({
  t,
  items,
  locale,
  showCommunity,
}: {
  t: T;
  items: AgendaItemView[];
  locale: string;
  showCommunity?: boolean;
}) {
  if (items.length === 0) return <p>{t("agendaEmpty")}</p>;
  const headers = [
    t("agendaItem"),
    ...(showCommunity ? [t("agendaCommunity")] : []),
    t("agendaStatus"),
    t("agendaPriority"),
    t("agendaOwner"),
    t("agendaTopics"),
  ];
  return (
    <Table
      caption={t("agendaCaption")}
      headers={headers}
      rows={items.map((i) => [
        <>
          <strong>{i.title}</strong>
          {i.description ? <div class="font-body-3xs">{i.description}</div> : null}
        </>,
        ...(showCommunity
          ? [
              <a href={`/communities/${i.communitySlug}`}>
                {locale === "es" ? i.communityNameEs : i.communityNameEn}
              </a>,
            ]
          : []),
        label(t, "status", i.status),
        label(t, "priority", i.priority),
        i.ownerName ?? t("agendaNoOwner"),
        i.linkedTopics && i.linkedTopics.length > 0 ? (
          <ul class="usa-list usa-list--unstyled">
            {i.linkedTopics.map((tp) => (
              <li>
                <a href={`/communities/${i.communitySlug}/topics/${tp.id}`}>{tp.title}</a>
              </li>
            ))}
          </ul>
        ) : (
          "—"
        ),
      ])}
    />
  );
}

export async function agendaPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // --- Shared agenda ------------------------------------------------------------------------------
  // The filters are a form: a value it cannot take is shown beside its field (400), nothing filtered.
  const filterForm = formFieldsOf(AgendaFilterQuery);
  r.get("/agenda", { schema: { querystring: filterForm }, config: { access: "public" } }, (request, reply) =>
    reply.cachedPage(async (ctx, deps) => {
      const t = tFor(ctx);
      const form = parseForm(AgendaFilterQuery, request.query);
      const actor = await request.actor();
      const items = await listAgenda(app.db, actor, {
        ...(form.ok ? form.value : {}),
        practiceGroupsOnly: true,
      });
      deps.add(
        communityTags.anyAgenda,
        communityTags.anyCommunity,
        communityTags.people,
        ...agendaItemTags(items),
      );
      const groups = await listCommunities(app.db, actor, { kind: "practice_group" }, 1, 50);
      const labels = {
        community: t("agendaCommunity"),
        status: t("agendaStatus"),
        priority: t("agendaPriority"),
      };
      const state: FormState = form.ok
        ? { locale: ctx.locale, values: formValuesOf(form.value) }
        : { locale: ctx.locale, values: form.values, errors: form.errors, labels };
      reply.code(form.ok ? 200 : 400);
      return (
        <Layout
          ctx={ctx}
          title={t("agendaTitle")}
          breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("agendaNational") }]}
        >
          <h1>{t("agendaTitle")}</h1>
          <p class="usa-intro">{t("agendaIntro")}</p>
          <ErrorSummary state={state} />
          <Form action="/agenda" method="get">
            <div class="grid-row grid-gap">
              <div class="tablet:grid-col-4">
                <SelectField
                  state={state}
                  name="community"
                  label={t("agendaCommunity")}
                  placeholder={t("filterAny")}
                  choices={groups.items.map((g) => ({ value: g.slug, label: communityName(g, ctx.locale) }))}
                />
              </div>
              <div class="tablet:grid-col-4">
                <SelectField
                  state={state}
                  name="status"
                  label={t("agendaStatus")}
                  placeholder={t("filterAny")}
                  choices={AGENDA_STATUSES.map((s) => ({ value: s, label: label(t, "status", s) }))}
                />
              </div>
              <div class="tablet:grid-col-4">
                <SelectField
                  state={state}
                  name="priority"
                  label={t("agendaPriority")}
                  placeholder={t("filterAny")}
                  choices={AGENDA_PRIORITIES.map((s) => ({ value: s, label: label(t, "priority", s) }))}
                />
              </div>
            </div>
            <Button>{t("applyFilters")}</Button>
          </Form>
          <h2>{t("agendaCaption")}</h2>
          <AgendaTable t={t} items={items} locale={ctx.locale} showCommunity />
        </Layout>
      );
    }),
  );

  r.get(
    "/communities/:slug/agenda",
    {
      schema: { params: SlugParams },
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
    },
    (request, reply) =>
      reply.cachedPage(async (ctx, deps) => {
        const actor = await request.actor();
        const view = communityOf(request);
        const t = tFor(ctx);
        const items = await listAgenda(app.db, actor, { community: view.community.slug });
        deps.add(
          ...dependenciesOf(request),
          communityTags.agenda(view.community.id),
          communityTags.people,
          ...agendaItemTags(items),
        );
        const name = communityName(view.community, ctx.locale);
        return (
          <Layout
            ctx={ctx}
            title={t("communityAgendaTitle", { name })}
            breadcrumbs={communityCrumbs(ctx, view.community, { label: t("agendaHeading") })}
          >
            <h1>{t("communityAgendaTitle", { name })}</h1>
            {can(actor, "community.lead", view.resource) ? (
              <p>
                <a class="usa-button" href={`/communities/${view.community.slug}/agenda/new`}>
                  {t("agendaAdd")}
                </a>
              </p>
            ) : null}
            <AgendaTable t={t} items={items} locale={ctx.locale} />
            {can(actor, "community.lead", view.resource) && items.length > 0 ? (
              <ul class="usa-list">
                {items.map((i) => (
                  <li>
                    <a href={`/communities/${view.community.slug}/agenda/${i.id}`}>
                      {t("agendaEdit")}: {i.title}
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
          </Layout>
        );
      }),
  );

  const agendaForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await requireActor(request);
    const { view, agendaItem: existing } = agendaItemOf(request);
    const t = tFor(request);
    const labels = {
      title: t("topicTitleLabel"),
      description: t("agendaDescription"),
      priority: t("agendaPriority"),
      status: t("agendaStatus"),
      ownerId: t("agendaOwner"),
      topicIds: t("agendaTopics"),
    };
    let state: FormState = {
      locale: request.locale,
      values: existing
        ? {
            title: existing.title,
            description: existing.description ?? "",
            priority: existing.priority,
            status: existing.status,
            ownerId: existing.ownerId ?? "",
            topicIds: existing.topicIds,
          }
        : { priority: "medium", status: "proposed" },
    };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(AgendaInput, request.body);
      if (form.ok) {
        if (existing) await updateAgendaItem(app.db, actor, view, existing.id, form.value);
        else await createAgendaItem(app.db, actor, view, form.value);
        reply.flash("success", t("agendaSaved"));
        return reply.redirect(`/communities/${view.community.slug}/agenda`, 303);
      }
      state = { locale: request.locale, values: form.values, errors: form.errors, labels };
      status = 400;
    }
    const [members, topics] = await Promise.all([
      membersOf(app.db, view.community.id),
      recentTopicsOf(app.db, view.community.id),
    ]);
    const ctx = reply.pageContext();
    const action = existing
      ? `/communities/${view.community.slug}/agenda/${existing.id}`
      : `/communities/${view.community.slug}/agenda/new`;
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("agendaAdd")}
        breadcrumbs={communityCrumbs(
          ctx,
          view.community,
          { label: t("agendaHeading"), href: `/communities/${view.community.slug}/agenda` },
          { label: existing ? t("agendaEdit") : t("agendaAdd") },
        )}
      >
        <h1>{existing ? `${t("agendaEdit")}: ${existing.title}` : t("agendaAdd")}</h1>
        <ErrorSummary state={state} />
        <Form action={action} csrfToken={ctx.csrfToken}>
          <TextField state={state} name="title" label={labels.title} required maxLength={200} />
          <TextArea state={state} name="description" label={labels.description} rows={3} maxLength={2000} />
          <RadioGroup
            state={state}
            name="priority"
            label={labels.priority}
            required
            choices={AGENDA_PRIORITIES.map((p) => ({ value: p, label: label(t, "priority", p) }))}
          />
          <RadioGroup
            state={state}
            name="status"
            label={labels.status}
            required
            choices={AGENDA_STATUSES.map((p) => ({ value: p, label: label(t, "status", p) }))}
          />
          <SelectField
            state={state}
            name="ownerId"
            label={labels.ownerId}
            placeholder={t("agendaNoOwner")}
            choices={members.map((m) => ({ value: m.id, label: m.name }))}
          />
          {topics.length > 0 ? (
            <CheckboxGroup
              state={state}
              name="topicIds"
              label={labels.topicIds}
              choices={topics.map((tp) => ({ value: tp.id, label: tp.title }))}
            />
          ) : null}
          <Button>{t("agendaSave")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  // The leads keep the agenda; to anyone else these forms do not exist.
  const forLeads = (load: typeof communityBySlug) =>
    ({ access: { action: "community.lead", load: readable(load), refuse: 404 } }) as const;
  const body = formFieldsOf(AgendaInput);
  r.get(
    "/communities/:slug/agenda/new",
    { schema: { params: SlugParams }, config: forLeads(communityBySlug) },
    agendaForm,
  );
  r.post(
    "/communities/:slug/agenda/new",
    { schema: { params: SlugParams, body }, config: forLeads(communityBySlug) },
    agendaForm,
  );
  r.get(
    "/communities/:slug/agenda/:itemId",
    { schema: { params: AgendaParams }, config: forLeads(agendaItemById) },
    agendaForm,
  );
  r.post(
    "/communities/:slug/agenda/:itemId",
    { schema: { params: AgendaParams, body }, config: forLeads(agendaItemById) },
    agendaForm,
  );
}
