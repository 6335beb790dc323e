import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { unauthorized } from "../../platform/http/problem";
import type { Actor } from "../../platform/policy";

export const tags = ["communities"];
export const Ok = Type.Object({ ok: Type.Boolean() });

export async function requireActor(request: FastifyRequest): Promise<Actor> {
  const actor = await request.actor();
  if (!actor) throw unauthorized();
  return actor;
}
