import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { feedTokenOwner } from "../../../platform/auth/feed-tokens";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formFieldsOf, parseForm } from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { can } from "../../../platform/policy";
import type { FormState } from "../../../platform/ui/components";
import {
  Button,
  ErrorSummary,
  Form,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { loadActor } from "../../teams/service";
import { requireActor } from "../api-shared";
import { CalendarParams, MeetingInput, MeetingParams, RsvpInput, SlugParams } from "../contracts";
import {
  communityFeed,
  formatInZone,
  meetingsToIcs,
  personalFeed,
  rsvpCounts,
  rsvpOf,
  scheduleMeeting,
  setRsvp,
} from "./service";
import { RSVP_RESPONSES } from "../agenda/schema";
import { communityBySlug, communityOf, meetingById, meetingOf, readable } from "../route-params";
import { communityCrumbs, formProblem, label, tFor } from "../views/shared";

export async function meetingPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // --- Meetings -------------------------------------------------------------------------------
  const meetingForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await requireActor(request);
    const view = communityOf(request);
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
    let state: FormState = {
      locale: request.locale,
      values: { timeZone: "America/New_York", durationMinutes: "60" },
    };
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
    const zones = Intl.supportedValuesOf("timeZone").filter(
      (z) => z.startsWith("America/") || z.startsWith("Pacific/") || z === "UTC",
    );
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("meetingSchedule")}
        breadcrumbs={communityCrumbs(ctx, view.community, { label: t("meetingSchedule") })}
      >
        <h1>{t("meetingSchedule")}</h1>
        <ErrorSummary state={state} />
        <Form action={`/communities/${view.community.slug}/meetings/new`} csrfToken={ctx.csrfToken}>
          <TextField state={state} name="title" label={labels.title} required maxLength={200} />
          <TextField
            state={state}
            name="startsAt"
            type="datetime-local"
            label={labels.startsAt}
            hint={t("meetingStartsHint")}
            required
          />
          <SelectField
            state={state}
            name="timeZone"
            label={labels.timeZone}
            required
            choices={zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))}
          />
          <TextField
            state={state}
            name="durationMinutes"
            type="number"
            inputmode="numeric"
            label={labels.durationMinutes}
            required
            width="small"
          />
          <TextField state={state} name="onlineUrl" type="url" label={labels.onlineUrl} maxLength={500} />
          <TextField state={state} name="place" label={labels.place} maxLength={300} />
          <TextArea state={state} name="agenda" label={labels.agenda} rows={5} maxLength={5000} />
          <Button>{t("meetingSchedule")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  // The leads schedule meetings; to anyone else the form does not exist.
  const leads = {
    access: { action: "community.lead", load: readable(communityBySlug), refuse: 404 },
  } as const;
  r.get("/communities/:slug/meetings/new", { schema: { params: SlugParams }, config: leads }, meetingForm);
  r.post(
    "/communities/:slug/meetings/new",
    { schema: { params: SlugParams, body: formFieldsOf(MeetingInput) }, config: leads },
    meetingForm,
  );

  r.get(
    "/communities/:slug/meetings/:meetingId",
    {
      schema: { params: MeetingParams },
      config: { access: { action: "community.read", load: meetingById, refuse: 404 } },
    },
    async (request, reply) => {
      const actor = await request.actor();
      const { meeting, view } = meetingOf(request);
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      const [counts, mine] = await Promise.all([
        rsvpCounts(app.db, meeting.id),
        actor ? rsvpOf(app.db, meeting.id, actor.userId) : null,
      ]);
      const n = (r: string) => counts.find((c) => c.response === r)?.n ?? 0;
      return reply.page(
        <Layout
          ctx={ctx}
          title={meeting.title}
          breadcrumbs={communityCrumbs(ctx, view.community, { label: meeting.title })}
        >
          <h1>{meeting.title}</h1>
          <dl>
            <dt class="text-bold">{t("meetingWhen")}</dt>
            <dd class="margin-left-0 margin-bottom-1">
              <time dateTime={meeting.startsAt.toISOString()}>
                {formatInZone(meeting.startsAt, meeting.timeZone, ctx.locale)}
              </time>{" "}
              ({t("meetingDuration", { minutes: meeting.durationMinutes })})
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
            <Form
              action={`/communities/${view.community.slug}/meetings/${meeting.id}/rsvp`}
              csrfToken={ctx.csrfToken}
            >
              <RadioGroup
                state={{ locale: ctx.locale, values: { response: mine ?? "" } }}
                name="response"
                label={t("rsvpLabel")}
                required
                choices={RSVP_RESPONSES.map((r) => ({ value: r, label: label(t, "rsvp", r) }))}
              />
              <Button>{t("rsvpSave")}</Button>
            </Form>
          ) : null}
          <p>
            <a href={`/communities/${view.community.slug}/calendar.ics`}>{t("calendarFeed")}</a>
          </p>
        </Layout>,
      );
    },
  );

  r.post(
    "/communities/:slug/meetings/:meetingId/rsvp",
    {
      schema: { params: MeetingParams, body: formFieldsOf(RsvpInput) },
      config: { access: { action: "community.post", load: readable(meetingById) } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const { meeting, view } = meetingOf(request);
      const t = tFor(request);
      const form = parseForm(RsvpInput, request.body);
      const back = {
        label: meeting.title,
        href: `/communities/${view.community.slug}/meetings/${meeting.id}`,
      };
      if (!form.ok)
        return formProblem(reply, {
          title: t("rsvpSave"),
          back,
          failed: form,
          labels: { response: t("rsvpLabel") },
        });
      await setRsvp(app.db, actor, view, meeting, form.value.response);
      reply.flash("success", t("rsvpSaved"));
      return reply.redirect(`/communities/${view.community.slug}/meetings/${meeting.id}`, 303);
    },
  );

  r.get(
    "/communities/:slug/calendar.ics",
    {
      schema: { params: SlugParams },
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
    },
    async (request, reply) => {
      const view = communityOf(request);
      const body = meetingsToIcs(
        await communityFeed(app.db, view.community.id),
        app.config.publicUrl,
        view.community.nameEn,
      );
      return reply
        .type("text/calendar; charset=utf-8")
        .header("cache-control", "private, max-age=300")
        .send(body);
    },
  );

  // The personal feed's token is the permission (calendar apps cannot sign in).
  r.get(
    "/communities/calendar/:token",
    { schema: { params: CalendarParams }, config: { access: "public" } },
    async (request, reply) => {
      // A revoked link, a disabled account or an old signed link (before feed tokens) is not found.
      const owner = await feedTokenOwner(app.db, request.params.token.replace(/\.ics$/, ""), "calendar");
      const actor = owner ? await loadActor(app.db, owner.userId) : null;
      if (!actor) throw notFound();
      const body = meetingsToIcs(await personalFeed(app.db, actor), app.config.publicUrl, "SMH Commons");
      return reply
        .type("text/calendar; charset=utf-8")
        .header("cache-control", "private, max-age=300")
        .send(body);
    },
  );
}
