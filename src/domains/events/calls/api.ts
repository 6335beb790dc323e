import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import { badRequest, conflict, notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import {
  attendEvent,
  loadedEvent,
  loadedProposal,
  organiseEvent,
  organiseProposal,
  ownProposal,
  readEvent,
  reviewProposal,
} from "./access";
import { requestRelease, respondToDecision, scoreboard, stageDecision, stagedCount } from "./decisions";
import { zonedToUtc } from "../setup/time";
import {
  AssignmentRunFields,
  CallFields,
  DecisionFields,
  DeclarationFields,
  EventParams,
  EventProposalParams,
  ProposalBody,
  type ProposalBodyValue,
  ProposalParams,
  ResponseFields,
  ReviewBody,
  ReviewerFields,
  ScoreQuery,
} from "./fields";
import { tOf } from "./page-helpers";
import {
  blindView,
  inviteReviewer,
  otherReviews,
  reviewerOn,
  reviewOf,
  reviewQueue,
  reviewersOf,
  runAssignment,
  saveDeclaration,
  submitReview,
} from "./review";
import {
  CallError,
  type CallRow,
  callOf,
  createProposal,
  myProposals,
  parseRubric,
  presenterView,
  type ProposalInput,
  saveCall,
  submitProposal,
  updateProposal,
  withdrawProposal,
} from "./service";

const tags = ["events"];
const Confirm = Type.Object({ confirm: Type.Literal(true, { description: "Say so, to act" }) });

/** Criteria of the rubric as the API shows them. */
const Criterion = Type.Object({
  key: Type.String(),
  nameEn: Type.String(),
  nameEs: Type.String(),
  weight: Type.Integer(),
});
const CallOut = Type.Object({
  formats: Type.Array(Type.String()),
  deadline: Type.String({ format: "date-time" }),
  open: Type.Boolean(),
  guidanceEn: Type.String(),
  guidanceEs: Type.Union([Type.String(), Type.Null()]),
  rubric: Type.Array(Criterion),
  reviewsPerProposal: Type.Integer(),
});
/** The blind view: no presenter field exists in it, so none can be sent. */
const BlindProposalOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  abstract: Type.String(),
  learningObjectives: Type.Array(Type.String()),
  audienceLevel: Type.String(),
  trackId: Type.Union([Type.String(), Type.Null()]),
  format: Type.String(),
  language: Type.String(),
  presenterCount: Type.Integer(),
});
const ReviewOut = Type.Object({
  proposal: BlindProposalOut,
  rubric: Type.Array(Criterion),
  review: Type.Union([
    Type.Object({
      scores: Type.Union([Type.Record(Type.String(), Type.Integer()), Type.Null()]),
      commentToOrganisers: Type.String(),
      commentToPresenters: Type.String(),
      submittedAt: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  otherReviews: Type.Union([
    Type.Array(
      Type.Object({
        label: Type.Integer(),
        score: Type.Union([Type.Number(), Type.Null()]),
        scores: Type.Record(Type.String(), Type.Integer()),
        commentToPresenters: Type.String(),
      }),
    ),
    Type.Null(),
  ]),
});

const callOut = (call: CallRow) => ({
  formats: call.formats,
  deadline: call.deadline.toISOString(),
  open: call.deadline > new Date(),
  guidanceEn: call.guidanceEn,
  guidanceEs: call.guidanceEs,
  rubric: call.rubric,
  reviewsPerProposal: call.reviewsPerProposal,
});

/** A CallError as the API's problem: 400 for a field, 409 for the state of things (a closed call). */
function problemOf(request: FastifyRequest, error: unknown) {
  if (!(error instanceof CallError)) return error;
  const detail = tOf(request)(error.code);
  return error.field ? badRequest(detail, [{ pointer: `/${error.field}`, detail }]) : conflict(detail);
}

const inputOf = (body: ProposalBodyValue): ProposalInput => ({
  ...body,
  trackId: body.trackId ?? null,
  accessibilityNeeds: body.accessibilityNeeds ?? "",
  presenters: body.presenters.map((p) => ({ ...p, bio: p.bio ?? "" })),
});

async function callOrNotFound(request: FastifyRequest, eventId: string) {
  const call = await callOf(request.server.db, eventId);
  if (!call) throw notFound("This event has no call for proposals.");
  return call;
}

export async function callsApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ev = (rest: string) => `/events/:eventSlug${rest}`;

  app.get(
    ev("/call"),
    {
      config: { access: readEvent },
      schema: {
        tags,
        summary: "An event's call for proposals",
        params: EventParams,
        response: { 200: CallOut, ...problemResponses(404) },
      },
    },
    async (request) => callOut(await callOrNotFound(request, loadedEvent(request).row.id)),
  );

  app.put(
    ev("/call"),
    {
      config: { access: organiseEvent },
      schema: {
        tags,
        summary: "Open or change the call (deadline in the event's time zone)",
        params: EventParams,
        body: CallFields,
        response: { 200: CallOut, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { row } = loadedEvent(request);
      const previous = await callOf(app.db, row.id);
      const rubric = parseRubric(request.body.rubric, previous?.rubric);
      if (!rubric)
        throw badRequest(tOf(request)("rubricInvalid"), [
          { pointer: "/rubric", detail: tOf(request)("rubricInvalid") },
        ]);
      const call = await saveCall(app.db, row.id, {
        formats: [...new Set(request.body.formats)],
        deadline: zonedToUtc(request.body.deadlineDay, request.body.deadlineTime, row.timeZone),
        guidanceEn: request.body.guidanceEn,
        guidanceEs: request.body.guidanceEs ?? null,
        rubric,
        reviewsPerProposal: request.body.reviewsPerProposal,
      });
      return callOut(call);
    },
  );

  app.post(
    ev("/proposals"),
    {
      config: { access: attendEvent },
      schema: {
        tags,
        summary: "Send a proposal (a draft, or submitted with submit: true)",
        params: EventParams,
        body: ProposalBody,
        response: problemResponses(400, 401, 404, 409),
      },
    },
    async (request, reply) => {
      const call = await callOrNotFound(request, loadedEvent(request).row.id);
      try {
        const p = await createProposal(
          app.db,
          await signedInActor(request),
          call,
          inputOf(request.body),
          request.body.submit ?? false,
        );
        reply.code(201);
        return presenterView(p);
      } catch (error) {
        throw problemOf(request, error);
      }
    },
  );

  app.get(
    "/events/my/proposals",
    {
      config: { access: "signedIn" },
      schema: { tags, summary: "The caller's proposals (decisions once released)" },
    },
    async (request) => {
      const mine = await myProposals(app.db, (await signedInActor(request)).userId);
      return mine.map((p) => ({ ...p, updatedAt: p.updatedAt.toISOString() }));
    },
  );

  const own = "/events/my/proposals/:proposalId";
  app.get(
    own,
    {
      config: { access: ownProposal },
      schema: {
        tags,
        summary: "One of the caller's proposals",
        params: ProposalParams,
        response: problemResponses(404),
      },
    },
    async (request) => presenterView(loadedProposal(request)),
  );

  app.put(
    own,
    {
      config: { access: ownProposal },
      schema: {
        tags,
        summary: "Change one's proposal until the deadline",
        params: ProposalParams,
        body: ProposalBody,
        response: problemResponses(400, 404, 409),
      },
    },
    async (request) => {
      const proposal = loadedProposal(request);
      const call = await callOrNotFound(request, proposal.eventId);
      try {
        return presenterView(
          await updateProposal(
            app.db,
            await signedInActor(request),
            call,
            proposal,
            inputOf(request.body),
            request.body.submit ?? false,
          ),
        );
      } catch (error) {
        throw problemOf(request, error);
      }
    },
  );

  const ownAct = (path: string, summary: string, perform: (request: FastifyRequest) => Promise<unknown>) =>
    app.post(
      `${own}/${path}`,
      {
        config: { access: ownProposal },
        schema: {
          tags,
          summary,
          params: ProposalParams,
          body: Confirm,
          response: problemResponses(400, 404, 409),
        },
      },
      async (request, reply) => {
        try {
          await perform(request);
        } catch (error) {
          throw problemOf(request, error);
        }
        return reply.code(204).send();
      },
    );
  ownAct("submission", "Submit a draft proposal", async (request) => {
    const proposal = loadedProposal(request);
    await submitProposal(app.db, await callOrNotFound(request, proposal.eventId), proposal);
  });
  ownAct("withdrawal", "Withdraw one's proposal", (request) =>
    withdrawProposal(app.db, loadedProposal(request)),
  );

  app.post(
    `${own}/response`,
    {
      config: { access: ownProposal },
      schema: {
        tags,
        summary: "Confirm or decline an accepted proposal",
        params: ProposalParams,
        body: ResponseFields,
        response: problemResponses(400, 404, 409),
      },
    },
    async (request) => {
      try {
        const sessionId = await respondToDecision(
          app.db,
          await signedInActor(request),
          loadedProposal(request),
          request.body.response,
        );
        return { response: request.body.response, sessionId };
      } catch (error) {
        throw problemOf(request, error);
      }
    },
  );

  // --- Reviewing -------------------------------------------------------------------------------

  app.get(
    "/events/reviews",
    {
      config: { access: "signedIn" },
      schema: { tags, summary: "The caller's review queue (blind: titles only)" },
    },
    async (request) => {
      const queue = await reviewQueue(app.db, (await signedInActor(request)).userId);
      return queue.map((q) => ({
        ...q,
        submittedAt: q.submittedAt ? new Date(q.submittedAt).toISOString() : null,
      }));
    },
  );

  app.get(
    "/events/reviews/:proposalId",
    {
      config: { access: reviewProposal },
      schema: {
        tags,
        summary: "A proposal to review, blind, with one's review and (once it is submitted) the others'",
        params: ProposalParams,
        response: { 200: ReviewOut, ...problemResponses(404) },
      },
    },
    async (request) => {
      const proposal = loadedProposal(request);
      const call = await callOrNotFound(request, proposal.eventId);
      const me = (await signedInActor(request)).userId;
      const review = await reviewOf(app.db, proposal.id, me);
      return {
        proposal: blindView(proposal),
        rubric: call.rubric,
        review: review && {
          scores: review.scores,
          commentToOrganisers: review.commentToOrganisers,
          commentToPresenters: review.commentToPresenters,
          submittedAt: review.submittedAt?.toISOString() ?? null,
        },
        otherReviews: await otherReviews(app.db, call, proposal.id, me),
      };
    },
  );

  app.put(
    "/events/reviews/:proposalId",
    {
      config: { access: reviewProposal },
      schema: {
        tags,
        summary: "Submit (or change) one's review: a score 1–5 per rubric key",
        params: ProposalParams,
        body: ReviewBody,
        response: problemResponses(400, 404, 409),
      },
    },
    async (request, reply) => {
      const proposal = loadedProposal(request);
      const call = await callOrNotFound(request, proposal.eventId);
      try {
        await submitReview(app.db, call, proposal, (await signedInActor(request)).userId, {
          scores: request.body.scores,
          commentToOrganisers: request.body.commentToOrganisers ?? "",
          commentToPresenters: request.body.commentToPresenters ?? "",
        });
      } catch (error) {
        throw problemOf(request, error);
      }
      return reply.code(204).send();
    },
  );

  app.put(
    ev("/reviewing"),
    {
      config: { access: attendEvent },
      schema: {
        tags,
        summary: "A reviewer's organisation and conflicts for an event",
        params: EventParams,
        body: DeclarationFields,
        response: problemResponses(400, 404, 409),
      },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const me = (await signedInActor(request)).userId;
      if (!(await reviewerOn(app.db, row.id, me))) throw conflict(tOf(request)("notReviewer"));
      await saveDeclaration(
        app.db,
        row.id,
        me,
        request.body.organisation ?? "",
        request.body.conflicts ?? [],
      );
      return reply.code(204).send();
    },
  );

  // --- Organisers ------------------------------------------------------------------------------

  app.get(
    ev("/reviewers"),
    {
      config: { access: organiseEvent },
      schema: { tags, summary: "The event's reviewers and their load", params: EventParams },
    },
    async (request) => reviewersOf(app.db, loadedEvent(request).row.id),
  );

  app.post(
    ev("/reviewers"),
    {
      config: { access: organiseEvent },
      schema: {
        tags,
        summary: "Add a reviewer by their account's email",
        params: EventParams,
        body: ReviewerFields,
        response: problemResponses(400, 404),
      },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      try {
        const userId = await inviteReviewer(
          app.db,
          await signedInActor(request),
          row.id,
          request.body.email,
          row.titleEn,
        );
        reply.code(201);
        return { userId };
      } catch (error) {
        throw problemOf(request, error);
      }
    },
  );

  app.post(
    ev("/assignments"),
    {
      config: { access: organiseEvent },
      schema: {
        tags,
        summary: "Assign reviewers automatically (balanced, no own organisation, co-presenter or conflict)",
        params: EventParams,
        body: AssignmentRunFields,
        response: problemResponses(400, 404),
      },
    },
    async (request) => {
      const { row } = loadedEvent(request);
      await callOrNotFound(request, row.id);
      const result = await runAssignment(
        app.db,
        await signedInActor(request),
        row.id,
        request.body.reviewsPerProposal,
      );
      return { added: result.added.length, short: result.short, load: Object.fromEntries(result.load) };
    },
  );

  app.get(
    ev("/proposals"),
    {
      config: { access: organiseEvent },
      schema: {
        tags,
        summary: "Submitted proposals with weighted mean, median and spread of their reviews",
        params: EventParams,
        querystring: ScoreQuery,
      },
    },
    async (request) => {
      const { row } = loadedEvent(request);
      const call = await callOrNotFound(request, row.id);
      return scoreboard(app.db, call, {
        ...request.query,
        disagreement: request.query.disagreement === "yes",
      });
    },
  );

  app.put(
    ev("/proposals/:proposalId/decision"),
    {
      config: { access: organiseProposal },
      schema: {
        tags,
        summary: "Stage a decision (none, accept, reject, waitlist) until the batch release",
        params: EventProposalParams,
        body: DecisionFields,
        response: problemResponses(400, 404, 409),
      },
    },
    async (request, reply) => {
      const decision = request.body.decision === "none" ? null : request.body.decision;
      try {
        await stageDecision(
          app.db,
          await signedInActor(request),
          loadedProposal(request),
          decision,
          request.body.note ?? "",
        );
      } catch (error) {
        throw problemOf(request, error);
      }
      return reply.code(204).send();
    },
  );

  app.post(
    ev("/decisions/release"),
    {
      config: { access: organiseEvent },
      schema: {
        tags,
        summary: "Release every staged decision in one batch (emails every presenter)",
        params: EventParams,
        body: Confirm,
        response: problemResponses(400, 404),
      },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const staged = await stagedCount(app.db, row.id);
      if (staged > 0) await requestRelease(app.db, await signedInActor(request), row.id);
      reply.code(202);
      return { queued: staged };
    },
  );
}
