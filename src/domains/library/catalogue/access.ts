import type { FastifyRequest } from "fastify";
import type { Access, ResourceLoader } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import { MEASURE_SLUG_PATTERN } from "./fields";
import { findMeasure, type MeasureRow, nationalShelf } from "./service";

/*
 * The catalogue is read by everyone (its routes are public) and edited on the national shelf:
 * `library.edit` on the nation's shelf, that is the nation team's leads and admins. A measure
 * that does not exist is a 404 before the policy is asked (the catalogue is public, so its
 * existence is no secret).
 */

const SLUG = new RegExp(MEASURE_SLUG_PATTERN);
const loaded = new WeakMap<FastifyRequest, MeasureRow>();

const shelf = async (request: FastifyRequest) => {
  const found = await nationalShelf(request.server.db);
  if (!found) throw notFound();
  return found;
};

const measureOnShelf: ResourceLoader = async (request) => {
  const slug = (request.params as Record<string, unknown>).measureSlug;
  // The loader runs before the params are validated: only a well-formed address reaches the database.
  const measure =
    typeof slug === "string" && SLUG.test(slug) ? await findMeasure(request.server.db, slug) : null;
  if (!measure) throw notFound();
  loaded.set(request, measure);
  return shelf(request);
};

export const addMeasureAccess: Access = { action: "library.edit", load: shelf };
export const editMeasureAccess: Access = { action: "library.edit", load: measureOnShelf };

export function loadedMeasure(request: FastifyRequest): MeasureRow {
  const found = loaded.get(request);
  if (!found) throw new Error("This route declares no measure loader.");
  return found;
}
