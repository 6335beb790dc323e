import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import { badRequest, notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { attendEvent, eventOf, organiseEvent } from "./access";
import { answersFit, creditTypeOffered, registerFromInput } from "./attend-pages";
import {
  CheckInFields,
  CorrectionFields,
  EventParams,
  RegisterFields,
  RegistrationsQuery,
  SessionCodeFields,
} from "./fields";
import { checkCorrection, checkInByCode } from "./manage-pages";
import {
  attendedSessions,
  cancelRegistration,
  correctAttendance,
  displayCode,
  listRegistrations,
  myRegistrationPath,
  type RegistrationRow,
  recordSessionCode,
  registrationOf,
  sessionsForAttendance,
  ticketTypesOfferedTo,
  registrantOf,
} from "./service";

const tags = ["events"];
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableDate = Type.Union([Type.String({ format: "date-time" }), Type.Null()]);

const MyRegistration = Type.Object({
  id: Type.String({ format: "uuid" }),
  status: Type.String({ description: "registered, waitlisted or cancelled" }),
  ticketTypeId: NullableString,
  checkInCode: Type.String({
    description: "The code typed at check-in (also in the QR code on the registration page)",
  }),
  answers: Type.Record(Type.String(), Type.String()),
  certificateName: NullableString,
  licenceNumber: NullableString,
  registeredAt: Type.String({ format: "date-time" }),
  checkedInAt: NullableDate,
  attendedSessionIds: Type.Array(Type.String({ format: "uuid" })),
  page: Type.String({ description: "The person's registration page (QR code, calendar file)" }),
});

async function present(db: FastifyInstance["db"], r: RegistrationRow, slug: string) {
  return {
    id: r.id,
    status: r.status,
    ticketTypeId: r.ticketTypeId,
    checkInCode: displayCode(r.checkInCode),
    answers: r.answers,
    certificateName: r.certificateName,
    licenceNumber: r.licenceNumber,
    registeredAt: r.registeredAt.toISOString(),
    checkedInAt: r.checkedInAt?.toISOString() ?? null,
    attendedSessionIds: (await attendedSessions(db, r.id)).map((a) => a.sessionId),
    page: myRegistrationPath(slug),
  };
}

/** Registration in /api/v1: one's own registration, tickets offered, session codes; organisers' list, check-in, corrections. */
export async function registrationApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  app.get(
    "/events/:eventSlug/ticket-types",
    {
      config: { access: attendEvent },
      schema: {
        tags,
        summary: "The ticket types offered to the signed-in person",
        params: EventParams,
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              nameEn: Type.String(),
              nameEs: NullableString,
              mode: Type.String(),
              priceCents: Type.Integer(),
            }),
          ),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => {
      const person = await registrantOf(db, (await signedInActor(request)).userId);
      if (!person) throw notFound();
      return (await ticketTypesOfferedTo(db, eventOf(request).id, person.stakeholderRole)).map((t) => ({
        id: t.id,
        nameEn: t.nameEn,
        nameEs: t.nameEs,
        mode: t.mode,
        priceCents: t.priceCents,
      }));
    },
  );

  app.get(
    "/events/:eventSlug/registration",
    {
      config: { access: attendEvent },
      schema: {
        tags,
        summary: "My registration for the event (null when I never registered)",
        params: EventParams,
        response: { 200: Type.Union([MyRegistration, Type.Null()]), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const event = eventOf(request);
      const mine = await registrationOf(db, event.id, (await signedInActor(request)).userId);
      return mine ? present(db, mine, event.slug) : null;
    },
  );

  app.post(
    "/events/:eventSlug/registration",
    {
      config: { access: attendEvent },
      schema: {
        tags,
        summary: "Register (or join the waitlist when the event is full)",
        params: EventParams,
        body: RegisterFields,
        response: { 200: MyRegistration, 201: MyRegistration, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const event = eventOf(request);
      if (!(await answersFit(request, event.id, request.body)))
        throw badRequest("More answers than the event has questions.", [
          { pointer: "/answers", detail: "one answer per question of the event, in order" },
        ]);
      if (!(await creditTypeOffered(request, event.id, request.body)))
        throw badRequest("Choose one of the credit types this event offers.", [
          { pointer: "/creditTypeId", detail: "not a credit type of this event" },
        ]);
      const actor = await signedInActor(request);
      const result = await registerFromInput(request, event, actor.userId, request.body);
      if (!result.ok)
        throw badRequest("Choose one of the ticket types offered to you.", [
          { pointer: "/ticketTypeId", detail: "not a ticket type offered to you" },
        ]);
      return reply.code(result.already ? 200 : 201).send(await present(db, result.registration, event.slug));
    },
  );

  app.delete(
    "/events/:eventSlug/registration",
    {
      config: { access: attendEvent },
      schema: {
        tags,
        summary: "Cancel my registration",
        params: EventParams,
        response: problemResponses(401, 404),
      },
    },
    async (request, reply) => {
      const event = eventOf(request);
      const actor = await signedInActor(request);
      // Cancelling what is not there (or already cancelled) leaves it so: the answer is the same.
      const mine = await registrationOf(db, event.id, actor.userId);
      if (mine) await cancelRegistration(db, event, mine.id, actor.userId);
      return reply.code(204).send();
    },
  );

  app.post(
    "/events/:eventSlug/registration/attendance",
    {
      config: { access: attendEvent },
      schema: {
        tags,
        summary:
          "Record my attendance at an online session with its code (within the session's time + 10 minutes)",
        params: EventParams,
        body: SessionCodeFields,
        response: {
          200: Type.Object({ result: Type.String() }),
          ...problemResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const event = eventOf(request);
      const session = (await sessionsForAttendance(db, event.id)).find(
        (s) => s.id === request.body.sessionId,
      );
      if (!session) throw notFound();
      const actor = await signedInActor(request);
      const result = await recordSessionCode(
        db,
        await registrationOf(db, event.id, actor.userId),
        session,
        request.body.code,
      );
      if (result.kind === "recorded" || result.kind === "already") return { result: result.kind };
      throw badRequest(`Attendance not recorded: ${result.kind}`, [
        { pointer: "/code", detail: result.kind },
      ]);
    },
  );

  app.get(
    "/events/:eventSlug/registrations",
    {
      config: { access: organiseEvent },
      schema: {
        tags,
        summary: "The event's registrations (organisers only)",
        params: EventParams,
        querystring: RegistrationsQuery,
        response: {
          200: Type.Object({
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                email: Type.String(),
                status: Type.String(),
                ticketTypeId: NullableString,
                answers: Type.Record(Type.String(), Type.String()),
                checkedInAt: NullableDate,
              }),
            ),
          }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { page = 1, ...filters } = request.query;
      const { items, total } = await listRegistrations(db, eventOf(request).id, filters, page);
      return {
        total,
        items: items.map((r) => ({
          id: r.id,
          name: r.name,
          email: r.email,
          status: r.status,
          ticketTypeId: r.ticketTypeId,
          answers: r.answers,
          checkedInAt: r.checkedInAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    "/events/:eventSlug/check-ins",
    {
      config: { access: organiseEvent },
      schema: {
        tags,
        summary: "Check an attendee in by their code, at the door or (with sessionId) a session's room",
        params: EventParams,
        body: CheckInFields,
        response: {
          200: Type.Object({
            result: Type.String({
              description: "checked_in, recorded, already, not_registered or unknown_code",
            }),
            name: Type.Optional(Type.String()),
            ticket: Type.Optional(Type.String()),
            accessibility: Type.Optional(Type.String()),
            checkedInAt: Type.Optional(Type.String({ format: "date-time" })),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { code, sessionId } = request.body;
      if (
        sessionId &&
        !(await sessionsForAttendance(db, eventOf(request).id)).some((s) => s.id === sessionId)
      )
        throw notFound();
      const o = await checkInByCode(request, code, sessionId);
      return {
        result: o.kind,
        name: o.name,
        ticket: o.ticket,
        accessibility: o.accessibility,
        checkedInAt: o.at?.toISOString(),
      };
    },
  );

  app.post(
    "/events/:eventSlug/attendance-corrections",
    {
      config: { access: organiseEvent },
      schema: {
        tags,
        summary: "Correct one person's attendance at one session, with a reason (audited)",
        params: EventParams,
        body: CorrectionFields,
        response: { 200: Type.Object({ changed: Type.Boolean() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const errors = await checkCorrection(request, request.body);
      if (errors)
        throw badRequest(
          "The session or the registration is not one of this event's.",
          Object.keys(errors).map((f) => ({ pointer: `/${f}`, detail: "not one of this event's" })),
        );
      const actor = await signedInActor(request);
      const changed = await correctAttendance(
        db,
        eventOf(request).id,
        { ...request.body, present: request.body.present === "yes" },
        actor.userId,
      );
      return { changed };
    },
  );
}
