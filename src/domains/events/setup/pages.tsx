import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { renderMarkdown } from "../../communities/service";
import {
  EVENTS_TAG,
  eventOrganiseAccess,
  eventReadAccess,
  eventTag,
  loadedEvent,
  loadedOrganiser,
  organiserAccess,
} from "./access";
import {
  CreditTypeFields,
  CreditTypeParams,
  EventForm,
  type EventFormInput,
  EventParams,
  EventsQuery,
  OrganiserParams,
} from "./contracts";
import { stringify } from "csv-stringify/sync";
import { MANAGE_PAGES, TAKE_PART_PAGES, takePartLinkShown } from "./links";
import { eventReport, reportCsvRows } from "./reports";
import { programPublishedAt } from "../program/service";
import { ReportsPage } from "./views/reports-page";
import {
  canOrganiseEvent,
  createEvent,
  DEMO_EVENT_SLUGS,
  defaultTracks,
  type EventFilters,
  type EventInput,
  EventSetupError,
  eventCreditTypeOf,
  eventCreditTypesOf,
  eventStates,
  eventTracksOf,
  listEvents,
  organisersFor,
  removeCreditType,
  replaceTracks,
  saveCreditType,
  setEventStatus,
  type TrackInput,
  updateEvent,
} from "./service";
import { BrowsePage } from "./views/browse-page";
import { EventPage } from "./views/event-page";
import {
  CreditTypesPage,
  EventFormPage,
  formValuesOf,
  ManagePage,
  OrganisePage,
  trackLines,
} from "./views/organiser-pages";
import { manageHref, tFor } from "./views/shared";

const hide = true;

/** The list's filters as asked: checked against the schema; anything else is a 400 with the page. */
export function parseEventsQuery(raw: Record<string, unknown>): { filters: EventFilters; invalid: boolean } {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string" && value.trim() !== "" && key in EventsQuery.properties) kept[key] = value;
  }
  if (!Value.Check(EventsQuery, kept)) return { filters: {}, invalid: true };
  return { filters: kept as EventFilters, invalid: false };
}

/** Tracks typed one per line, "English | Español"; a practice group's name keeps its link. */
export async function tracksFromLines(
  db: FastifyInstance["db"],
  lines: string | undefined,
): Promise<TrackInput[]> {
  const groups = new Map((await defaultTracks(db)).map((g) => [g.nameEn.toLowerCase(), g.communityId]));
  return (lines ?? "")
    .split(/\r?\n/)
    .map((line) => line.split("|").map((part) => part.trim()))
    .filter(([en]) => !!en)
    .slice(0, 40)
    .map(([en, es]) => ({
      nameEn: en!.slice(0, 200),
      nameEs: es ? es.slice(0, 200) : null,
      communityId: groups.get(en!.toLowerCase()) ?? null,
    }));
}

export function eventInputOf(value: Omit<EventFormInput, "tracks">): EventInput {
  return {
    slug: value.slug,
    kind: value.kind,
    titleEn: value.titleEn,
    titleEs: value.titleEs ?? null,
    summaryEn: value.summaryEn ?? "",
    summaryEs: value.summaryEs ?? null,
    startsOn: value.startsOn,
    endsOn: value.endsOn,
    timeZone: value.timeZone,
    mode: value.mode,
    venue: value.venue ?? null,
    onlineUrl: value.onlineUrl ?? null,
    capacity: value.capacity ?? null,
    ceActivityTitle: value.ceActivityTitle ?? null,
  };
}

/** A refusal of the service as the form's message beside its field. */
function setupErrors(error: unknown, locale: "en" | "es", field?: string): FieldErrors {
  if (!(error instanceof EventSetupError)) throw error;
  const t = tFor({ locale });
  return {
    [field ?? (error.field === "form" ? "titleEn" : error.field)]: { message: t(`problem_${error.problem}`) },
  };
}

/** Field problems (what was typed) are 400; a state's refusal (already published…) 409. */
const statusOf = (error: unknown) =>
  error instanceof EventSetupError && error.field !== "form" && error.problem !== "slugTaken" ? 400 : 409;

/** The capabilities' pages for an event that exist (routes registered by their helpers). */
function existingLinks<K extends string>(
  app: FastifyInstance,
  pages: readonly { key: K; route: string }[],
  slug: string,
): { key: K; href: string }[] {
  const found = new Map<K, string>();
  for (const page of pages) {
    if (found.has(page.key)) continue;
    if (app.hasRoute({ method: "GET", url: page.route }))
      found.set(page.key, page.route.replace(":eventSlug", slug));
  }
  return [...found].map(([key, href]) => ({ key, href }));
}

/** The events' pages: browse, an event, and the organisers' create, edit, publish, cancel and CE settings. */
export async function setupPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  // --- Browse ------------------------------------------------------------------------------------
  app.get(
    "/events",
    { schema: { hide, querystring: formFieldsOf(EventsQuery) }, config: { access: "public" } },
    async (request, reply) => {
      const actor = await request.actor();
      const { filters, invalid } = parseEventsQuery(request.query as Record<string, unknown>);
      if (invalid) reply.code(400);
      // Kept until any event changes (its trigger announces `events`); "upcoming" turns into
      // "past" at midnight, so a kept list lives no longer than an hour.
      return reply.cachedPage(
        async (ctx, deps) => {
          deps.add(EVENTS_TAG);
          const [upcoming, past, states, organisers] = await Promise.all([
            invalid ? [] : listEvents(db, actor, { ...filters, when: "upcoming" }),
            invalid ? [] : listEvents(db, actor, { ...filters, when: "past" }),
            eventStates(db, actor),
            actor ? organisersFor(db, actor) : [],
          ]);
          return (
            <BrowsePage
              ctx={ctx}
              view={{ filters, invalid, upcoming, past, states, canOrganise: organisers.length > 0 }}
            />
          );
        },
        { ttlMs: 60 * 60_000 },
      );
    },
  );

  app.get(
    "/events/:eventSlug",
    { schema: { hide, params: EventParams }, config: { access: eventReadAccess } },
    async (request, reply) => {
      const { row, tracks } = loadedEvent(request);
      const actor = await request.actor();
      return reply.cachedPage(async (ctx, deps) => {
        deps.add(eventTag(row.id), `program:${row.id}`);
        const [creditTypes, programPublished] = await Promise.all([
          eventCreditTypesOf(db, row.id),
          programPublishedAt(db, row.id),
        ]);
        const canOrganise = canOrganiseEvent(actor, row);
        const summary = ctx.locale === "es" && row.summaryEs ? row.summaryEs : row.summaryEn;
        return (
          <EventPage
            ctx={ctx}
            view={{
              event: row,
              summaryHtml: summary ? renderMarkdown(summary) : "",
              tracks,
              creditTypes,
              links:
                row.status === "published"
                  ? existingLinks(app, TAKE_PART_PAGES, row.slug).filter((link) =>
                      takePartLinkShown(link.key, row, { programPublished: !!programPublished, canOrganise }),
                    )
                  : [],
              canOrganise,
              demo: (DEMO_EVENT_SLUGS as readonly string[]).includes(row.slug),
            }}
          />
        );
      });
    },
  );

  // --- Organisers: create ---------------------------------------------------------------------------
  app.get(
    "/events/organise",
    { schema: { hide }, config: { access: "signedIn" } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const organisers = await organisersFor(db, actor);
      const events = organisers.length > 0 ? await listEvents(db, actor, { organisedBy: actor }) : [];
      return reply.page(<OrganisePage ctx={reply.pageContext()} organisers={organisers} events={events} />);
    },
  );

  const newPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const organiser = loadedOrganiser(request);
    const ctx = reply.pageContext();
    return (
      <EventFormPage
        ctx={ctx}
        action={`/events/organise/${organiser.id}/new`}
        heading={tFor(ctx)("newTitle", { name: organiser.name })}
        values={
          values ?? {
            kind: "webinar",
            mode: "online",
            timeZone: "America/New_York",
            tracks: trackLines(await defaultTracks(db)),
          }
        }
        errors={errors}
      />
    );
  };

  app.get(
    "/events/organise/:organiserId/new",
    { schema: { hide, params: OrganiserParams }, config: { access: organiserAccess } },
    async (request, reply) => reply.page(await newPage(request, reply)),
  );

  app.post(
    "/events/organise/:organiserId/new",
    {
      schema: { hide, params: OrganiserParams, body: formFieldsOf(EventForm) },
      config: { access: organiserAccess },
    },
    async (request, reply) => {
      const parsed = parseForm(EventForm, request.body);
      if (!parsed.ok) return reply.page(await newPage(request, reply, parsed.values, parsed.errors), 400);
      const { tracks, ...fields } = parsed.value;
      const organiser = loadedOrganiser(request);
      try {
        const row = await createEvent(
          db,
          await signedInActor(request),
          { id: organiser.id, ancestorIds: organiser.ancestorIds },
          eventInputOf(fields),
          await tracksFromLines(db, tracks),
        );
        reply.flash("success", tFor(request)("created"));
        return reply.redirect(manageHref(row.slug), 303);
      } catch (error) {
        const errors = setupErrors(error, request.locale);
        return reply.page(await newPage(request, reply, request.body as FormValues, errors), statusOf(error));
      }
    },
  );

  // --- Organisers: one event ------------------------------------------------------------------------
  app.get(
    "/events/:eventSlug/manage",
    { schema: { hide, params: EventParams }, config: { access: eventOrganiseAccess } },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const links = MANAGE_PAGES.map((key) => ({
        key: key.key,
        href:
          existingLinks(
            app,
            key.routes.map((route) => ({ key: key.key, route })),
            row.slug,
          )[0]?.href ?? null,
      }));
      return reply.page(<ManagePage ctx={reply.pageContext()} event={row} links={links} />);
    },
  );

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { row } = loadedEvent(request);
    const ctx = reply.pageContext();
    const heading = tFor(ctx)("editTitle", {
      title: ctx.locale === "es" && row.titleEs ? row.titleEs : row.titleEn,
    });
    return (
      <EventFormPage
        ctx={ctx}
        action={`${manageHref(row.slug)}/edit`}
        heading={heading}
        event={row}
        values={values ?? formValuesOf(row, await eventTracksOf(db, row.id))}
        errors={errors}
      />
    );
  };

  app.get(
    "/events/:eventSlug/manage/edit",
    { schema: { hide, params: EventParams }, config: { access: eventOrganiseAccess } },
    async (request, reply) => reply.page(await editPage(request, reply)),
  );

  app.post(
    "/events/:eventSlug/manage/edit",
    {
      schema: { hide, params: EventParams, body: formFieldsOf(EventForm) },
      config: { access: eventOrganiseAccess },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const parsed = parseForm(EventForm, request.body);
      if (!parsed.ok) return reply.page(await editPage(request, reply, parsed.values, parsed.errors), 400);
      const { tracks, slug: _slug, ...fields } = parsed.value;
      const actor = await signedInActor(request);
      try {
        await updateEvent(db, actor, row, eventInputOf(fields));
        await replaceTracks(db, actor, row, await tracksFromLines(db, tracks));
      } catch (error) {
        const errors = setupErrors(error, request.locale);
        return reply.page(
          await editPage(request, reply, request.body as FormValues, errors),
          statusOf(error),
        );
      }
      reply.flash("success", tFor(request)("saved"));
      return reply.redirect(manageHref(row.slug), 303);
    },
  );

  /** Publish or cancel: one button; on refusal the overview says why. */
  const statusStep =
    (status: "published" | "cancelled") => async (request: FastifyRequest, reply: FastifyReply) => {
      const { row } = loadedEvent(request);
      const t = tFor(request);
      try {
        await setEventStatus(db, await signedInActor(request), row, status);
      } catch (error) {
        if (!(error instanceof EventSetupError)) throw error;
        reply.flash("error", t(`problem_${error.problem}`));
        return reply.redirect(manageHref(row.slug), 303);
      }
      reply.flash("success", t(status));
      return reply.redirect(manageHref(row.slug), 303);
    };

  app.post(
    "/events/:eventSlug/manage/publish",
    { schema: { hide, params: EventParams, body: ButtonForm }, config: { access: eventOrganiseAccess } },
    statusStep("published"),
  );
  app.post(
    "/events/:eventSlug/manage/cancel",
    { schema: { hide, params: EventParams, body: ButtonForm }, config: { access: eventOrganiseAccess } },
    statusStep("cancelled"),
  );

  // --- Organisers: CE credit types ------------------------------------------------------------------
  const creditPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    editingId?: string,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { row } = loadedEvent(request);
    const creditTypes = await eventCreditTypesOf(db, row.id);
    const editing = editingId ? creditTypes.find((c) => c.id === editingId) : undefined;
    if (editingId && !editing) throw notFound();
    return (
      <CreditTypesPage
        ctx={reply.pageContext()}
        event={row}
        creditTypes={creditTypes}
        editing={editing}
        values={values}
        errors={errors}
      />
    );
  };

  app.get(
    "/events/:eventSlug/manage/credit-types",
    { schema: { hide, params: EventParams }, config: { access: eventOrganiseAccess } },
    async (request, reply) => reply.page(await creditPage(request, reply)),
  );

  app.get(
    "/events/:eventSlug/manage/credit-types/:creditTypeId",
    { schema: { hide, params: CreditTypeParams }, config: { access: eventOrganiseAccess } },
    async (request, reply) => reply.page(await creditPage(request, reply, request.params.creditTypeId)),
  );

  const saveCredit = async (request: FastifyRequest, reply: FastifyReply, id?: string) => {
    const { row } = loadedEvent(request);
    if (id && !(await eventCreditTypeOf(db, row.id, id))) throw notFound();
    const parsed = parseForm(CreditTypeFields, request.body);
    if (!parsed.ok)
      return reply.page(await creditPage(request, reply, id, parsed.values, parsed.errors), 400);
    try {
      await saveCreditType(db, await signedInActor(request), row, parsed.value, id);
    } catch (error) {
      const errors = setupErrors(error, request.locale);
      return reply.page(
        await creditPage(request, reply, id, request.body as FormValues, errors),
        statusOf(error),
      );
    }
    reply.flash("success", tFor(request)("creditSaved"));
    return reply.redirect(`${manageHref(row.slug)}/credit-types`, 303);
  };

  app.post(
    "/events/:eventSlug/manage/credit-types",
    {
      schema: { hide, params: EventParams, body: formFieldsOf(CreditTypeFields) },
      config: { access: eventOrganiseAccess },
    },
    async (request, reply) => saveCredit(request, reply),
  );

  app.post(
    "/events/:eventSlug/manage/credit-types/:creditTypeId",
    {
      schema: { hide, params: CreditTypeParams, body: formFieldsOf(CreditTypeFields) },
      config: { access: eventOrganiseAccess },
    },
    async (request, reply) => saveCredit(request, reply, request.params.creditTypeId),
  );

  app.post(
    "/events/:eventSlug/manage/credit-types/:creditTypeId/remove",
    { schema: { hide, params: CreditTypeParams, body: ButtonForm }, config: { access: eventOrganiseAccess } },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      try {
        await removeCreditType(db, await signedInActor(request), row, request.params.creditTypeId);
      } catch (error) {
        if (error instanceof EventSetupError) throw notFound();
        throw error;
      }
      reply.flash("success", tFor(request)("creditRemoved"));
      return reply.redirect(`${manageHref(row.slug)}/credit-types`, 303);
    },
  );

  // --- Organisers: reports ----------------------------------------------------------------------------
  app.get(
    "/events/:eventSlug/manage/reports",
    { schema: { hide, params: EventParams }, config: { access: eventOrganiseAccess } },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const report = await eventReport(db, row.id);
      return reply.page(<ReportsPage ctx={reply.pageContext()} event={row} report={report} />);
    },
  );

  app.get(
    "/events/:eventSlug/manage/reports.csv",
    { schema: { hide, params: EventParams }, config: { access: eventOrganiseAccess } },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const csv = stringify(reportCsvRows(await eventReport(db, row.id)));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${row.slug}-report.csv"`)
        .send(csv);
    },
  );
}
