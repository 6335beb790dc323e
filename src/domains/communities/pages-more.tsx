import { Value } from "@sinclair/typebox/value";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { stateName } from "../../platform/geo/states";
import { parseForm } from "../../platform/http/forms";
import { notFound } from "../../platform/http/problem";
import { can } from "../../platform/policy";
import type { FormState } from "../../platform/ui/components";
import { Button, CheckboxGroup, ErrorSummary, Form, RadioGroup, SelectField, Table, TextArea, TextField } from "../../platform/ui/components";
import { Layout } from "../../platform/ui/layout";
import { findAgendaItem, listAgenda, membersOf, recentTopicsOf, createAgendaItem, updateAgendaItem, type AgendaItemView } from "./agenda";
import {
  AgendaFilterQuery,
  AgendaInput,
  AgendaParams,
  CalendarParams,
  HandleParams,
  MeetingInput,
  MeetingParams,
  PRIVACY_FLAGS,
  ProfileForm,
  RsvpInput,
  SlugParams,
} from "./contracts";
import {
  calendarToken,
  communityFeed,
  formatInZone,
  meetingsToIcs,
  personalFeed,
  requireMeeting,
  rsvpCounts,
  rsvpOf,
  scheduleMeeting,
  setRsvp,
  userFromCalendarToken,
} from "./meetings";
import { ownProfile, profileByHandle, reach, updateProfile } from "./people";
import { AGENDA_PRIORITIES, AGENDA_STATUSES, RSVP_RESPONSES } from "./schema";
import { communityName, listCommunities, requireVisibleCommunity } from "./service";
import { crumbs, label, redirectToSignIn, type T, tFor } from "./views/shared";

export function AgendaTable({ t, items, locale, showCommunity }: { t: T; items: AgendaItemView[]; locale: string; showCommunity?: boolean }) {
  if (items.length === 0) return <p>{t("agendaEmpty")}</p>;
  const headers = [t("agendaItem"), ...(showCommunity ? [t("agendaCommunity")] : []), t("agendaStatus"), t("agendaPriority"), t("agendaOwner"), t("agendaTopics")];
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
          ? [<a href={`/communities/${i.communitySlug}`}>{locale === "es" ? i.communityNameEs : i.communityNameEn}</a>]
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

function cleanQuery(request: FastifyRequest) {
  const raw = { ...(request.query as Record<string, string>) };
  for (const k of Object.keys(raw)) if (raw[k] === "" || typeof raw[k] !== "string") delete raw[k];
  return raw;
}

export async function morePages(app: FastifyInstance) {
  // --- Shared agenda ------------------------------------------------------------------------------
  app.get("/agenda", async (request, reply) => {
    const ctx = reply.pageContext();
    const t = tFor(ctx);
    const raw = cleanQuery(request);
    const valid = Value.Check(AgendaFilterQuery, raw);
    const filters = valid ? (raw as typeof AgendaFilterQuery.static) : {};
    const actor = await request.actor();
    const items = await listAgenda(app.db, actor, { ...filters, practiceGroupsOnly: true });
    const groups = await listCommunities(app.db, actor, { kind: "practice_group" }, 1, 50);
    const state: FormState = { locale: ctx.locale, values: valid ? raw : {} };
    return reply.page(
      <Layout ctx={ctx} title={t("agendaTitle")} breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("agendaNational") }]}>
        <h1>{t("agendaTitle")}</h1>
        <p class="usa-intro">{t("agendaIntro")}</p>
        <Form action="/agenda" method="get" csrfToken="">
          <div class="grid-row grid-gap">
            <div class="tablet:grid-col-4">
              <SelectField state={state} name="community" label={t("agendaCommunity")} placeholder={t("filterAny")} choices={groups.items.map((g) => ({ value: g.slug, label: communityName(g, ctx.locale) }))} />
            </div>
            <div class="tablet:grid-col-4">
              <SelectField state={state} name="status" label={t("agendaStatus")} placeholder={t("filterAny")} choices={AGENDA_STATUSES.map((s) => ({ value: s, label: label(t, "status", s) }))} />
            </div>
            <div class="tablet:grid-col-4">
              <SelectField state={state} name="priority" label={t("agendaPriority")} placeholder={t("filterAny")} choices={AGENDA_PRIORITIES.map((s) => ({ value: s, label: label(t, "priority", s) }))} />
            </div>
          </div>
          <Button>{t("applyFilters")}</Button>
        </Form>
        <h2>{t("agendaCaption")}</h2>
        <AgendaTable t={t} items={items} locale={ctx.locale} showCommunity />
      </Layout>,
    );
  });

  app.get("/communities/:slug/agenda", { schema: { params: SlugParams } }, async (request, reply) => {
    const actor = await request.actor();
    const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
    const ctx = reply.pageContext();
    const t = tFor(ctx);
    const items = await listAgenda(app.db, actor, { community: view.community.slug });
    const name = communityName(view.community, ctx.locale);
    return reply.page(
      <Layout ctx={ctx} title={t("communityAgendaTitle", { name })} breadcrumbs={crumbs(ctx, { label: name, href: `/communities/${view.community.slug}` }, { label: t("agendaHeading") })}>
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
      </Layout>,
    );
  });

  const agendaForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await request.actor();
    if (!actor) return redirectToSignIn(request, reply);
    const params = request.params as { slug: string; itemId?: string };
    const view = await requireVisibleCommunity(app.db, params.slug, actor);
    if (!can(actor, "community.lead", view.resource)) throw notFound();
    const existing = params.itemId ? await findAgendaItem(app.db, view, params.itemId) : null;
    if (params.itemId && !existing) throw notFound();
    const t = tFor(request);
    const labels = { title: t("topicTitleLabel"), description: t("agendaDescription"), priority: t("agendaPriority"), status: t("agendaStatus"), ownerId: t("agendaOwner"), topicIds: t("agendaTopics") };
    let state: FormState = {
      locale: request.locale,
      values: existing
        ? { title: existing.title, description: existing.description ?? "", priority: existing.priority, status: existing.status, ownerId: existing.ownerId ?? "", topicIds: existing.topicIds }
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
    const [members, topics] = await Promise.all([membersOf(app.db, view.community.id), recentTopicsOf(app.db, view.community.id)]);
    const ctx = reply.pageContext();
    const name = communityName(view.community, ctx.locale);
    const action = existing ? `/communities/${view.community.slug}/agenda/${existing.id}` : `/communities/${view.community.slug}/agenda/new`;
    return reply.page(
      <Layout ctx={ctx} title={t("agendaAdd")} breadcrumbs={crumbs(ctx, { label: name, href: `/communities/${view.community.slug}` }, { label: t("agendaHeading"), href: `/communities/${view.community.slug}/agenda` }, { label: existing ? t("agendaEdit") : t("agendaAdd") })}>
        <h1>{existing ? `${t("agendaEdit")}: ${existing.title}` : t("agendaAdd")}</h1>
        <ErrorSummary state={state} />
        <Form action={action} csrfToken={ctx.csrfToken}>
          <TextField state={state} name="title" label={labels.title} required maxLength={200} />
          <TextArea state={state} name="description" label={labels.description} rows={3} maxLength={2000} />
          <RadioGroup state={state} name="priority" label={labels.priority} required choices={AGENDA_PRIORITIES.map((p) => ({ value: p, label: label(t, "priority", p) }))} />
          <RadioGroup state={state} name="status" label={labels.status} required choices={AGENDA_STATUSES.map((p) => ({ value: p, label: label(t, "status", p) }))} />
          <SelectField state={state} name="ownerId" label={labels.ownerId} placeholder={t("agendaNoOwner")} choices={members.map((m) => ({ value: m.id, label: m.name }))} />
          {topics.length > 0 ? <CheckboxGroup state={state} name="topicIds" label={labels.topicIds} choices={topics.map((tp) => ({ value: tp.id, label: tp.title }))} /> : null}
          <Button>{t("agendaSave")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  app.get("/communities/:slug/agenda/new", { schema: { params: SlugParams } }, agendaForm);
  app.post("/communities/:slug/agenda/new", { schema: { params: SlugParams } }, agendaForm);
  app.get("/communities/:slug/agenda/:itemId", { schema: { params: AgendaParams } }, agendaForm);
  app.post("/communities/:slug/agenda/:itemId", { schema: { params: AgendaParams } }, agendaForm);

  // --- Meetings -------------------------------------------------------------------------------
  const meetingForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await request.actor();
    if (!actor) return redirectToSignIn(request, reply);
    const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, actor);
    if (!can(actor, "community.lead", view.resource)) throw notFound();
    const t = tFor(request);
    const labels = {
      title: t("meetingTitleLabel"),
      startsAt: t("meetingStartsLabel"),
      timeZone: t("meetingZoneLabel"),
      durationMinutes: t("meetingDurationLabel"),
      onlineUrl: t("meetingUrlLabel"),
      place: t("meetingPlaceLabel"),
      agenda: t("meetingAgendaLabel"),
    };
    let state: FormState = { locale: request.locale, values: { timeZone: "America/New_York", durationMinutes: "60" } };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(MeetingInput, request.body);
      if (form.ok) {
        const meeting = await scheduleMeeting(app.db, actor, view, form.value);
        reply.flash("success", t("meetingScheduled"));
        return reply.redirect(`/communities/${view.community.slug}/meetings/${meeting.id}`, 303);
      }
      state = { locale: request.locale, values: form.values, errors: form.errors, labels };
      status = 400;
    }
    const ctx = reply.pageContext();
    const name = communityName(view.community, ctx.locale);
    const zones = Intl.supportedValuesOf("timeZone").filter((z) => z.startsWith("America/") || z.startsWith("Pacific/") || z === "UTC");
    return reply.page(
      <Layout ctx={ctx} title={t("meetingSchedule")} breadcrumbs={crumbs(ctx, { label: name, href: `/communities/${view.community.slug}` }, { label: t("meetingSchedule") })}>
        <h1>{t("meetingSchedule")}</h1>
        <ErrorSummary state={state} />
        <Form action={`/communities/${view.community.slug}/meetings/new`} csrfToken={ctx.csrfToken}>
          <TextField state={state} name="title" label={labels.title} required maxLength={200} />
          <TextField state={state} name="startsAt" type="datetime-local" label={labels.startsAt} hint={t("meetingStartsHint")} required />
          <SelectField state={state} name="timeZone" label={labels.timeZone} required choices={zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))} />
          <TextField state={state} name="durationMinutes" type="number" inputmode="numeric" label={labels.durationMinutes} required width="small" />
          <TextField state={state} name="onlineUrl" type="url" label={labels.onlineUrl} maxLength={500} />
          <TextField state={state} name="place" label={labels.place} maxLength={300} />
          <TextArea state={state} name="agenda" label={labels.agenda} rows={5} maxLength={5000} />
          <Button>{t("meetingSchedule")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  app.get("/communities/:slug/meetings/new", { schema: { params: SlugParams } }, meetingForm);
  app.post("/communities/:slug/meetings/new", { schema: { params: SlugParams } }, meetingForm);

  app.get("/communities/:slug/meetings/:meetingId", { schema: { params: MeetingParams } }, async (request, reply) => {
    const actor = await request.actor();
    const params = request.params as { slug: string; meetingId: string };
    const view = await requireVisibleCommunity(app.db, params.slug, actor);
    const meeting = await requireMeeting(app.db, view, params.meetingId);
    const ctx = reply.pageContext();
    const t = tFor(ctx);
    const [counts, mine] = await Promise.all([rsvpCounts(app.db, meeting.id), actor ? rsvpOf(app.db, meeting.id, actor.userId) : null]);
    const n = (r: string) => counts.find((c) => c.response === r)?.n ?? 0;
    const name = communityName(view.community, ctx.locale);
    return reply.page(
      <Layout ctx={ctx} title={meeting.title} breadcrumbs={crumbs(ctx, { label: name, href: `/communities/${view.community.slug}` }, { label: meeting.title })}>
        <h1>{meeting.title}</h1>
        <dl>
          <dt class="text-bold">{t("meetingWhen")}</dt>
          <dd class="margin-left-0 margin-bottom-1">
            <time dateTime={meeting.startsAt.toISOString()}>{formatInZone(meeting.startsAt, meeting.timeZone, ctx.locale)}</time> ({t("meetingDuration", { minutes: meeting.durationMinutes })})
          </dd>
          <dt class="text-bold">{t("meetingWhere")}</dt>
          <dd class="margin-left-0 margin-bottom-1">
            {meeting.place ? <div>{meeting.place}</div> : null}
            {meeting.onlineUrl ? (
              <a href={meeting.onlineUrl} rel="nofollow noopener">
                {t("meetingOnline")}
              </a>
            ) : null}
          </dd>
        </dl>
        {meeting.agenda ? (
          <>
            <h2>{t("meetingAgendaLabel")}</h2>
            <pre class="smh-markdown-source">{meeting.agenda}</pre>
          </>
        ) : null}
        <p>{t("rsvpCounts", { yes: n("yes"), maybe: n("maybe"), no: n("no") })}</p>
        {can(actor, "community.post", view.resource) ? (
          <Form action={`/communities/${view.community.slug}/meetings/${meeting.id}/rsvp`} csrfToken={ctx.csrfToken}>
            <RadioGroup state={{ locale: ctx.locale, values: { response: mine ?? "" } }} name="response" label={t("rsvpLabel")} required choices={RSVP_RESPONSES.map((r) => ({ value: r, label: label(t, "rsvp", r) }))} />
            <Button>{t("rsvpSave")}</Button>
          </Form>
        ) : null}
        <p>
          <a href={`/communities/${view.community.slug}/calendar.ics`}>{t("calendarFeed")}</a>
        </p>
      </Layout>,
    );
  });

  app.post("/communities/:slug/meetings/:meetingId/rsvp", { schema: { params: MeetingParams } }, async (request, reply) => {
    const actor = await request.actor();
    if (!actor) return redirectToSignIn(request, reply);
    const params = request.params as { slug: string; meetingId: string };
    const view = await requireVisibleCommunity(app.db, params.slug, actor);
    const meeting = await requireMeeting(app.db, view, params.meetingId);
    const form = parseForm(RsvpInput, request.body);
    if (form.ok) {
      await setRsvp(app.db, actor, view, meeting, form.value.response);
      reply.flash("success", tFor(request)("rsvpSaved"));
    }
    return reply.redirect(`/communities/${view.community.slug}/meetings/${meeting.id}`, 303);
  });

  app.get("/communities/:slug/calendar.ics", { schema: { params: SlugParams } }, async (request, reply) => {
    const view = await requireVisibleCommunity(app.db, (request.params as { slug: string }).slug, await request.actor());
    const body = meetingsToIcs(await communityFeed(app.db, view.community.id), app.config.publicUrl, view.community.nameEn);
    return reply.type("text/calendar; charset=utf-8").header("cache-control", "private, max-age=300").send(body);
  });

  app.get("/communities/calendar/:token", { schema: { params: CalendarParams } }, async (request, reply) => {
    const token = (request.params as { token: string }).token.replace(/\.ics$/, "");
    const userId = userFromCalendarToken(app.config.sessionSecret, token);
    if (!userId) throw notFound();
    const body = meetingsToIcs(await personalFeed(app.db, userId), app.config.publicUrl, "SMH Commons");
    return reply.type("text/calendar; charset=utf-8").header("cache-control", "private, max-age=300").send(body);
  });

  // --- People ---------------------------------------------------------------------------------
  app.get("/people/:handle", { schema: { params: HandleParams } }, async (request, reply) => {
    const actor = await request.actor();
    const profile = await profileByHandle(app.db, (request.params as { handle: string }).handle, actor);
    if (!profile) throw notFound();
    const ctx = reply.pageContext();
    const t = tFor(ctx);
    return reply.page(
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
              {t("personalCalendar")}{" "}
              <a href={`/communities/calendar/${calendarToken(app.config.sessionSecret, profile.userId)}.ics`}>iCal</a>
            </p>
          </>
        ) : null}
      </Layout>,
    );
  });

  const profileForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await request.actor();
    if (!actor) return redirectToSignIn(request, reply);
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
      state = { locale: request.locale, values: form.values, errors: form.errors, labels: { organisation: t("profileOrganisationLabel"), bio: t("profileBioLabel"), privacy: t("profilePrivacy") } };
      status = 400;
    }
    const ctx = reply.pageContext();
    return reply.page(
      <Layout ctx={ctx} title={t("profileEditTitle")} breadcrumbs={crumbs(ctx, { label: t("profileEditTitle") })}>
        <h1>{t("profileEditTitle")}</h1>
        <ErrorSummary state={state} />
        <Form action="/people/me/edit" csrfToken={ctx.csrfToken}>
          <TextField state={state} name="organisation" label={t("profileOrganisationLabel")} maxLength={200} autocomplete="organization" />
          <TextArea state={state} name="bio" label={t("profileBioLabel")} rows={4} maxLength={1000} />
          <CheckboxGroup state={state} name="privacy" label={t("profilePrivacy")} choices={PRIVACY_FLAGS.map((f) => ({ value: f, label: label(t, "privacy", f) }))} />
          <Button>{t("profileSave")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  app.get("/people/me/edit", profileForm);
  app.post("/people/me/edit", profileForm);

  // --- Reach ----------------------------------------------------------------------------------
  const reachRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await request.actor();
    const slug = (request.params as { slug?: string }).slug;
    const view = slug ? await requireVisibleCommunity(app.db, slug, actor) : null;
    const figures = await reach(app.db, actor, view?.community.id);
    const t = tFor(request);
    const shLabel = (k: string) => label(t, "sh", k);
    const stLabel = (k: string | null) => (k ? stateName(k) : t("noState"));
    if ((request.query as Record<string, string>).format === "csv") {
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
    const ctx = reply.pageContext();
    const name = view ? communityName(view.community, ctx.locale) : null;
    const title = name ? t("reachCommunityTitle", { name }) : t("reachTitle");
    const base = view ? `/communities/${view.community.slug}/reach` : "/communities/reach";
    return reply.page(
      <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx, ...(view ? [{ label: name!, href: `/communities/${view.community.slug}` }] : []), { label: t("reachLink") })}>
        <h1>{title}</h1>
        <p class="usa-intro">{t("reachIntro")}</p>
        <p>
          <strong>{t("reachTotal", { count: figures.total })}</strong> · <a href={`${base}?format=csv`}>{t("reachCsv")}</a>
        </p>
        <h2>{t("reachByType")}</h2>
        <Table caption={t("reachByType")} captionHidden headers={[t("stakeholderType"), t("count")]} rows={figures.byStakeholder.map((r) => [shLabel(r.key), String(r.n)])} />
        <h2>{t("reachByState")}</h2>
        <Table caption={t("reachByState")} captionHidden headers={[t("stateColumn"), t("count")]} rows={figures.byState.map((r) => [stLabel(r.key), String(r.n)])} />
      </Layout>,
    );
  };
  app.get("/communities/reach", reachRoute);
  app.get("/communities/:slug/reach", { schema: { params: SlugParams } }, reachRoute);
}

