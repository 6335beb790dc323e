import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import { badRequest, conflict, notFound } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import type { Actor } from "../../../platform/policy";
import { editAccess, loadedResource, loadedShelf, readAccess, shelfAccess } from "./access";
import {
  LibraryQuery,
  LibrarySearchResponse,
  NewVersionFields,
  ResourceFields,
  ResourceParams,
  ResourceResponse,
  type ResourceSummaryResponse,
  ReviewFields,
  ShelfParams,
  VersionListResponse,
  VersionParams,
  VersionResponse,
} from "./contracts";
import { parseLibraryQuery } from "./pages";
import {
  type ResourceRow,
  resourceBySlug,
  searchResources,
  translationsOf,
  versionsOf,
  type VersionRow,
} from "./repo";
import {
  archiveResource,
  citationOf,
  createResource,
  LibraryError,
  nationIdOf,
  publishDueResources,
  publishNewVersion,
  reviewResource,
  submitForReview,
  updateDraft,
} from "./service";
import { resourceHref } from "./views/shared";

const tags = ["library"];

export function presentSummary(row: ResourceRow): Static<typeof ResourceSummaryResponse> {
  return {
    id: row.id,
    slug: row.slug,
    type: row.type,
    status: row.status,
    language: row.language,
    title: row.title,
    summary: row.summary,
    year: row.year,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    domainKeys: row.domainKeys,
    tiers: row.tiers,
    audiences: row.audiences,
    stateCode: row.stateCode,
    community: row.communitySlug ? { slug: row.communitySlug, name: row.communityNameEn ?? "" } : null,
    communityOnly: row.communityOnly,
    version: row.currentVersion,
    links: { page: resourceHref(row.slug) },
  };
}

const presentVersion = (v: VersionRow): Static<typeof VersionResponse> => ({
  number: v.number,
  changeNote: v.changeNote,
  createdAt: v.createdAt.toISOString(),
  title: v.snapshot.title,
  summary: v.snapshot.summary,
  body: v.snapshot.body,
  year: v.snapshot.year,
});

/** A workflow refusal: a field's problem is a 400 naming the field, a state's a 409. */
function asProblem(error: unknown): never {
  if (!(error instanceof LibraryError)) throw error;
  if (error.field !== "form")
    throw badRequest(error.message, [{ pointer: `/${error.field}`, detail: error.problem }]);
  throw conflict(error.message);
}

/** The library's resources under /api/v1/library: the same reads and workflow as the pages. */
export async function resourceApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  async function present(row: ResourceRow, actor: Actor | null, locale: "en" | "es") {
    const translations = await translationsOf(db, actor, await nationIdOf(db), row);
    return {
      ...presentSummary(row),
      body: row.body,
      authors: row.authors,
      organisations: row.organisations,
      licence: row.licence,
      externalUrl: row.externalUrl,
      publishAt: row.publishAt?.toISOString() ?? null,
      citation: citationOf(
        row,
        row.currentVersion,
        `${app.config.publicUrl}${resourceHref(row.slug)}`,
        locale,
      ),
      translations,
    };
  }
  const reread = async (slug: string) => {
    const row = await resourceBySlug(db, slug);
    if (!row) throw notFound();
    return row;
  };

  app.get(
    "/library/resources",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "Published resources you may read: full-text search (English and Spanish) with filters, facet counts and sorting, 20 a page",
        querystring: Type.Partial(LibraryQuery),
        response: { 200: LibrarySearchResponse, ...problemResponses(400) },
      },
    },
    async (request) => {
      const actor = await request.actor();
      await publishDueResources(db);
      const { filters, invalid } = parseLibraryQuery(request.query as Record<string, unknown>);
      if (invalid) throw badRequest("The search words or filters could not be understood.");
      const found = await searchResources(db, actor, await nationIdOf(db), filters);
      return {
        items: found.items.map(presentSummary),
        total: found.total,
        page: filters.page ?? 1,
        pages: Math.max(1, Math.ceil(found.total / 20)),
        facets: found.facets,
      };
    },
  );

  app.get(
    "/library/resources/:resourceSlug",
    {
      config: { access: readAccess },
      schema: {
        tags,
        summary: "A resource: its fields, version, language versions and how to cite it",
        params: ResourceParams,
        response: { 200: ResourceResponse, ...problemResponses(404) },
      },
    },
    async (request) => present(loadedResource(request).row, await request.actor(), request.locale),
  );

  app.get(
    "/library/resources/:resourceSlug/versions",
    {
      config: { access: readAccess },
      schema: {
        tags,
        summary: "A resource's published versions, newest first, each with what changed",
        params: ResourceParams,
        response: { 200: VersionListResponse, ...problemResponses(404) },
      },
    },
    async (request) => ({
      items: (await versionsOf(db, loadedResource(request).row.id)).map(presentVersion),
    }),
  );

  app.get(
    "/library/resources/:resourceSlug/versions/:versionNumber",
    {
      config: { access: readAccess },
      schema: {
        tags,
        summary: "One published version of a resource as it was",
        params: VersionParams,
        response: { 200: VersionResponse, ...problemResponses(404) },
      },
    },
    async (request) => {
      const versions = await versionsOf(db, loadedResource(request).row.id);
      const version = versions.find((v) => v.number === request.params.versionNumber);
      if (!version) throw notFound();
      return presentVersion(version);
    },
  );

  app.post(
    "/library/shelves/:shelfSlug/resources",
    {
      config: { access: shelfAccess },
      schema: {
        tags,
        summary: "Start a draft on a shelf you edit (`national` or a community's slug)",
        params: ShelfParams,
        body: ResourceFields,
        response: { 201: ResourceResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const row = await createResource(db, actor, loadedShelf(request), request.body).catch(asProblem);
      return reply.code(201).send(await present(await reread(row.slug), actor, request.locale));
    },
  );

  app.put(
    "/library/resources/:resourceSlug",
    {
      config: { access: editAccess },
      schema: {
        tags,
        summary: "Change a draft (its address stays)",
        params: ResourceParams,
        body: ResourceFields,
        response: { 200: ResourceResponse, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const { row } = loadedResource(request);
      const actor = await signedInActor(request);
      await updateDraft(db, actor, row, request.body).catch(asProblem);
      return present(await reread(row.slug), actor, request.locale);
    },
  );

  const workflow = (summary: string, body: typeof ReviewFields | typeof NewVersionFields | undefined) => ({
    config: { access: editAccess },
    schema: {
      tags,
      summary,
      params: ResourceParams,
      ...(body ? { body } : {}),
      response: { 200: ResourceResponse, ...problemResponses(400, 401, 404, 409) },
    },
  });

  app.post(
    "/library/resources/:resourceSlug/submission",
    workflow("Send a draft for review by a second editor", undefined),
    async (request) => {
      const { row } = loadedResource(request);
      const actor = await signedInActor(request);
      await submitForReview(db, actor, row).catch(asProblem);
      return present(await reread(row.slug), actor, request.locale);
    },
  );

  app.post(
    "/library/resources/:resourceSlug/reviews",
    workflow(
      "Review a resource in review (not your own): comment, return it to draft, or approve it (published now, or from the start of `publishOn`)",
      ReviewFields,
    ),
    async (request) => {
      const { row } = loadedResource(request);
      const actor = await signedInActor(request);
      await reviewResource(db, actor, row, request.body as Static<typeof ReviewFields>).catch(asProblem);
      return present(await reread(row.slug), actor, request.locale);
    },
  );

  app.post(
    "/library/resources/:resourceSlug/versions",
    workflow("Publish a new version of a published resource, saying what changed", NewVersionFields),
    async (request) => {
      const { row } = loadedResource(request);
      const actor = await signedInActor(request);
      await publishNewVersion(db, actor, row, request.body as Static<typeof NewVersionFields>).catch(
        asProblem,
      );
      return present(await reread(row.slug), actor, request.locale);
    },
  );

  app.post(
    "/library/resources/:resourceSlug/archive",
    workflow("Archive a published resource (it stays readable, out of browse and search)", undefined),
    async (request) => {
      const { row } = loadedResource(request);
      const actor = await signedInActor(request);
      await archiveResource(db, actor, row).catch(asProblem);
      return present(await reread(row.slug), actor, request.locale);
    },
  );
}
