import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sql } from "drizzle-orm";
import { signedInActor } from "../../../platform/http/access";
import { type FieldErrors, type FormValues, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { queryRows } from "../../../platform/db/client";
import { attendEvent, loadedEvent, loadedProposal, reviewProposal } from "./access";
import { eventById } from "./event-access";
import { DeclarationFields, EventParams, ProposalParams, ReviewFormFields } from "./fields";
import { CallError, scoresFromForm, scoresToForm, tOf, tracksFor, typedValues } from "./page-helpers";
import {
  blindList,
  blindView,
  otherReviews,
  reviewerOn,
  reviewOf,
  reviewQueue,
  saveDeclaration,
  submitReview,
} from "./review";
import { callOf, criterionName, type Proposal } from "./service";
import { REVIEWS } from "./views/common";
import { ReviewingPage, ReviewPage, ReviewQueuePage } from "./views/review";

const hidden = { hide: true };

/** A reviewer's queue, the blind review form, and a reviewer's declaration for an event. */
export async function reviewPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(REVIEWS, { config: { access: "signedIn" }, schema: hidden }, async (request, reply) => {
    const actor = await signedInActor(request);
    const events = await queryRows<{ slug: string; titleEn: string; titleEs: string | null }>(
      app.db,
      sql`select e.slug, e.title_en as "titleEn", e.title_es as "titleEs"
          from event_reviewers r join events e on e.id = r.event_id
          where r.user_id = ${actor.userId} and e.status = 'published' order by e.starts_on`,
    );
    return reply.page(
      <ReviewQueuePage
        ctx={reply.pageContext()}
        queue={await reviewQueue(app.db, actor.userId)}
        events={events}
      />,
    );
  });

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    proposal: Proposal,
    values?: FormValues,
    errors?: FieldErrors,
    status?: string,
  ) => {
    const actor = await signedInActor(request);
    const { row } = await eventById(request, proposal.eventId);
    const call = await callOf(app.db, row.id);
    if (!call) throw notFound();
    const own = await reviewOf(app.db, proposal.id, actor.userId);
    const t = tOf(request);
    const labels = Object.fromEntries(
      call.rubric.map((c, i) => [`score${i + 1}`, criterionName(c, request.locale)]),
    );
    const tracks = await tracksFor(app.db, row.id, request.locale);
    return reply.page(
      <ReviewPage
        ctx={reply.pageContext()}
        event={row}
        call={call}
        proposal={blindView(proposal)}
        trackName={tracks.find((tr) => tr.id === proposal.trackId)?.name ?? null}
        state={{
          locale: request.locale,
          values: values ?? {
            ...scoresToForm(call.rubric, own?.scores ?? null),
            commentToOrganisers: own?.commentToOrganisers ?? "",
            commentToPresenters: own?.commentToPresenters ?? "",
          },
          errors,
          labels: {
            ...labels,
            commentToOrganisers: t("commentToOrganisers"),
            commentToPresenters: t("commentToPresenters"),
          },
        }}
        submitted={!!own?.submittedAt}
        others={await otherReviews(app.db, call, proposal.id, actor.userId)}
        status={status}
      />,
      errors || status ? 400 : 200,
    );
  };

  app.get(
    `${REVIEWS}/:proposalId`,
    { config: { access: reviewProposal }, schema: { ...hidden, params: ProposalParams } },
    async (request, reply) => reviewPage(request, reply, loadedProposal(request)),
  );

  app.post(
    `${REVIEWS}/:proposalId`,
    {
      config: { access: reviewProposal },
      schema: { ...hidden, params: ProposalParams, body: formFieldsOf(ReviewFormFields) },
    },
    async (request, reply) => {
      const proposal = loadedProposal(request);
      const form = parseForm(ReviewFormFields, request.body);
      if (!form.ok) return reviewPage(request, reply, proposal, form.values, form.errors);
      const call = await callOf(app.db, proposal.eventId);
      if (!call) throw notFound();
      const actor = await signedInActor(request);
      const scores = scoresFromForm(call.rubric, form.value);
      try {
        await submitReview(app.db, call, proposal, actor.userId, {
          scores,
          commentToOrganisers: form.value.commentToOrganisers ?? "",
          commentToPresenters: form.value.commentToPresenters ?? "",
        });
      } catch (error) {
        if (!(error instanceof CallError)) throw error;
        // A missing score is named by its position in the form.
        const index = call.rubric.findIndex((c) => error.field === `score_${c.key}`);
        const message = tOf(request)(error.code);
        const errors = index >= 0 ? { [`score${index + 1}`]: { message } } : undefined;
        return reviewPage(
          request,
          reply,
          proposal,
          typedValues(request.body),
          errors,
          errors ? undefined : message,
        );
      }
      reply.flash("success", tOf(request)("reviewSavedFlash"));
      return reply.redirect(`${REVIEWS}/${proposal.id}`, 303);
    },
  );

  const reviewingPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { row } = loadedEvent(request);
    const actor = await signedInActor(request);
    const reviewer = await reviewerOn(app.db, row.id, actor.userId);
    const proposals = reviewer ? await blindList(app.db, row.id, actor.userId) : [];
    return reply.page(
      <ReviewingPage
        ctx={reply.pageContext()}
        event={row}
        isReviewer={!!reviewer}
        proposals={proposals}
        state={{
          locale: request.locale,
          values: values ?? {
            organisation: reviewer?.organisation ?? "",
            conflicts: proposals.filter((p) => p.conflict).map((p) => p.id),
          },
          errors,
          labels: {
            organisation: tOf(request)("yourOrganisation"),
            conflicts: tOf(request)("conflictsLabel"),
          },
        }}
      />,
      errors ? 400 : 200,
    );
  };

  app.get(
    "/events/:eventSlug/reviewing",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => reviewingPage(request, reply),
  );

  app.post(
    "/events/:eventSlug/reviewing",
    {
      config: { access: attendEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(DeclarationFields) },
    },
    async (request, reply) => {
      const form = parseForm(DeclarationFields, request.body);
      if (!form.ok) return reviewingPage(request, reply, form.values, form.errors);
      const { row } = loadedEvent(request);
      const actor = await signedInActor(request);
      // Only the event's reviewers have anything to declare; anyone else is shown why.
      if (!(await reviewerOn(app.db, row.id, actor.userId))) return reviewingPage(request, reply);
      await saveDeclaration(
        app.db,
        row.id,
        actor.userId,
        form.value.organisation ?? "",
        form.value.conflicts ?? [],
      );
      reply.flash("success", tOf(request)("declarationSavedFlash"));
      return reply.redirect(`/events/${row.slug}/reviewing`, 303);
    },
  );
}
