import type { FastifyReply, FastifyRequest } from "fastify";
import { forbidden, unauthorized } from "../../platform/http/problem";
import { redirectToSignIn } from "../../platform/http/web";
import { can } from "../../platform/policy";

/**
 * Every admin page and API route sits behind `admin.manage`. Checked on request, before the
 * body or query is validated, so nobody learns anything about the admin API without access.
 */
export async function requireAdminPage(request: FastifyRequest, reply: FastifyReply) {
  if (!request.viewer) {
    return redirectToSignIn(request, reply);
  }
  if (!can(await request.actor(), "admin.manage")) throw forbidden();
}

export async function requireAdminApi(request: FastifyRequest) {
  if (!request.viewer) throw unauthorized();
  if (!can(await request.actor(), "admin.manage")) throw forbidden();
}

/** The signed-in admin's id; only called after a guard has run. */
export function adminId(request: FastifyRequest): string {
  return request.viewer!.id;
}
