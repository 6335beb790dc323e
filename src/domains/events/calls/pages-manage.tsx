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
import { notFound } from "../../../platform/http/problem";
import { loadedEvent, loadedProposal, organiseEvent, organiseProposal } from "./access";
import {
  requestRelease,
  reviewsForOrganisers,
  scoreboard,
  scoreboardCsv,
  stageDecision,
  stagedCount,
} from "./decisions";
import { zonedToUtc, utcToZoned } from "../setup/time";
import {
  AssignmentPairFields,
  AssignmentRunFields,
  CallFields,
  DecisionFields,
  EventParams,
  EventProposalParams,
  RemoveReviewerFields,
  ReviewerFields,
  ScoreQuery,
} from "./fields";
import { CallError, callErrorOf, tOf, tracksFor, typedValues } from "./page-helpers";
import {
  assignByHand,
  assignmentBoard,
  inviteReviewer,
  removeReviewer,
  reviewersOf,
  runAssignment,
  unassign,
} from "./review";
import { type CallRow, callOf, DEFAULT_RUBRIC, parseRubric, rubricText, saveCall } from "./service";
import { CallEditPage } from "./views/call";
import { eventTitleOf, manageHref } from "./views/common";
import { AssignmentsPage, OrganiserProposalPage, ReviewersPage, ScoreboardPage } from "./views/manage";

const hidden = { hide: true };

/** The organisers' pages: the call, reviewers, assignment, the proposals' table and decisions. */
export async function managePages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const route = (rest: string) => `/events/:eventSlug/manage${rest}`;

  const callPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormValues,
    errors?: FieldErrors,
  ) => {
    const t = tOf(request);
    const labels = {
      formats: t("formats"),
      deadlineDay: t("deadlineDay"),
      deadlineTime: t("deadlineTime"),
      guidanceEn: t("guidanceEn"),
      guidanceEs: t("guidanceEs"),
      rubric: t("rubric"),
      reviewsPerProposal: t("reviewsPerProposal"),
    };
    return reply.page(
      <CallEditPage
        ctx={reply.pageContext()}
        event={loadedEvent(request).row}
        state={{ locale: request.locale, values, errors, labels }}
      />,
      errors ? 400 : 200,
    );
  };

  const callValues = (call: CallRow | null, zone: string): FormValues => {
    if (!call)
      return {
        formats: ["presentation", "workshop", "panel", "poster", "lightning_talk"],
        rubric: rubricText(DEFAULT_RUBRIC),
        reviewsPerProposal: "3",
        deadlineTime: "23:59",
      };
    const { day, time } = utcToZoned(call.deadline, zone);
    return {
      formats: call.formats,
      deadlineDay: day,
      deadlineTime: time,
      guidanceEn: call.guidanceEn,
      guidanceEs: call.guidanceEs ?? "",
      rubric: rubricText(call.rubric),
      reviewsPerProposal: String(call.reviewsPerProposal),
    };
  };

  app.get(
    route("/call"),
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      return callPage(request, reply, callValues(await callOf(app.db, row.id), row.timeZone));
    },
  );

  app.post(
    route("/call"),
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(CallFields) },
    },
    async (request, reply) => {
      const form = parseForm(CallFields, request.body);
      if (!form.ok) return callPage(request, reply, form.values, form.errors);
      const { row } = loadedEvent(request);
      const previous = await callOf(app.db, row.id);
      const rubric = parseRubric(form.value.rubric, previous?.rubric);
      const values = (request.body ?? {}) as FormValues;
      if (!rubric)
        return callPage(request, reply, values, { rubric: { message: tOf(request)("rubricInvalid") } });
      await saveCall(app.db, row.id, {
        formats: [...new Set(form.value.formats)],
        deadline: zonedToUtc(form.value.deadlineDay, form.value.deadlineTime, row.timeZone),
        guidanceEn: form.value.guidanceEn,
        guidanceEs: form.value.guidanceEs ?? null,
        rubric,
        reviewsPerProposal: form.value.reviewsPerProposal,
      });
      reply.flash("success", tOf(request)("callSavedFlash"));
      return reply.redirect(`/events/${row.slug}/call`, 303);
    },
  );

  // --- Reviewers -------------------------------------------------------------------------------

  const reviewersPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormValues = {},
    errors?: FieldErrors,
  ) => {
    const { row } = loadedEvent(request);
    return reply.page(
      <ReviewersPage
        ctx={reply.pageContext()}
        event={row}
        reviewers={await reviewersOf(app.db, row.id)}
        state={{ locale: request.locale, values, errors, labels: { email: tOf(request)("reviewerEmail") } }}
      />,
      errors ? 400 : 200,
    );
  };

  app.get(
    route("/reviewers"),
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => reviewersPage(request, reply),
  );

  app.post(
    route("/reviewers"),
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(ReviewerFields) },
    },
    async (request, reply) => {
      const form = parseForm(ReviewerFields, request.body);
      if (!form.ok) return reviewersPage(request, reply, form.values, form.errors);
      const { row } = loadedEvent(request);
      try {
        await inviteReviewer(
          app.db,
          await signedInActor(request),
          row.id,
          form.value.email,
          eventTitleOf(row, "en"),
        );
      } catch (error) {
        if (!(error instanceof CallError)) throw error;
        return reviewersPage(request, reply, typedValues(request.body), callErrorOf(request, error).errors);
      }
      reply.flash("success", tOf(request)("reviewerAddedFlash"));
      return reply.redirect(manageHref(row.slug, "/reviewers"), 303);
    },
  );

  app.post(
    route("/reviewers/remove"),
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(RemoveReviewerFields) },
    },
    async (request, reply) => {
      const form = parseForm(RemoveReviewerFields, request.body);
      if (!form.ok) return reviewersPage(request, reply, {}, form.errors);
      const { row } = loadedEvent(request);
      await removeReviewer(app.db, row.id, form.value.reviewerId);
      reply.flash("success", tOf(request)("reviewerRemovedFlash"));
      return reply.redirect(manageHref(row.slug, "/reviewers"), 303);
    },
  );

  // --- Assignment ------------------------------------------------------------------------------

  const assignmentsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
    status?: string,
  ) => {
    const { row } = loadedEvent(request);
    const call = await callOf(app.db, row.id);
    if (!call) throw notFound();
    return reply.page(
      <AssignmentsPage
        ctx={reply.pageContext()}
        event={row}
        call={call}
        board={await assignmentBoard(app.db, row.id)}
        reviewers={await reviewersOf(app.db, row.id)}
        state={{
          locale: request.locale,
          values: values ?? { reviewsPerProposal: String(call.reviewsPerProposal) },
          errors,
          labels: {
            reviewsPerProposal: tOf(request)("reviewsPerProposal"),
            reviewerId: tOf(request)("reviewer"),
            proposalId: tOf(request)("proposalTitle"),
          },
        }}
        status={status}
      />,
      errors || status ? 400 : 200,
    );
  };

  app.get(
    route("/assignments"),
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => assignmentsPage(request, reply),
  );

  app.post(
    route("/assignments"),
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(AssignmentRunFields) },
    },
    async (request, reply) => {
      const form = parseForm(AssignmentRunFields, request.body);
      if (!form.ok) return assignmentsPage(request, reply, form.values, form.errors);
      const { row } = loadedEvent(request);
      if (!(await callOf(app.db, row.id))) throw notFound();
      const result = await runAssignment(
        app.db,
        await signedInActor(request),
        row.id,
        form.value.reviewsPerProposal,
      );
      const t = tOf(request);
      reply.flash(
        result.short.length ? "warning" : "success",
        t("assignedFlash", { added: result.added.length, short: result.short.length }),
      );
      return reply.redirect(manageHref(row.slug, "/assignments"), 303);
    },
  );

  const pairRoute = (
    path: string,
    perform: (eventId: string, proposalId: string, reviewerId: string) => Promise<void>,
  ) =>
    app.post(
      route(`/assignments/${path}`),
      {
        config: { access: organiseEvent },
        schema: { ...hidden, params: EventParams, body: formFieldsOf(AssignmentPairFields) },
      },
      async (request, reply) => {
        const form = parseForm(AssignmentPairFields, request.body);
        if (!form.ok) return assignmentsPage(request, reply, undefined, form.errors);
        const { row } = loadedEvent(request);
        try {
          await perform(row.id, form.value.proposalId, form.value.reviewerId);
        } catch (error) {
          if (!(error instanceof CallError)) throw error;
          return assignmentsPage(request, reply, undefined, undefined, tOf(request)(error.code));
        }
        return reply.redirect(manageHref(row.slug, "/assignments"), 303);
      },
    );
  pairRoute("add", (eventId, proposalId, reviewerId) =>
    assignByHand(app.db, eventId, proposalId, reviewerId),
  );
  pairRoute("remove", (eventId, proposalId, reviewerId) => unassign(app.db, eventId, proposalId, reviewerId));

  // --- Proposals, scores and decisions ---------------------------------------------------------

  const queryOf = (request: FastifyRequest) => {
    const i = request.url.indexOf("?");
    return i >= 0 ? request.url.slice(i) : "";
  };

  app.get(
    route("/proposals"),
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, querystring: ScoreQuery },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const call = await callOf(app.db, row.id);
      const filters = { ...request.query, disagreement: request.query.disagreement === "yes" };
      return reply.page(
        <ScoreboardPage
          ctx={reply.pageContext()}
          event={row}
          rows={call ? await scoreboard(app.db, call, filters) : []}
          filters={filters}
          tracks={await tracksFor(app.db, row.id, request.locale)}
          staged={await stagedCount(app.db, row.id)}
          query={queryOf(request)}
        />,
      );
    },
  );

  app.get(
    route("/proposals.csv"),
    {
      config: { access: organiseEvent },
      schema: { ...hidden, params: EventParams, querystring: ScoreQuery },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const call = await callOf(app.db, row.id);
      const rows = call
        ? await scoreboard(app.db, call, {
            ...request.query,
            disagreement: request.query.disagreement === "yes",
          })
        : [];
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${row.slug}-proposals.csv"`)
        .send(scoreboardCsv(rows));
    },
  );

  const proposalPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
    status?: string,
  ) => {
    const { row } = loadedEvent(request);
    const proposal = loadedProposal(request);
    const call = await callOf(app.db, row.id);
    if (!call) throw notFound();
    const t = tOf(request);
    return reply.page(
      <OrganiserProposalPage
        ctx={reply.pageContext()}
        event={row}
        call={call}
        proposal={proposal}
        reviews={await reviewsForOrganisers(app.db, call, proposal.id)}
        state={{
          locale: request.locale,
          values: values ?? { decision: proposal.decision ?? "none", note: proposal.decisionNote },
          errors,
          labels: { decision: t("stageDecision"), note: t("decisionNote") },
        }}
        status={status}
      />,
      errors || status ? 400 : 200,
    );
  };

  app.get(
    route("/proposals/:proposalId"),
    { config: { access: organiseProposal }, schema: { ...hidden, params: EventProposalParams } },
    async (request, reply) => proposalPage(request, reply),
  );

  app.post(
    route("/proposals/:proposalId/decision"),
    {
      config: { access: organiseProposal },
      schema: { ...hidden, params: EventProposalParams, body: formFieldsOf(DecisionFields) },
    },
    async (request, reply) => {
      const form = parseForm(DecisionFields, request.body);
      if (!form.ok) return proposalPage(request, reply, form.values, form.errors);
      const proposal = loadedProposal(request);
      const { row } = loadedEvent(request);
      const decision = form.value.decision === "none" ? null : form.value.decision;
      try {
        await stageDecision(app.db, await signedInActor(request), proposal, decision, form.value.note ?? "");
      } catch (error) {
        if (!(error instanceof CallError)) throw error;
        return proposalPage(request, reply, typedValues(request.body), undefined, tOf(request)(error.code));
      }
      reply.flash("success", tOf(request)("decisionStagedFlash"));
      return reply.redirect(manageHref(row.slug, "/proposals"), 303);
    },
  );

  app.post(
    route("/decisions/release"),
    { config: { access: organiseEvent }, schema: { ...hidden, params: EventParams, body: ButtonForm } },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const staged = await stagedCount(app.db, row.id);
      const t = tOf(request);
      if (staged === 0) reply.flash("info", t("nothingToRelease"));
      else {
        await requestRelease(app.db, await signedInActor(request), row.id);
        reply.flash("success", t("releaseQueuedFlash", { n: staged }));
      }
      return reply.redirect(manageHref(row.slug, "/proposals"), 303);
    },
  );
}
