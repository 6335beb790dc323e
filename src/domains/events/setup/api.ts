import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import { badRequest, conflict, notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import {
  eventOrganiseAccess,
  eventReadAccess,
  loadedEvent,
  loadedOrganiser,
  organiserAccess,
} from "./access";
import {
  CreditTypeFields,
  CreditTypeParams,
  CreditTypeResponse,
  EventFields,
  EventListResponse,
  EventParams,
  EventResponse,
  EventsApiQuery,
  type EventSummaryResponse,
  NewEventBody,
  OrganiserParams,
  TracksBody,
} from "./contracts";
import { eventInputOf } from "./pages";
import { eventReport } from "./reports";
import type { CreditTypeRow, EventWithOrganiser } from "./repo";
import {
  createEvent,
  defaultTracks,
  type EventListItem,
  EventSetupError,
  eventBySlug,
  eventCreditTypeOf,
  eventCreditTypesOf,
  eventTracksOf,
  listEvents,
  removeCreditType,
  replaceTracks,
  saveCreditType,
  setEventStatus,
  type TrackInput,
  updateEvent,
} from "./service";
import { eventHref } from "./views/shared";

const tags = ["events"];

function presentSummary(e: EventListItem | EventWithOrganiser): Static<typeof EventSummaryResponse> {
  const organiser =
    "organiser" in e
      ? e.organiser
      : { id: e.organiserId, name: e.organiserName, kind: e.organiserKind, stateCode: e.stateCode };
  return {
    id: e.id,
    slug: e.slug,
    kind: e.kind,
    status: e.status,
    title: { en: e.titleEn, es: e.titleEs },
    summary: { en: e.summaryEn, es: e.summaryEs },
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    timeZone: e.timeZone,
    mode: e.mode,
    venue: e.venue,
    organiser: {
      id: organiser.id,
      name: organiser.name,
      kind: organiser.kind,
      stateCode: organiser.stateCode,
    },
    links: { page: eventHref(e.slug) },
  };
}

const presentCredit = (c: CreditTypeRow): Static<typeof CreditTypeResponse> => ({
  id: c.id,
  profession: c.profession,
  label: c.label,
  providerName: c.providerName,
  approvalStatement: c.approvalStatement,
  retentionYears: c.retentionYears,
});

/** A refusal: a field's problem is a 400 naming the field, a state's a 409. */
function asProblem(error: unknown): never {
  if (!(error instanceof EventSetupError)) throw error;
  if (error.problem === "creditTypeMissing") throw notFound();
  if (error.field !== "form" && error.problem !== "slugTaken")
    throw badRequest(error.message, [{ pointer: `/${error.field}`, detail: error.problem }]);
  throw conflict(error.message, { problem: error.problem });
}

const tracksOf = (list: Static<typeof TracksBody>["tracks"], groups: TrackInput[]): TrackInput[] => {
  const byName = new Map(groups.map((g) => [g.nameEn.toLowerCase(), g.communityId]));
  return list.map((t) => ({
    nameEn: t.nameEn,
    nameEs: t.nameEs ?? null,
    communityId: byName.get(t.nameEn.toLowerCase()) ?? null,
  }));
};

/** Events under /api/v1/events: the same reads and organisers' writes as the pages. */
export async function setupApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  async function present(slug: string): Promise<Static<typeof EventResponse>> {
    const row = await eventBySlug(db, slug);
    if (!row) throw notFound();
    const [tracks, creditTypes] = await Promise.all([
      eventTracksOf(db, row.id),
      eventCreditTypesOf(db, row.id),
    ]);
    return {
      ...presentSummary(row),
      onlineUrl: row.status === "published" ? row.onlineUrl : null,
      capacity: row.capacity,
      ceActivityTitle: row.ceActivityTitle,
      publishedAt: row.publishedAt?.toISOString() ?? null,
      tracks: tracks.map((t) => ({
        id: t.id,
        nameEn: t.nameEn,
        nameEs: t.nameEs,
        communityId: t.communityId,
        position: t.position,
      })),
      creditTypes: creditTypes.map(presentCredit),
    };
  }

  app.get(
    "/events",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "Events you may see (published and cancelled ones; drafts for their organisers), filtered by kind, organising state, mode, upcoming or past, status",
        querystring: EventsApiQuery,
        response: { 200: EventListResponse, ...problemResponses(400) },
      },
    },
    async (request) => {
      const actor = await request.actor();
      return { items: (await listEvents(db, actor, request.query)).map(presentSummary) };
    },
  );

  app.get(
    "/events/:eventSlug",
    {
      config: { access: eventReadAccess },
      schema: {
        tags,
        summary: "An event: dates and time zone, where or how to join, tracks and the CE credit offered",
        params: EventParams,
        response: { 200: EventResponse, ...problemResponses(404) },
      },
    },
    async (request) => present(loadedEvent(request).row.slug),
  );

  app.post(
    "/events/organisers/:organiserId/events",
    {
      config: { access: organiserAccess },
      schema: {
        tags,
        summary:
          "Create a draft event run by the nation or a state whose team you are on (tracks default to one per national practice group)",
        params: OrganiserParams,
        body: NewEventBody,
        response: { 201: EventResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { tracks, ...fields } = request.body;
      const organiser = loadedOrganiser(request);
      const row = await createEvent(
        db,
        await signedInActor(request),
        { id: organiser.id, ancestorIds: organiser.ancestorIds },
        eventInputOf(fields),
        tracks ? tracksOf(tracks, await defaultTracks(db)) : undefined,
      ).catch(asProblem);
      return reply.code(201).send(await present(row.slug));
    },
  );

  app.put(
    "/events/:eventSlug",
    {
      config: { access: eventOrganiseAccess },
      schema: {
        tags,
        summary: "Change an event's details (its address stays)",
        params: EventParams,
        body: Type.Omit(EventFields, ["slug"]),
        response: { 200: EventResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { row } = loadedEvent(request);
      await updateEvent(db, await signedInActor(request), row, eventInputOf(request.body)).catch(asProblem);
      return present(row.slug);
    },
  );

  app.put(
    "/events/:eventSlug/tracks",
    {
      config: { access: eventOrganiseAccess },
      schema: {
        tags,
        summary: "Replace an event's tracks (in order; a track keeping its English name keeps its id)",
        params: EventParams,
        body: TracksBody,
        response: { 200: EventResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { row } = loadedEvent(request);
      await replaceTracks(
        db,
        await signedInActor(request),
        row,
        tracksOf(request.body.tracks, await defaultTracks(db)),
      );
      return present(row.slug);
    },
  );

  for (const [path, status, summary] of [
    ["publish", "published", "Publish a draft event: everyone can see it"],
    ["cancel", "cancelled", "Cancel an event: it stays listed, marked cancelled"],
  ] as const) {
    app.post(
      `/events/:eventSlug/${path}`,
      {
        config: { access: eventOrganiseAccess },
        schema: {
          tags,
          summary,
          params: EventParams,
          response: { 200: EventResponse, ...problemResponses(401, 404, 409) },
        },
      },
      async (request) => {
        const { row } = loadedEvent(request);
        await setEventStatus(db, await signedInActor(request), row, status).catch(asProblem);
        return present(row.slug);
      },
    );
  }

  app.post(
    "/events/:eventSlug/credit-types",
    {
      config: { access: eventOrganiseAccess },
      schema: {
        tags,
        summary: "Offer CE credit to a profession: its label, the approved provider, the approval statement",
        params: EventParams,
        body: CreditTypeFields,
        response: { 201: CreditTypeResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const saved = await saveCreditType(db, await signedInActor(request), row, request.body).catch(
        asProblem,
      );
      return reply.code(201).send(presentCredit(saved));
    },
  );

  app.put(
    "/events/:eventSlug/credit-types/:creditTypeId",
    {
      config: { access: eventOrganiseAccess },
      schema: {
        tags,
        summary: "Change a CE credit type",
        params: CreditTypeParams,
        body: CreditTypeFields,
        response: { 200: CreditTypeResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { row } = loadedEvent(request);
      if (!(await eventCreditTypeOf(db, row.id, request.params.creditTypeId))) throw notFound();
      const saved = await saveCreditType(
        db,
        await signedInActor(request),
        row,
        request.body,
        request.params.creditTypeId,
      ).catch(asProblem);
      return presentCredit(saved);
    },
  );

  app.delete(
    "/events/:eventSlug/credit-types/:creditTypeId",
    {
      config: { access: eventOrganiseAccess },
      schema: {
        tags,
        summary: "Stop offering a CE credit type",
        params: CreditTypeParams,
        response: { 204: Type.Null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      await removeCreditType(db, await signedInActor(request), row, request.params.creditTypeId).catch(
        asProblem,
      );
      return reply.code(204).send(null);
    },
  );

  const Groups = Type.Array(
    Type.Object({
      group: Type.Union([Type.String(), Type.Null()]),
      registered: Type.Integer(),
      waitlisted: Type.Integer(),
      cancelled: Type.Integer(),
      checkedIn: Type.Integer(),
      attended: Type.Integer(),
    }),
  );
  const Evaluated = Type.Array(
    Type.Object({ group: Type.Union([Type.String(), Type.Null()]), evaluations: Type.Integer() }),
  );
  app.get(
    "/events/:eventSlug/reports",
    {
      config: { access: eventOrganiseAccess },
      schema: {
        tags,
        summary:
          "An event's figures for its organisers: registrations and attendance by stakeholder type and state, evaluations, CE credits issued per credit type (null where that part is not available)",
        params: EventParams,
        response: {
          200: Type.Object({
            byStakeholder: Groups,
            byState: Groups,
            evaluations: Type.Union([
              Type.Object({ byStakeholder: Evaluated, byState: Evaluated }),
              Type.Null(),
            ]),
            credits: Type.Union([
              Type.Array(
                Type.Object({
                  creditTypeId: Type.String(),
                  label: Type.String(),
                  profession: Type.String(),
                  certificates: Type.Integer(),
                  hours: Type.Number(),
                }),
              ),
              Type.Null(),
            ]),
          }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => eventReport(db, loadedEvent(request).row.id),
  );
}
