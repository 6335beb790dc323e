import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { stringify } from "csv-stringify/sync";
import { desc, eq } from "drizzle-orm";
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
import {
  attendEvent,
  attendSession,
  loadedCertificate,
  loadedEvent,
  loadedSession,
  organiseCertificate,
  organiseEvent,
  sessionResults,
} from "./access";
import { certificatePdf } from "./certificate-pdf";
import {
  CertificateParams,
  CodeParams,
  CreditTypeFields,
  EvaluationFields,
  type EvaluationFieldsInput,
  EventParams,
  MAX_OBJECTIVES,
  ReasonFields,
  SessionParams,
} from "./fields";
import { creditCatalog } from "./messages";
import { eventCertificateRuns } from "./schema";
import {
  attendedSessionIds,
  CreditError,
  type EvaluationInput,
  type EventRow,
  certificateByCode,
  certificatesOfEvent,
  certificatesOfPerson,
  chooseCreditType,
  claimCertificate,
  creditStanding,
  creditsIssuedByType,
  eventResults,
  eventSlugOf,
  hasEvaluated,
  objectivesOf,
  registrationOfPerson,
  reissueCertificate,
  requestIssue,
  resultsOf,
  revokeCertificate,
  type SessionRow,
  submitEvaluation,
  verificationUrl,
} from "./service";
import {
  CertificatePage,
  EvaluationPage,
  EventResultsPage,
  ManageCertificatesPage,
  MyCertificatesPage,
  SessionResultsPage,
  VerifyPage,
} from "./views";

const hidden = { hide: true };
const tOf = (request: FastifyRequest) => translator(creditCatalog, request.locale);

/** Checks an evaluation form: the schema, then what this session asks (presenters, each objective). */
export function checkEvaluation(
  session: SessionRow | null,
  body: unknown,
): { ok: true; value: EvaluationInput } | { ok: false; errors: FieldErrors; values: FormValues } {
  const form = parseForm(EvaluationFields, body);
  if (!form.ok) return form;
  const input = form.value as EvaluationFieldsInput & Record<string, number | undefined>;
  const errors: FieldErrors = {};
  const objectives = session ? objectivesOf(session).slice(0, MAX_OBJECTIVES) : [];
  if (session && input.presenter === undefined) errors.presenter = { code: "required" };
  objectives.forEach((_, i) => {
    if (input[`objective${i + 1}`] === undefined) errors[`objective${i + 1}`] = { code: "required" };
  });
  if (Object.keys(errors).length > 0) {
    const values: FormValues = {};
    for (const [k, v] of Object.entries(body as Record<string, unknown>))
      if (typeof v === "string" && k !== "_csrf") values[k] = v;
    return { ok: false, errors, values };
  }
  return {
    ok: true,
    value: {
      overall: input.overall,
      presenter: input.presenter,
      relevance: input.relevance,
      objectives: objectives.map((_, i) => input[`objective${i + 1}`] as number),
      comment: input.comment,
    },
  };
}

/** Credit's pages: evaluations, the certificate page and PDF, results, organisers' certificates, verification. */
export async function creditPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  const certificatePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state?: Partial<FormState>,
    status = 200,
  ) => {
    const event = loadedEvent(request);
    const actor = await signedInActor(request);
    const standing = await creditStanding(app.db, event, actor.userId);
    const t = tOf(request);
    const formState: FormState = {
      locale: request.locale,
      values: { creditTypeId: standing.claim?.id ?? "" },
      labels: { creditTypeId: t("creditTypeLegend") },
      ...state,
    };
    return reply.page(
      <CertificatePage ctx={reply.pageContext()} event={event} standing={standing} state={formState} />,
      status,
    );
  };

  app.get(
    "/events/:eventSlug/certificate",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams } },
    (request, reply) => certificatePage(request, reply),
  );

  app.post(
    "/events/:eventSlug/certificate/credit-type",
    {
      config: { access: attendEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(CreditTypeFields) },
    },
    async (request, reply) => {
      const event = loadedEvent(request);
      const t = tOf(request);
      const form = parseForm(CreditTypeFields, request.body);
      const fail = (errors: FieldErrors, values: FormValues) =>
        certificatePage(request, reply, { errors, values }, 400);
      if (!form.ok) return fail(form.errors, form.values);
      try {
        await chooseCreditType(app.db, event, await signedInActor(request), form.value.creditTypeId);
      } catch (error) {
        if (!(error instanceof CreditError)) throw error;
        const message = error.code === "notRegistered" ? t("notRegistered") : t("unknownCreditType");
        return fail({ creditTypeId: { message } }, { creditTypeId: form.value.creditTypeId });
      }
      reply.flash("success", t("creditTypeSaved"));
      return reply.redirect(`/events/${event.slug}/certificate`, 303);
    },
  );

  app.post(
    "/events/:eventSlug/certificate/claim",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams, body: ButtonForm } },
    async (request, reply) => {
      const event = loadedEvent(request);
      try {
        await claimCertificate(app.db, event, await signedInActor(request));
      } catch (error) {
        if (!(error instanceof CreditError)) throw error;
        reply.flash("error", tOf(request)(error.code === "notReleased" ? "notReleased" : "locked"));
        return certificatePage(request, reply, {}, 400);
      }
      return reply.redirect(`/events/${event.slug}/certificate`, 303);
    },
  );

  app.get(
    "/events/:eventSlug/certificate.pdf",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => {
      const event = loadedEvent(request);
      const actor = await signedInActor(request);
      const standing = await creditStanding(app.db, event, actor.userId);
      const certificate = standing.certificates.find((c) => c.status === "valid");
      // No certificate yet: the page says what is left to do.
      if (!certificate) return reply.redirect(`/events/${event.slug}/certificate`, 303);
      const pdf = await certificatePdf(certificate, verificationUrl(certificate.code));
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="certificate-${certificate.code}.pdf"`)
        .header("cache-control", "private, no-store")
        .send(pdf);
    },
  );

  // --- Evaluations ----------------------------------------------------------------------------

  const evaluationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventRow,
    session: SessionRow | null,
    state: Partial<FormState> = {},
    status = 200,
  ) => {
    const actor = await signedInActor(request);
    const registration = await registrationOfPerson(app.db, event.id, actor.userId);
    let closed: "notAttended" | "alreadyEvaluated" | "notRegistered" | undefined;
    if (registration?.status !== "registered") closed = "notRegistered";
    else if (await hasEvaluated(app.db, registration.id, session?.id ?? null)) closed = "alreadyEvaluated";
    else if (session && !(await attendedHere(registration.id, session.id))) closed = "notAttended";
    const t = tOf(request);
    const labels: Record<string, string> = {
      overall: t("overall"),
      presenter: t("presenter"),
      relevance: t("relevance"),
      comment: t("comment"),
    };
    if (session)
      objectivesOf(session).forEach((objective, i) => {
        labels[`objective${i + 1}`] = t("objectiveMet", { objective });
      });
    return reply.page(
      <EvaluationPage
        ctx={reply.pageContext()}
        event={event}
        session={session}
        closed={closed}
        state={{ locale: request.locale, labels, ...state }}
      />,
      status,
    );
  };
  const attendedHere = async (registrationId: string, sessionId: string) =>
    (await attendedSessionIds(app.db, registrationId)).has(sessionId);

  const evaluationPost = async (request: FastifyRequest, reply: FastifyReply, session: SessionRow | null) => {
    const event = loadedEvent(request);
    const t = tOf(request);
    const checked = checkEvaluation(session, request.body);
    if (!checked.ok) return evaluationPage(request, reply, event, session, checked, 400);
    try {
      await submitEvaluation(app.db, event, await signedInActor(request), session, checked.value);
    } catch (error) {
      if (!(error instanceof CreditError)) throw error;
      return evaluationPage(request, reply, event, session, {}, 400);
    }
    reply.flash("success", t("evaluationSent"));
    return reply.redirect(`/events/${event.slug}/certificate`, 303);
  };

  app.get(
    "/events/:eventSlug/evaluations/event",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams } },
    (request, reply) => evaluationPage(request, reply, loadedEvent(request), null),
  );
  app.post(
    "/events/:eventSlug/evaluations/event",
    {
      config: { access: attendEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(EvaluationFields) },
    },
    (request, reply) => evaluationPost(request, reply, null),
  );
  app.get(
    "/events/:eventSlug/evaluations/:sessionId",
    { config: { access: attendSession }, schema: { ...hidden, params: SessionParams } },
    (request, reply) => evaluationPage(request, reply, loadedEvent(request), loadedSession(request)),
  );
  app.post(
    "/events/:eventSlug/evaluations/:sessionId",
    {
      config: { access: attendSession },
      schema: { ...hidden, params: SessionParams, body: formFieldsOf(EvaluationFields) },
    },
    (request, reply) => evaluationPost(request, reply, loadedSession(request)),
  );

  // --- Results --------------------------------------------------------------------------------

  app.get(
    "/events/:eventSlug/results/:sessionId",
    { config: { access: sessionResults }, schema: { ...hidden, params: SessionParams } },
    async (request, reply) => {
      const event = loadedEvent(request);
      const session = loadedSession(request);
      const results = await resultsOf(app.db, event.id, session);
      return reply.page(
        <SessionResultsPage ctx={reply.pageContext()} event={event} session={session} results={results} />,
      );
    },
  );

  app.get(
    "/events/:eventSlug/manage/evaluations",
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => {
      const event = loadedEvent(request);
      const all = await eventResults(app.db, event);
      return reply.page(
        <EventResultsPage
          ctx={reply.pageContext()}
          event={event}
          overall={all.event}
          sessions={all.sessions}
        />,
      );
    },
  );

  app.get(
    "/events/:eventSlug/manage/evaluations.csv",
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => {
      const event = loadedEvent(request);
      const all = await eventResults(app.db, event);
      const header = [
        "session",
        "evaluations",
        "shown",
        "overall_mean",
        "presenter_mean",
        "relevance_mean",
        "objectives",
        "comments",
      ];
      const rows = [
        { title: "(event)", results: all.event },
        ...all.sessions.map((s) => ({ title: s.session.title, results: s.results })),
      ].map(({ title, results: r }) => [
        title,
        r.responses,
        r.shown ? "yes" : "no (fewer than 3)",
        r.overall ?? "",
        r.presenter ?? "",
        r.relevance ?? "",
        r.objectives.map((o) => `${o.objective}: ${o.mean ?? ""}`).join(" | "),
        r.comments.join(" | "),
      ]);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${event.slug}-evaluations.csv"`)
        .send(stringify([header, ...rows]));
    },
  );

  // --- Organisers' certificates ---------------------------------------------------------------

  const manageCertificatesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    state?: FormState,
  ) => {
    const event = loadedEvent(request);
    const [lastRun] = await app.db
      .select()
      .from(eventCertificateRuns)
      .where(eq(eventCertificateRuns.eventId, event.id))
      .orderBy(desc(eventCertificateRuns.requestedAt))
      .limit(1);
    return reply.page(
      <ManageCertificatesPage
        ctx={reply.pageContext()}
        event={event}
        certificates={await certificatesOfEvent(app.db, event.id)}
        credits={await creditsIssuedByType(app.db, event.id)}
        lastRun={lastRun ?? null}
        state={state}
      />,
      status,
    );
  };

  app.get(
    "/events/:eventSlug/manage/certificates",
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams } },
    (request, reply) => manageCertificatesPage(request, reply),
  );

  app.post(
    "/events/:eventSlug/manage/certificates/issue",
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams, body: ButtonForm } },
    async (request, reply) => {
      const event = loadedEvent(request);
      await requestIssue(app.db, event, await signedInActor(request));
      reply.flash("success", tOf(request)("issueQueued"));
      return reply.redirect(`/events/${event.slug}/manage/certificates`, 303);
    },
  );

  for (const verb of ["reissue", "revoke"] as const) {
    app.post(
      `/events/:eventSlug/manage/certificates/:certificateId/${verb}`,
      {
        config: { access: organiseCertificate },
        schema: { ...hidden, params: CertificateParams, body: formFieldsOf(ReasonFields) },
      },
      async (request, reply) => {
        const event = loadedEvent(request);
        const t = tOf(request);
        const form = parseForm(ReasonFields, request.body);
        if (!form.ok)
          return manageCertificatesPage(request, reply, 400, {
            locale: request.locale,
            errors: form.errors,
            values: form.values,
            labels: { reason: t("reason") },
          });
        const actor = await signedInActor(request);
        const certificate = loadedCertificate(request);
        try {
          if (verb === "reissue")
            await reissueCertificate(app.db, event, actor, certificate, form.value.reason);
          else await revokeCertificate(app.db, event, actor, certificate, form.value.reason);
        } catch (error) {
          if (!(error instanceof CreditError)) throw error;
          reply.flash("error", t("notValid"));
          return manageCertificatesPage(request, reply, 400);
        }
        reply.flash("success", t(verb === "reissue" ? "reissued" : "revoked"));
        return reply.redirect(`/events/${event.slug}/manage/certificates`, 303);
      },
    );
  }

  // --- Across events and in public -------------------------------------------------------------

  app.get("/certificates", { config: { access: "signedIn" }, schema: hidden }, async (request, reply) => {
    const actor = await signedInActor(request);
    const certificates = await certificatesOfPerson(app.db, actor.userId);
    const withSlugs = [];
    for (const c of certificates) withSlugs.push({ ...c, eventSlug: await eventSlugOf(app.db, c.eventId) });
    return reply.page(<MyCertificatesPage ctx={reply.pageContext()} certificates={withSlugs} />);
  });

  app.get(
    "/certificates/:code",
    { config: { access: "public" }, schema: { ...hidden, params: CodeParams } },
    async (request, reply) => {
      const certificate = await certificateByCode(app.db, request.params.code);
      return reply.page(
        <VerifyPage ctx={reply.pageContext()} certificate={certificate} />,
        certificate ? 200 : 404,
      );
    },
  );
}
