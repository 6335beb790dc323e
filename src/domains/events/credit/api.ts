import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import { badRequest, conflict, notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { attendEvent, attendSession, loadedEvent, loadedSession, sessionResults } from "./access";
import {
  CodeParams,
  EvaluationFields,
  EventParams,
  ResultsSchema,
  SessionParams,
  StandingSchema,
  VerificationSchema,
} from "./fields";
import { checkEvaluation } from "./pages";
import {
  CreditError,
  certificateByCode,
  creditStanding,
  resultsOf,
  type SessionRow,
  submitEvaluation,
  verificationOf,
} from "./service";

const tags = ["events"];

/** Credit in /api/v1: one's standing, evaluations, a session's results, public verification. */
export async function creditApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/events/:eventSlug/certificate",
    {
      config: { access: attendEvent },
      schema: {
        tags,
        summary:
          "Where the caller stands for the event's CE certificate: sessions attended, evaluations, what is left",
        params: EventParams,
        response: { 200: StandingSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const s = await creditStanding(app.db, loadedEvent(request), (await signedInActor(request)).userId);
      return {
        unlocked: s.unlocked,
        released: s.released,
        hours: s.hours,
        creditTypeId: s.claim?.id ?? null,
        reasons: s.reasons.map((r) =>
          "sessionId" in r ? { code: r.code, sessionId: r.sessionId } : { code: r.code },
        ),
        sessions: s.attended.map((a) => ({
          id: a.session.id,
          title: a.session.title,
          countsForCredit: a.session.countsForCredit,
          hours: a.hours,
          evaluated: a.evaluated,
        })),
        eventEvaluated: s.eventEvaluated,
        certificates: s.certificates.map((c) => ({ id: c.id, code: c.code, status: c.status })),
      };
    },
  );

  const evaluate = async (request: FastifyRequest, session: SessionRow | null) => {
    const checked = checkEvaluation(session, request.body);
    if (!checked.ok)
      throw badRequest(
        "The evaluation is not complete.",
        Object.keys(checked.errors).map((field) => ({
          pointer: `/${field}`,
          detail: `${field} is missing or not valid`,
        })),
      );
    try {
      await submitEvaluation(
        app.db,
        loadedEvent(request),
        await signedInActor(request),
        session,
        checked.value,
      );
    } catch (error) {
      if (!(error instanceof CreditError)) throw error;
      if (error.code === "alreadyEvaluated") throw conflict("This evaluation was already sent.");
      throw badRequest(
        error.code === "notAttended"
          ? "No attendance is recorded for the caller at this session."
          : "The caller is not registered for this event.",
      );
    }
  };
  const evaluationSchema = (summary: string, params: typeof EventParams | typeof SessionParams) => ({
    tags,
    summary,
    params,
    body: EvaluationFields,
    response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
  });

  app.post(
    "/events/:eventSlug/evaluations/event",
    {
      config: { access: attendEvent },
      schema: evaluationSchema("Evaluate the event as a whole (once; anonymous)", EventParams),
    },
    async (request, reply) => {
      await evaluate(request, null);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/events/:eventSlug/evaluations/:sessionId",
    {
      config: { access: attendSession },
      schema: evaluationSchema("Evaluate a session the caller attended (once; anonymous)", SessionParams),
    },
    async (request, reply) => {
      await evaluate(request, loadedSession(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/events/:eventSlug/results/:sessionId",
    {
      config: { access: sessionResults },
      schema: {
        tags,
        summary:
          "A session's evaluation results (presenters and organisers); counts only below 3 evaluations",
        params: SessionParams,
        response: { 200: ResultsSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => resultsOf(app.db, loadedEvent(request).id, loadedSession(request)),
  );

  app.get(
    "/certificates/:code",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Verify a CE certificate by its code: name, activity, dates, hours and status",
        params: CodeParams,
        response: { 200: VerificationSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const certificate = await certificateByCode(app.db, request.params.code);
      if (!certificate) throw notFound("No certificate has this verification code.");
      return verificationOf(certificate);
    },
  );
}
