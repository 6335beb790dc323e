import type { FastifyRequest } from "fastify";
import { type Access, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import type { Actor, ProposalResource } from "../../../platform/policy";
import { eventById, eventInPath, loadedEvent } from "./event-access";
import { reviewOf } from "./review";
import { ownsProposal, type Proposal, proposalById } from "./service";

/*
 * What each calls route acts on, found before the policy decides. A proposal is refused with
 * 404 to anyone who is neither its presenter, nor its assigned reviewer, nor an organiser of its
 * event, so nobody learns a proposal exists.
 */

const loadedProposals = new WeakMap<FastifyRequest, Proposal>();

async function proposalResource(request: FastifyRequest, actor: Actor | null): Promise<ProposalResource> {
  const proposal = await proposalById(request.server.db, uuidParam(request, "proposalId"));
  if (!proposal) throw notFound();
  const { resource: event } = await eventById(request, proposal.eventId);
  loadedProposals.set(request, proposal);
  const assigned =
    !!actor &&
    proposal.status === "submitted" &&
    !!(await reviewOf(request.server.db, proposal.id, actor.userId));
  return {
    id: proposal.id,
    ancestorIds: [],
    event,
    assignedReviewer: assigned,
    ownProposal: !!actor && ownsProposal(proposal, actor.userId),
  };
}

/** Its submitter and presenters with accounts. */
export const ownProposal: Access = { action: "proposal.own", load: proposalResource, refuse: 404 };
/** Its assigned reviewers, blind. */
export const reviewProposal: Access = { action: "proposal.review", load: proposalResource, refuse: 404 };

/** A proposal to the event in the path, for its organisers. */
export const organiseProposal: Access = {
  action: "event.organise",
  refuse: 404,
  load: async (request, actor) => {
    const event = await eventInPath(request, actor);
    const proposal = await proposalById(request.server.db, uuidParam(request, "proposalId"));
    if (!proposal || proposal.eventId !== event?.id) throw notFound();
    loadedProposals.set(request, proposal);
    return event;
  },
};

export const readEvent: Access = { action: "event.read", load: eventInPath, refuse: 404 };
export const organiseEvent: Access = { action: "event.organise", load: eventInPath, refuse: 404 };
export const attendEvent: Access = { action: "event.attend", load: eventInPath, refuse: 404 };

export function loadedProposal(request: FastifyRequest): Proposal {
  const found = loadedProposals.get(request);
  if (!found) throw new Error("This route declares no proposal loader.");
  return found;
}

export { loadedEvent };
