import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { translator } from "../../../platform/i18n";
import type { FormState } from "../../../platform/ui/components";
import { creditTypesOf } from "../credit/service";
import { attendEvent, eventOf } from "./access";
import { EventParams, type RegisterInput, RegisterFields, SessionCodeFields } from "./fields";
import { registrationCatalog } from "./messages";
import {
  attendedSessions,
  cancelRegistration,
  checkInQrSvg,
  eventCalendarFile,
  isFull,
  myRegistrationPath,
  type RegistrationEvent,
  recordSessionCode,
  register,
  registrantOf,
  registrationOf,
  registrationQuestionsOf,
  sessionsForAttendance,
  ticketTypesOf,
  ticketTypesOfferedTo,
  waitlistPosition,
} from "./service";
import { eventTime, MyRegistrationPage, RegisterPage } from "./views";

const hidden = { hide: true };
const tOf = (request: FastifyRequest) => translator(registrationCatalog, request.locale);

/** The answers kept on a registration: the built-in needs, then the event's own questions by id. */
function answersOf(input: RegisterInput, questionIds: string[]): Record<string, string> {
  const answers: Record<string, string> = {};
  if (input.accessibility) answers.accessibility = input.accessibility;
  if (input.dietary) answers.dietary = input.dietary;
  questionIds.forEach((id, i) => {
    const answer = input.answers?.[i]?.trim();
    if (answer) answers[id] = answer;
  });
  return answers;
}

/** Whether the answers given match the event's questions (no more answers than questions). */
export async function answersFit(
  request: FastifyRequest,
  eventId: string,
  input: RegisterInput,
): Promise<boolean> {
  const questions = await registrationQuestionsOf(request.server.db, eventId);
  return (input.answers?.length ?? 0) <= questions.length;
}

/** Whether the credit type chosen, if any, is one the event offers (credit's list, the certificate page's too). */
export async function creditTypeOffered(
  request: FastifyRequest,
  eventId: string,
  input: RegisterInput,
): Promise<boolean> {
  if (!input.creditTypeId) return true;
  return (await creditTypesOf(request.server.db, eventId)).some((c) => c.id === input.creditTypeId);
}

/** Registers the signed-in person for the event (shared by the page and the API). */
export async function registerFromInput(
  request: FastifyRequest,
  event: RegistrationEvent,
  userId: string,
  input: RegisterInput,
) {
  const questions = await registrationQuestionsOf(request.server.db, event.id);
  return register(request.server.db, event, userId, {
    ticketTypeId: input.ticketTypeId,
    answers: answersOf(
      input,
      questions.map((q) => q.id),
    ),
    certificateName: input.certificateName ?? null,
    licenceNumber: input.licenceNumber ?? null,
    creditTypeId: input.creditTypeId ?? null,
  });
}

/** The attendee's pages: register, my registration (QR code, calendar, session codes), cancel. */
export async function attendPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  const registerForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormValues = {},
    errors?: FieldErrors,
  ) => {
    const event = eventOf(request);
    const actor = await signedInActor(request);
    const person = await registrantOf(db, actor.userId);
    const t = tOf(request);
    return reply.page(
      <RegisterPage
        ctx={reply.pageContext()}
        event={event}
        tickets={person ? await ticketTypesOfferedTo(db, event.id, person.stakeholderRole) : []}
        questions={await registrationQuestionsOf(db, event.id)}
        creditTypes={await creditTypesOf(db, event.id)}
        full={await isFull(db, event.id)}
        state={{
          locale: request.locale,
          values,
          errors,
          labels: {
            ticketTypeId: t("ticketTypeId"),
            accessibility: t("accessibility"),
            dietary: t("dietary"),
            answers: t("questionHint"),
            certificateName: t("certificateName"),
            licenceNumber: t("licenceNumber"),
            creditTypeId: t("creditTypeId"),
          },
        }}
      />,
      errors ? 400 : 200,
    );
  };

  app.get(
    "/events/:eventSlug/register",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => {
      const event = eventOf(request);
      const actor = await signedInActor(request);
      const mine = await registrationOf(db, event.id, actor.userId);
      if (mine && mine.status !== "cancelled") return reply.redirect(myRegistrationPath(event.slug), 303);
      return registerForm(request, reply, mine ? { certificateName: mine.certificateName ?? "" } : {});
    },
  );

  app.post(
    "/events/:eventSlug/register",
    {
      config: { access: attendEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(RegisterFields) },
    },
    async (request, reply) => {
      const form = parseForm(RegisterFields, request.body);
      if (!form.ok) return registerForm(request, reply, form.values, form.errors);
      const event = eventOf(request);
      const t = tOf(request);
      if (!(await answersFit(request, event.id, form.value)))
        return registerForm(request, reply, request.body as FormValues, {
          answers: { message: t("errorAnswers") },
        });
      if (!(await creditTypeOffered(request, event.id, form.value)))
        return registerForm(request, reply, request.body as FormValues, {
          creditTypeId: { message: t("errorCreditType") },
        });
      const actor = await signedInActor(request);
      const result = await registerFromInput(request, event, actor.userId, form.value);
      if (!result.ok)
        return registerForm(request, reply, request.body as FormValues, {
          ticketTypeId: { message: t("errorTicket") },
        });
      const flash = result.already
        ? t("alreadyFlash")
        : result.registration.status === "registered"
          ? t("registeredFlash")
          : t("waitlistedFlash");
      reply.flash("success", flash);
      return reply.redirect(myRegistrationPath(event.slug), 303);
    },
  );

  /** My registration; after a failed session-code post, with that form's messages (400). */
  const myRegistration = async (request: FastifyRequest, reply: FastifyReply, codeState?: FormState) => {
    const event = eventOf(request);
    const actor = await signedInActor(request);
    const registration = await registrationOf(db, event.id, actor.userId);
    const active = registration && registration.status !== "cancelled" ? registration : null;
    const sessions = active || codeState ? await sessionsForAttendance(db, event.id) : [];
    const titles = new Map(sessions.map((s) => [s.id, s.title]));
    const tickets = active ? await ticketTypesOf(db, event.id) : [];
    return reply.page(
      <MyRegistrationPage
        ctx={reply.pageContext()}
        event={event}
        view={{
          registration,
          ticket: tickets.find((x) => x.id === active?.ticketTypeId) ?? null,
          waitlistPosition: active?.status === "waitlisted" ? await waitlistPosition(db, active) : null,
          qrSvg: active?.status === "registered" ? await checkInQrSvg(active.checkInCode) : null,
          attended: active
            ? (await attendedSessions(db, active.id)).map((a) => ({
                ...a,
                title: titles.get(a.sessionId) ?? "",
              }))
            : [],
          onlineSessions: sessions.filter((s) => s.mode === "online" && s.attendanceCode && s.startsAt),
          codeState,
        }}
      />,
      codeState ? 400 : 200,
    );
  };

  app.get(
    "/events/:eventSlug/registration",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => myRegistration(request, reply),
  );

  app.get(
    "/events/:eventSlug/registration/event.ics",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => {
      const event = eventOf(request);
      const actor = await signedInActor(request);
      const registration = await registrationOf(db, event.id, actor.userId);
      // Not registered: the registration page says so (and offers to register).
      if (!registration || registration.status === "cancelled")
        return reply.redirect(myRegistrationPath(event.slug), 303);
      return reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="${event.slug}.ics"`)
        .send(eventCalendarFile(event, request.locale));
    },
  );

  app.post(
    "/events/:eventSlug/registration/cancel",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams, body: ButtonForm } },
    async (request, reply) => {
      const event = eventOf(request);
      const actor = await signedInActor(request);
      const registration = await registrationOf(db, event.id, actor.userId);
      if (registration) await cancelRegistration(db, event, registration.id, actor.userId);
      reply.flash("success", tOf(request)("cancelledFlash"));
      return reply.redirect(myRegistrationPath(event.slug), 303);
    },
  );

  app.post(
    "/events/:eventSlug/registration/attendance",
    {
      config: { access: attendEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(SessionCodeFields) },
    },
    async (request, reply) => {
      const event = eventOf(request);
      const t = tOf(request);
      const form = parseForm(SessionCodeFields, request.body);
      const session = form.ok
        ? (await sessionsForAttendance(db, event.id)).find((s) => s.id === form.value.sessionId)
        : undefined;
      if (!form.ok || !session) {
        const errors = form.ok ? { sessionId: { code: "choice" as const } } : form.errors;
        const labels = { sessionId: t("sessionId"), code: t("sessionCode") };
        const values = form.ok ? (request.body as FormValues) : form.values;
        return myRegistration(request, reply, { locale: request.locale, values, errors, labels });
      }
      const actor = await signedInActor(request);
      const result = await recordSessionCode(
        db,
        await registrationOf(db, event.id, actor.userId),
        session,
        form.value.code,
      );
      const at =
        result.kind === "too_early" ? result.opensAt : result.kind === "too_late" ? result.closedAt : null;
      const text = t(
        `code_${result.kind}`,
        at ? { time: eventTime(request.locale, at, event.timeZone) } : {},
      );
      reply.flash(result.kind === "recorded" || result.kind === "already" ? "success" : "error", text);
      return reply.redirect(myRegistrationPath(event.slug), 303);
    },
  );
}
