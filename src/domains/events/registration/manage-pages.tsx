import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { stringify } from "csv-stringify/sync";
import { signedInActor } from "../../../platform/http/access";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { type Locale, translator } from "../../../platform/i18n";
import { eventOf, organiseEvent, organiseRegistration, registrationInPath } from "./access";
import {
  AttendanceQuery,
  CheckInFields,
  CheckInQuery,
  CorrectionFields,
  EventParams,
  QuestionFields,
  RegistrationParams,
  RegistrationsQuery,
  TicketTypeFields,
  TicketTypeParams,
} from "./fields";
import { manageCatalog } from "./manage-messages";
import {
  AttendancePage,
  type CheckInOutcome,
  CheckInPage,
  RegistrationsPage,
  TicketsPage,
} from "./manage-views";
import {
  addQuestion,
  addTicketType,
  allRegistrations,
  attendancePerSession,
  attendeesOf,
  cancelRegistration,
  checkInAtDoor,
  checkInToSession,
  correctAttendance,
  correctionCandidate,
  correctionCandidates,
  defaultTicketTypes,
  listRegistrations,
  promoteRegistration,
  registrantOf,
  registrationById,
  registrationCounts,
  registrationQuestionsOf,
  removeTicketType,
  sessionsForAttendance,
  ticketTypesOf,
} from "./service";
import { ticketName } from "./views";

const hidden = { hide: true };
const tOf = (locale: Locale) => translator(manageCatalog, locale);

/** Check-in at the door or a session's room, shared by the page and the API: what staff are shown. */
export async function checkInByCode(
  request: FastifyRequest,
  code: string,
  sessionId: string | undefined,
): Promise<CheckInOutcome> {
  const db = request.server.db;
  const event = eventOf(request);
  const staff = await signedInActor(request);
  const result = sessionId
    ? await checkInToSession(db, event.id, sessionId, code, staff.userId)
    : await checkInAtDoor(db, event.id, code, staff.userId);
  if (result.kind === "unknown_code") return { kind: "unknown_code" };
  const registration = result.registration;
  const ticket = registration.ticketNameEn
    ? ticketName({ nameEn: registration.ticketNameEn, nameEs: registration.ticketNameEs }, request.locale)
    : undefined;
  return {
    kind: result.kind,
    name: registration.personName,
    ticket,
    accessibility: registration.answers.accessibility,
    status: registration.status,
    at: result.kind === "already" && "at" in result ? (result.at as Date) : undefined,
  };
}

/** The organisers' registration pages: list and CSV, promote and cancel, tickets and questions, check-in, attendance. */
export async function managePages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;
  const base = (slug: string) => `/events/${slug}/manage`;

  app.get(
    "/events/:eventSlug/manage/registrations",
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, querystring: RegistrationsQuery },
    },
    async (request, reply) => {
      const event = eventOf(request);
      const { page = 1, ...filters } = request.query;
      const { items, total } = await listRegistrations(db, event.id, filters, page);
      return reply.page(
        <RegistrationsPage
          ctx={reply.pageContext()}
          event={event}
          counts={await registrationCounts(db, event.id)}
          tickets={await ticketTypesOf(db, event.id)}
          questions={await registrationQuestionsOf(db, event.id)}
          filters={filters}
          items={items}
          total={total}
          page={page}
        />,
      );
    },
  );

  app.get(
    "/events/:eventSlug/manage/registrations.csv",
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, querystring: RegistrationsQuery },
    },
    async (request, reply) => {
      const event = eventOf(request);
      const { page: _page, ...filters } = request.query;
      const tickets = new Map((await ticketTypesOf(db, event.id)).map((x) => [x.id, x.nameEn]));
      const questions = await registrationQuestionsOf(db, event.id);
      const rows: string[][] = [
        [
          "name",
          "email",
          "stakeholder_type",
          "state",
          "ticket",
          "status",
          "check_in_code",
          "registered_at",
          "checked_in_at",
          "accessibility",
          "dietary",
          ...questions.map((q) => q.labelEn),
          "certificate_name",
          "licence_number",
        ],
      ];
      for await (const r of allRegistrations(db, event.id, filters)) {
        rows.push([
          r.name,
          r.email,
          r.stakeholderRole,
          r.stateCode ?? "",
          (r.ticketTypeId && tickets.get(r.ticketTypeId)) || "",
          r.status,
          r.checkInCode,
          r.registeredAt.toISOString(),
          r.checkedInAt?.toISOString() ?? "",
          r.answers.accessibility ?? "",
          r.answers.dietary ?? "",
          ...questions.map((q) => r.answers[q.id] ?? ""),
          r.certificateName ?? "",
          r.licenceNumber ?? "",
        ]);
      }
      return reply
        .type("text/csv; charset=utf-8")
        .header("cache-control", "private, no-store")
        .header("content-disposition", `attachment; filename="${event.slug}-registrations.csv"`)
        .send(stringify(rows));
    },
  );

  for (const act of ["promote", "cancel"] as const) {
    app.post(
      `/events/:eventSlug/manage/registrations/:registrationId/${act}`,
      {
        config: { access: organiseRegistration },
        schema: { ...hidden, params: RegistrationParams, body: ButtonForm },
      },
      async (request, reply) => {
        const event = eventOf(request);
        const registration = registrationInPath(request);
        const actor = await signedInActor(request);
        const t = tOf(request.locale);
        const name = (await registrantOf(db, registration.userId))?.name ?? "";
        const changed =
          act === "promote"
            ? await promoteRegistration(db, event, registration.id, actor.userId)
            : (await cancelRegistration(db, event, registration.id, actor.userId)).cancelled;
        if (changed)
          reply.flash("success", t(act === "promote" ? "promotedFlash" : "cancelledFlash", { name }));
        else reply.flash("info", t("nothingChanged"));
        return reply.redirect(`${base(event.slug)}/registrations`, 303);
      },
    );
  }

  const ticketsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    forms: {
      ticket?: { values: FormValues; errors: FieldErrors };
      question?: { values: FormValues; errors: FieldErrors };
    } = {},
  ) => {
    const event = eventOf(request);
    const t = tOf(request.locale);
    const labels = Object.fromEntries(
      (
        [
          "nameEn",
          "nameEs",
          "mode",
          "priceDollars",
          "capacity",
          "stakeholderRoles",
          "labelEn",
          "labelEs",
        ] as const
      ).map((k) => [k, t(k)]),
    );
    return reply.page(
      <TicketsPage
        ctx={reply.pageContext()}
        event={event}
        tickets={await ticketTypesOf(db, event.id)}
        questions={await registrationQuestionsOf(db, event.id)}
        ticketState={{
          locale: request.locale,
          labels,
          values: forms.ticket?.values ?? {},
          errors: forms.ticket?.errors,
        }}
        questionState={{
          locale: request.locale,
          labels,
          values: forms.question?.values ?? {},
          errors: forms.question?.errors,
        }}
      />,
      forms.ticket || forms.question ? 400 : 200,
    );
  };

  app.get(
    "/events/:eventSlug/manage/tickets",
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => ticketsPage(request, reply),
  );

  app.post(
    "/events/:eventSlug/manage/tickets",
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(TicketTypeFields) },
    },
    async (request, reply) => {
      const form = parseForm(TicketTypeFields, request.body);
      if (!form.ok) return ticketsPage(request, reply, { ticket: form });
      const event = eventOf(request);
      const { priceDollars, ...rest } = form.value;
      await addTicketType(db, event.id, { ...rest, priceCents: priceDollars * 100 });
      reply.flash("success", tOf(request.locale)("ticketAddedFlash"));
      return reply.redirect(`${base(event.slug)}/tickets`, 303);
    },
  );

  app.post(
    "/events/:eventSlug/manage/tickets/defaults",
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams, body: ButtonForm } },
    async (request, reply) => {
      const event = eventOf(request);
      if ((await ticketTypesOf(db, event.id)).length === 0)
        for (const ticket of defaultTicketTypes(event.mode)) await addTicketType(db, event.id, ticket);
      reply.flash("success", tOf(request.locale)("ticketAddedFlash"));
      return reply.redirect(`${base(event.slug)}/tickets`, 303);
    },
  );

  app.post(
    "/events/:eventSlug/manage/tickets/:ticketTypeId/remove",
    { config: { access: organiseEvent }, schema: { ...hidden, params: TicketTypeParams, body: ButtonForm } },
    async (request, reply) => {
      const event = eventOf(request);
      if (!(await ticketTypesOf(db, event.id)).some((x) => x.id === request.params.ticketTypeId))
        throw notFound();
      const removed = await removeTicketType(db, event.id, request.params.ticketTypeId);
      const t = tOf(request.locale);
      reply.flash(removed ? "success" : "info", removed ? t("removedFlash") : t("inUseFlash"));
      return reply.redirect(`${base(event.slug)}/tickets`, 303);
    },
  );

  app.post(
    "/events/:eventSlug/manage/questions",
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(QuestionFields) },
    },
    async (request, reply) => {
      const form = parseForm(QuestionFields, request.body);
      if (!form.ok) return ticketsPage(request, reply, { question: form });
      const event = eventOf(request);
      await addQuestion(db, event.id, form.value);
      reply.flash("success", tOf(request.locale)("questionAddedFlash"));
      return reply.redirect(`${base(event.slug)}/tickets`, 303);
    },
  );

  const checkInPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    sessionId: string | undefined,
    form: { values?: FormValues; errors?: FieldErrors; outcome?: CheckInOutcome } = {},
  ) => {
    const event = eventOf(request);
    const sessions = await sessionsForAttendance(db, event.id);
    return reply.page(
      <CheckInPage
        ctx={reply.pageContext()}
        event={event}
        sessions={sessions}
        sessionId={sessions.some((s) => s.id === sessionId) ? sessionId : undefined}
        state={{
          locale: request.locale,
          values: form.values ?? {},
          errors: form.errors,
          labels: { code: tOf(request.locale)("code") },
        }}
        outcome={form.outcome}
      />,
      form.errors || form.outcome?.kind === "unknown_code" ? 400 : 200,
    );
  };

  app.get(
    "/events/:eventSlug/manage/check-in",
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, querystring: CheckInQuery },
    },
    async (request, reply) => checkInPage(request, reply, request.query.sessionId),
  );

  app.post(
    "/events/:eventSlug/manage/check-in",
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(CheckInFields) },
    },
    async (request, reply) => {
      const form = parseForm(CheckInFields, request.body);
      if (!form.ok) return checkInPage(request, reply, undefined, form);
      const event = eventOf(request);
      const { sessionId, code } = form.value;
      if (sessionId && !(await sessionsForAttendance(db, event.id)).some((s) => s.id === sessionId))
        return checkInPage(request, reply, undefined, {
          values: form.value,
          errors: { sessionId: { code: "choice" } },
        });
      const outcome = await checkInByCode(request, code, sessionId);
      return checkInPage(request, reply, sessionId, { values: { code }, outcome });
    },
  );

  const attendancePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    chosen: { sessionId?: string; q?: string; registrationId?: string },
    form: { values?: FormValues; errors?: FieldErrors } = {},
  ) => {
    const event = eventOf(request);
    const sessions = await sessionsForAttendance(db, event.id);
    const session = sessions.find((s) => s.id === chosen.sessionId);
    const t = tOf(request.locale);
    const correcting = !!session || !!form.errors;
    const person =
      correcting && chosen.registrationId && !form.errors?.registrationId
        ? await correctionCandidate(db, event.id, chosen.registrationId)
        : null;
    const matches =
      correcting && !person
        ? await correctionCandidates(db, event.id, chosen.q)
        : { people: [], more: false };
    return reply.page(
      <AttendancePage
        ctx={reply.pageContext()}
        event={event}
        sessions={sessions}
        perSession={new Map((await attendancePerSession(db, event.id)).map((r) => [r.sessionId, r]))}
        session={session}
        attendees={session ? await attendeesOf(db, event.id, session.id) : []}
        correction={{ q: chosen.q ?? "", matches: matches.people, more: matches.more, chosen: person }}
        state={{
          locale: request.locale,
          values: form.values ?? {},
          errors: form.errors,
          labels: {
            sessionId: t("session"),
            registrationId: t("registrationId"),
            present: t("present"),
            reason: t("reason"),
          },
        }}
      />,
      form.errors ? 400 : 200,
    );
  };

  app.get(
    "/events/:eventSlug/manage/attendance",
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, querystring: AttendanceQuery },
    },
    async (request, reply) => attendancePage(request, reply, request.query),
  );

  app.post(
    "/events/:eventSlug/manage/attendance",
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(CorrectionFields) },
    },
    async (request, reply) => {
      const posted = {
        sessionId: typeof request.body.sessionId === "string" ? request.body.sessionId : undefined,
        registrationId:
          typeof request.body.registrationId === "string" ? request.body.registrationId : undefined,
      };
      const form = parseForm(CorrectionFields, request.body);
      if (!form.ok) return attendancePage(request, reply, posted, form);
      const event = eventOf(request);
      const checked = await checkCorrection(request, form.value);
      if (checked) return attendancePage(request, reply, form.value, { values: form.value, errors: checked });
      const actor = await signedInActor(request);
      const changed = await correctAttendance(
        db,
        event.id,
        { ...form.value, present: form.value.present === "yes" },
        actor.userId,
      );
      const t = tOf(request.locale);
      reply.flash(changed ? "success" : "info", changed ? t("correctedFlash") : t("correctionNothing"));
      return reply.redirect(`${base(event.slug)}/attendance?sessionId=${form.value.sessionId}`, 303);
    },
  );
}

/** A correction names a session of this event and a registration of it with a place; otherwise the field's error. */
export async function checkCorrection(
  request: FastifyRequest,
  value: { sessionId: string; registrationId: string },
): Promise<FieldErrors | null> {
  const db = request.server.db;
  const event = eventOf(request);
  if (!(await sessionsForAttendance(db, event.id)).some((s) => s.id === value.sessionId))
    return { sessionId: { code: "choice" } };
  const registration = await registrationById(db, value.registrationId);
  if (!registration || registration.eventId !== event.id || registration.status !== "registered")
    return { registrationId: { code: "choice" } };
  return null;
}
