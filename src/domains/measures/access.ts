import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound, unauthorized } from "../../platform/http/problem";
import { redirectToSignIn } from "../../platform/http/web";
import { type Action, type Actor, can } from "../../platform/policy";
import { getOrganisation, type Organisation } from "../directory/service";
import { getResponse, type ResponseView } from "./service";

/**
 * Loading what a request asks for, scoped by policy. Anything the actor may not read is "not
 * found", so a peer school cannot even learn that another school's response exists.
 */
export async function requireActor(request: FastifyRequest): Promise<Actor> {
  const actor = await request.actor();
  if (!actor) throw unauthorized();
  return actor;
}

export async function organisationFor(request: FastifyRequest, id: string, action: Action = "measures.read") {
  const actor = await requireActor(request);
  const organisation = await getOrganisation(request.server.db, id);
  if (!organisation || !can(actor, "measures.read", organisation) || !can(actor, action, organisation)) throw notFound();
  return { actor, organisation };
}

export async function responseFor(
  request: FastifyRequest,
  id: string,
  action: Action = "measures.read",
): Promise<{ actor: Actor; organisation: Organisation; response: ResponseView; canWrite: boolean }> {
  const actor = await requireActor(request);
  const response = await getResponse(request.server.db, id);
  const organisation = response ? await getOrganisation(request.server.db, response.organisationId) : null;
  if (!response || !organisation || !can(actor, "measures.read", organisation) || !can(actor, action, organisation)) {
    throw notFound();
  }
  return { actor, organisation, response, canWrite: can(actor, "measures.write", organisation) };
}

export async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (await request.actor()) return true;
  redirectToSignIn(request, reply);
  return false;
}
