import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { type Action, type Actor, can, type Resource } from "../policy";
import { forbidden, isApiRequest, notFound, unauthorized } from "./problem";

/**
 * Who may call a route, declared where the route is defined (`config: { access }`).
 *
 * - `"public"`: anyone, signed out included (public pages, sign-in, register, static files).
 * - `"signedIn"`: any signed-in person; the handler only ever touches their own rows
 *   (their account, sessions, tokens, notifications).
 * - `{ action, load }`: the policy decides. `load` finds the resource the route acts on from
 *   the request (it throws 404 when the id names nothing the actor may know about); the hook
 *   then asks `can(actor, action, resource)` before the body is validated or the handler runs.
 *   `refuse: 404` hides the resource from those refused instead of answering 403.
 *
 * A route that declares nothing cannot be registered (see `enforceAccessDeclarations`), so the
 * authorization matrix, which reads these declarations, covers every route there is.
 */
export type Access =
  | "public"
  | "signedIn"
  | {
      action: Action;
      load?: ResourceLoader;
      refuse?: 403 | 404;
    };

export type ResourceLoader = (request: FastifyRequest, actor: Actor | null) => Promise<Resource>;

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The resource the route's access rule loaded (when it has a loader), for the handler to reuse. */
    accessResource?: Resource;
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

/** Every route with its declared access, in registration order; read by the authorization matrix. */
export const declaredRoutesOf = (app: FastifyInstance): DeclaredRoute[] =>
  (app as unknown as { declaredRoutes: DeclaredRoute[] }).declaredRoutes;

export class UndeclaredAccessError extends Error {
  constructor(method: string, url: string) {
    super(
      `${method} ${url} declares no access rule. Add config: { access: "public" | "signedIn" | { action, load } } ` +
        "where the route is defined (src/platform/http/access.ts).",
    );
  }
}

/**
 * Refuses to register a route without an access declaration, and puts the declared rule in
 * front of the route's own hooks: it runs before body validation, so a refused caller learns
 * nothing from validation messages and never reaches the handler.
 */
export function enforceAccessDeclarations(app: FastifyInstance) {
  const declared: DeclaredRoute[] = [];
  app.decorate("declaredRoutes", declared);
  app.decorate("routesDefaultAccess", undefined);
  app.addHook("onRoute", function (this: FastifyInstance, route: RouteOptions) {
    const access =
      route.config?.access ?? (this as unknown as { routesDefaultAccess?: Access }).routesDefaultAccess;
    const methods = [route.method].flat().filter((m) => m !== "HEAD");
    if (!access) {
      if (methods.length === 0) return;
      throw new UndeclaredAccessError(methods.join(","), route.url);
    }
    for (const method of methods) declared.push({ method, url: route.url, access });
    if (access === "public") return;
    const existing = route.preValidation ? [route.preValidation].flat() : [];
    route.preValidation = [checkAccess(access), ...existing] as RouteOptions["preValidation"];
  });
}

/**
 * Declares the access of every route a third-party plugin registers in this (encapsulated)
 * context, for plugins that take no route config (static files, the OpenAPI document).
 */
export function declareAccessOfPluginRoutes(instance: FastifyInstance, access: Access) {
  (instance as unknown as { routesDefaultAccess?: Access }).routesDefaultAccess = access;
}

function checkAccess(access: Exclude<Access, "public">) {
  return async function accessRule(request: FastifyRequest, reply: FastifyReply) {
    const actor = await request.actor();
    if (access === "signedIn") {
      if (!actor) return refuseSignedOut(request, reply);
      return;
    }
    const resource = access.load ? await access.load(request, actor) : null;
    request.accessResource = resource;
    if (can(actor, access.action, resource)) return;
    if (!actor) return refuseSignedOut(request, reply);
    throw access.refuse === 404 ? notFound() : forbidden();
  };
}

/** Pages send a signed-out visitor to sign in and back; the API answers 401. */
function refuseSignedOut(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(request)) throw unauthorized();
  return redirectToSignIn(request, reply);
}

/**
 * Sends a signed-out visitor to the sign-in page, which brings them back to `back`: by default
 * the page they asked for (after a form, whatever the caller names, or home).
 */
export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply, back?: string) {
  const next = back ?? (request.method === "GET" ? request.url : "/");
  return reply.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A uuid route parameter for a loader, which runs before the params are validated: anything
 * else names nothing (404) rather than reaching the database.
 */
export function uuidParam(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, unknown>)[name];
  if (typeof value !== "string" || !UUID.test(value)) throw notFound();
  return value;
}

/** The signed-in caller of a route whose declared rule already required one. */
export async function signedInActor(request: FastifyRequest): Promise<Actor> {
  const actor = await request.actor();
  if (!actor) throw unauthorized();
  return actor;
}
