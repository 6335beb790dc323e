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
import { can } from "../../../platform/policy";
import type { FormState } from "../../../platform/ui/components";
import { attendEvent, loadedEvent, loadedProposal, ownProposal, readEvent } from "./access";
import { respondToDecision } from "./decisions";
import { type CallEvent, eventById } from "./event-access";
import { EventParams, ProposalFormFields, ProposalParams, ResponseFields } from "./fields";
import {
  CallError,
  callErrorOf,
  ProposalLabels,
  proposalInputOf,
  proposalValues,
  tOf,
  tracksFor,
  typedValues,
} from "./page-helpers";
import {
  type CallRow,
  callOf,
  createProposal,
  myProposals,
  type Proposal,
  submitProposal,
  updateProposal,
  withdrawProposal,
} from "./service";
import { CallPage } from "./views/call";
import { MY_PROPOSALS } from "./views/common";
import { MyProposalsPage, OwnProposalPage, ProposalFormPage } from "./views/propose";

const hidden = { hide: true };

/** The call page, proposing, "my proposals", and a presenter's own proposal. */
export async function proposePages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/events/:eventSlug/call",
    { config: { access: readEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => {
      const { row, resource } = loadedEvent(request);
      const actor = await request.actor();
      return reply.page(
        <CallPage
          ctx={reply.pageContext()}
          event={row}
          call={await callOf(app.db, row.id)}
          mayOrganise={can(actor, "event.organise", resource)}
        />,
      );
    },
  );

  const callOrNotFound = async (eventId: string) => {
    const call = await callOf(app.db, eventId);
    if (!call) throw notFound();
    return call;
  };

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: CallEvent,
    call: CallRow,
    action: string,
    editing: boolean,
    values: FormValues,
    errors?: FieldErrors,
    status?: string,
  ) => {
    const t = tOf(request);
    return reply.page(
      <ProposalFormPage
        ctx={reply.pageContext()}
        event={event}
        call={call}
        tracks={await tracksFor(app.db, event.id, request.locale)}
        state={{ locale: request.locale, values, errors, labels: ProposalLabels(t) }}
        action={action}
        editing={editing}
        status={status}
      />,
      errors || status ? 400 : 200,
    );
  };

  /** Checks the posted form; a CallError from the service comes back as the form with its message. */
  const handleProposal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: CallEvent,
    call: CallRow,
    action: string,
    editing: boolean,
    save: (input: Parameters<typeof createProposal>[3], submit: boolean) => Promise<Proposal>,
  ) => {
    const form = parseForm(ProposalFormFields, request.body);
    if (!form.ok) return formPage(request, reply, event, call, action, editing, form.values, form.errors);
    const checked = proposalInputOf(form.value);
    if ("errors" in checked)
      return formPage(
        request,
        reply,
        event,
        call,
        action,
        editing,
        typedValues(request.body),
        checked.errors,
      );
    const submit = form.value.intent !== "draft";
    try {
      const saved = await save(checked.input, submit);
      reply.flash("success", tOf(request)(submit ? "submittedFlash" : "draftFlash"));
      return reply.redirect(`${MY_PROPOSALS}/${saved.id}`, 303);
    } catch (error) {
      if (!(error instanceof CallError)) throw error;
      const shown = callErrorOf(request, error);
      return formPage(
        request,
        reply,
        event,
        call,
        action,
        editing,
        typedValues(request.body),
        shown.errors,
        shown.status,
      );
    }
  };

  app.get(
    "/events/:eventSlug/call/propose",
    { config: { access: attendEvent }, schema: { ...hidden, params: EventParams } },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const call = await callOrNotFound(row.id);
      const viewer = reply.pageContext().viewer;
      const values: FormValues = {
        language: request.locale,
        presenter1Name: viewer?.name ?? "",
        presenter1Email: viewer?.email ?? "",
      };
      const closed = call.deadline <= new Date() ? tOf(request)("callClosed") : undefined;
      return formPage(request, reply, row, call, request.url, false, values, undefined, closed);
    },
  );

  app.post(
    "/events/:eventSlug/call/propose",
    {
      config: { access: attendEvent },
      schema: { ...hidden, params: EventParams, body: formFieldsOf(ProposalFormFields) },
    },
    async (request, reply) => {
      const { row } = loadedEvent(request);
      const call = await callOrNotFound(row.id);
      const actor = await signedInActor(request);
      return handleProposal(request, reply, row, call, request.url, false, (input, submit) =>
        createProposal(app.db, actor, call, input, submit),
      );
    },
  );

  app.get(MY_PROPOSALS, { config: { access: "signedIn" }, schema: hidden }, async (request, reply) => {
    const actor = await signedInActor(request);
    return reply.page(
      <MyProposalsPage ctx={reply.pageContext()} proposals={await myProposals(app.db, actor.userId)} />,
    );
  });

  const ownPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    proposal: Proposal,
    status?: string,
    responseState?: FormState,
  ) => {
    const { row } = await eventById(request, proposal.eventId);
    const tracks = await tracksFor(app.db, row.id, request.locale);
    return reply.page(
      <OwnProposalPage
        ctx={reply.pageContext()}
        event={row}
        call={await callOf(app.db, row.id)}
        proposal={proposal}
        trackName={tracks.find((tr) => tr.id === proposal.trackId)?.name ?? null}
        status={status}
        responseState={responseState}
      />,
      status || responseState ? 400 : 200,
    );
  };

  app.get(
    `${MY_PROPOSALS}/:proposalId`,
    { config: { access: ownProposal }, schema: { ...hidden, params: ProposalParams } },
    async (request, reply) => ownPage(request, reply, loadedProposal(request)),
  );

  const editAction = (p: Proposal) => `${MY_PROPOSALS}/${p.id}/edit`;
  app.get(
    `${MY_PROPOSALS}/:proposalId/edit`,
    { config: { access: ownProposal }, schema: { ...hidden, params: ProposalParams } },
    async (request, reply) => {
      const proposal = loadedProposal(request);
      const call = await callOrNotFound(proposal.eventId);
      const { row } = await eventById(request, proposal.eventId);
      const t = tOf(request);
      const status =
        call.deadline <= new Date()
          ? t("callClosed")
          : proposal.status === "withdrawn"
            ? t("withdrawn")
            : undefined;
      return formPage(
        request,
        reply,
        row,
        call,
        editAction(proposal),
        true,
        proposalValues(proposal),
        undefined,
        status,
      );
    },
  );

  app.post(
    `${MY_PROPOSALS}/:proposalId/edit`,
    {
      config: { access: ownProposal },
      schema: { ...hidden, params: ProposalParams, body: formFieldsOf(ProposalFormFields) },
    },
    async (request, reply) => {
      const proposal = loadedProposal(request);
      const call = await callOrNotFound(proposal.eventId);
      const { row } = await eventById(request, proposal.eventId);
      const actor = await signedInActor(request);
      return handleProposal(request, reply, row, call, editAction(proposal), true, (input, submit) =>
        updateProposal(app.db, actor, call, proposal, input, submit),
      );
    },
  );

  /** A one-button act on one's proposal: done, or the reason it could not be, as a flash. */
  const act = (path: string, perform: (request: FastifyRequest, proposal: Proposal) => Promise<string>) =>
    app.post(
      `${MY_PROPOSALS}/:proposalId/${path}`,
      { config: { access: ownProposal }, schema: { ...hidden, params: ProposalParams, body: ButtonForm } },
      async (request, reply) => {
        const proposal = loadedProposal(request);
        try {
          reply.flash("success", await perform(request, proposal));
        } catch (error) {
          if (!(error instanceof CallError)) throw error;
          reply.flash("error", tOf(request)(error.code));
        }
        return reply.redirect(`${MY_PROPOSALS}/${proposal.id}`, 303);
      },
    );

  act("submit", async (request, proposal) => {
    await submitProposal(app.db, await callOrNotFound(proposal.eventId), proposal);
    return tOf(request)("submittedFlash");
  });
  act("withdraw", async (request, proposal) => {
    await withdrawProposal(app.db, proposal);
    return tOf(request)("withdrawnFlash");
  });

  app.post(
    `${MY_PROPOSALS}/:proposalId/respond`,
    {
      config: { access: ownProposal },
      schema: { ...hidden, params: ProposalParams, body: formFieldsOf(ResponseFields) },
    },
    async (request, reply) => {
      const proposal = loadedProposal(request);
      const form = parseForm(ResponseFields, request.body);
      const t = tOf(request);
      if (!form.ok)
        return ownPage(request, reply, proposal, undefined, {
          locale: request.locale,
          values: form.values,
          errors: form.errors,
          labels: { response: t("yourAnswer") },
        });
      try {
        await respondToDecision(app.db, await signedInActor(request), proposal, form.value.response);
        reply.flash("success", t(form.value.response === "confirmed" ? "confirmedFlash" : "declinedFlash"));
      } catch (error) {
        if (!(error instanceof CallError)) throw error;
        reply.flash("error", t(error.code));
      }
      return reply.redirect(`${MY_PROPOSALS}/${proposal.id}`, 303);
    },
  );
}
