import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import { translator } from "../../../platform/i18n";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { notFound } from "../../../platform/http/problem";
import { type Actor, can } from "../../../platform/policy";
import type { PageContext } from "../../../platform/ui/context";
import { renderMarkdown } from "../../communities/service";
import { filesCatalog } from "../files/messages";
import { filesOfResource, ResourceFilesList } from "../files/service";
import { recordUsage } from "../reach/service";
import { editAccess, loadedResource, loadedShelf, readAccess, shelfAccess } from "./access";
import { resourceTags } from "./cache-tags";
import {
  type LibraryFilters,
  LibraryQuery,
  NewVersionFields,
  ResourceForm,
  ResourceParams,
  ReviewFields,
  resourceInputFromForm,
  ShelfParams,
  VersionParams,
} from "./contracts";
import {
  communityNamesBySlug,
  type ResourceRow,
  relatedTo,
  reviewsOf,
  searchResources,
  topicsLinking,
  translationsOf,
  versionsOf,
  workOnShelves,
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
  shelvesEditedBy,
  submitForReview,
  updateDraft,
} from "./service";
import { BrowsePage } from "./views/browse-page";
import { EditingPage, formValuesOf, NewVersionPage, ResourceFormPage } from "./views/editor-pages";
import { ResourcePage, type ResourceView, VersionPage } from "./views/resource-page";
import { resourceHref, tFor } from "./views/shared";

const hide = true;
/** The discussions a resource page lists are not announced to it: its copy is kept five minutes at most. */
const RESOURCE_PAGE_TTL_MS = 5 * 60_000;

/** The browse page's query as asked: checked against the schema, the words and filters kept. */
export function parseLibraryQuery(raw: Record<string, unknown>): {
  filters: LibraryFilters;
  query: URLSearchParams;
  invalid: boolean;
} {
  const query = new URLSearchParams();
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const list = [value].flat().filter((v): v is string => typeof v === "string" && v.trim() !== "");
    if (list.length === 0 || !(key in LibraryQuery.properties)) continue;
    for (const v of list) query.append(key, v);
    const isList =
      (LibraryQuery.properties as Record<string, { type?: string; anyOf?: unknown }>)[key]?.type === "array";
    kept[key] = isList ? list : list[0];
  }
  query.delete("page");
  const converted = Value.Convert(LibraryQuery, kept);
  if (!Value.Check(LibraryQuery, converted)) return { filters: {}, query, invalid: true };
  return { filters: converted as LibraryFilters, query, invalid: false };
}

/** A workflow refusal as the form's message beside its field. */
function libraryErrors(error: unknown, locale: "en" | "es", field?: string): FieldErrors {
  if (!(error instanceof LibraryError)) throw error;
  const t = tFor({ locale });
  return { [field ?? error.field]: { message: t(`problem_${error.problem}`) } };
}

/** The resources' pages: browse and search, a resource, its versions, and the editors' workflow. */
export async function resourcePages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.db;

  // --- Browse and search ------------------------------------------------------------------------
  app.get(
    "/library",
    { schema: { hide, querystring: formFieldsOf(LibraryQuery) }, config: { access: "public" } },
    async (request, reply) => {
      const actor = await request.actor();
      await publishDueResources(db);
      const { filters, query, invalid } = parseLibraryQuery(request.query as Record<string, unknown>);
      const page = await reply.cachedPage(async (ctx, deps) => {
        deps.add(resourceTags.anyResource, "community:any");
        const nationId = await nationIdOf(db);
        const found = invalid ? null : await searchResources(db, actor, nationId, filters);
        const groupNames = await communityNamesBySlug(db, found?.facets.group.map((g) => g.value) ?? []);
        const shelves = actor ? await shelvesEditedBy(db, actor) : null;
        if (invalid) reply.code(400);
        return (
          <BrowsePage
            ctx={ctx}
            view={{
              filters,
              query,
              invalid,
              items: found?.items ?? [],
              total: found?.total ?? 0,
              pages: Math.max(1, Math.ceil((found?.total ?? 0) / 20)),
              facets: found?.facets ?? {
                type: [],
                domain: [],
                tier: [],
                audience: [],
                language: [],
                state: [],
                group: [],
                year: [],
              },
              groupNames,
              canEdit: !!shelves && (shelves.national || shelves.communities.length > 0),
            }}
          />
        );
      });
      return page;
    },
  );

  // --- A resource -------------------------------------------------------------------------------
  async function resourceView(
    ctx: PageContext,
    actor: Actor | null,
    row: ResourceRow,
    canEdit: boolean,
    review?: { values?: FormValues; errors?: FieldErrors },
  ): Promise<ResourceView> {
    const nationId = await nationIdOf(db);
    const [translations, related, discussedIn, versions, reviews, files] = await Promise.all([
      translationsOf(db, actor, nationId, row),
      relatedTo(db, actor, nationId, row),
      topicsLinking(db, actor, row.slug),
      versionsOf(db, row.id),
      canEdit ? reviewsOf(db, row.id) : Promise.resolve([]),
      filesOfResource(db, row.id),
    ]);
    const href = resourceHref(row.slug);
    const url = `${app.config?.publicUrl ?? ""}${href}`;
    return {
      row,
      summaryHtml: renderMarkdown(row.summary),
      bodyHtml: row.body ? renderMarkdown(row.body) : "",
      citation: citationOf(row, row.currentVersion, url, ctx.locale),
      translations,
      related,
      discussedIn,
      versions,
      files:
        files.length || canEdit ? (
          <>
            <ResourceFilesList files={files} locale={ctx.locale} href={(f) => `${href}/files/${f.id}`} />
            {canEdit ? (
              <p>
                <a href={`${href}/files`}>{translator(filesCatalog, ctx.locale)("manageFiles")}</a>
              </p>
            ) : null}
          </>
        ) : null,
      editor: canEdit
        ? { reviews, ownWork: row.createdBy === actor?.userId || row.submittedBy === actor?.userId, review }
        : null,
    };
  }

  app.get(
    "/library/:resourceSlug",
    { schema: { hide, params: ResourceParams }, config: { access: readAccess } },
    async (request, reply) => {
      const { row, item } = loadedResource(request);
      const actor = await request.actor();
      const canEdit = can(actor, "library.edit", item);
      // Viewing a resource's page is a COUNTER investigation, counted from the request even when the page is cached.
      recordUsage(request, { resourceId: row.id, kind: "investigation" });
      return reply.cachedPage(
        async (ctx, deps) => {
          deps.add(
            resourceTags.resource(row.id),
            resourceTags.anyResource,
            row.communityId && `community:${row.communityId}`,
          );
          return <ResourcePage ctx={ctx} view={await resourceView(ctx, actor, row, canEdit)} />;
        },
        { ttlMs: RESOURCE_PAGE_TTL_MS },
      );
    },
  );

  app.get(
    "/library/:resourceSlug/versions/:versionNumber",
    { schema: { hide, params: VersionParams }, config: { access: readAccess } },
    async (request, reply) => {
      const { row } = loadedResource(request);
      const version = (await versionsOf(db, row.id)).find((v) => v.number === request.params.versionNumber);
      if (!version) throw notFound();
      return reply.cachedPage((ctx, deps) => {
        deps.add(resourceTags.resource(row.id));
        return (
          <VersionPage
            ctx={ctx}
            row={row}
            version={version}
            summaryHtml={renderMarkdown(version.snapshot.summary)}
            bodyHtml={version.snapshot.body ? renderMarkdown(version.snapshot.body) : ""}
          />
        );
      });
    },
  );

  // --- Editors ----------------------------------------------------------------------------------
  app.get(
    "/library/editing",
    { schema: { hide }, config: { access: "signedIn" } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const shelves = await shelvesEditedBy(db, actor);
      const work = await workOnShelves(db, actor, await nationIdOf(db));
      return reply.page(<EditingPage ctx={reply.pageContext()} shelves={shelves} work={work} />);
    },
  );

  const newPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const shelf = loadedShelf(request);
    const ctx = reply.pageContext();
    const t = tFor(ctx);
    const shelfLabel = shelf.communityName?.[ctx.locale] ?? t("nationalShelf");
    return (
      <ResourceFormPage
        ctx={ctx}
        action={`/library/shelves/${shelf.slug}/new`}
        heading={t("newOn", { shelf: shelfLabel })}
        onCommunityShelf={!!shelf.community}
        editing={false}
        values={values}
        errors={errors}
      />
    );
  };

  app.get(
    "/library/shelves/:shelfSlug/new",
    { schema: { hide, params: ShelfParams }, config: { access: shelfAccess } },
    async (request, reply) => reply.page(newPage(request, reply)),
  );

  app.post(
    "/library/shelves/:shelfSlug/new",
    {
      schema: { hide, params: ShelfParams, body: formFieldsOf(ResourceForm) },
      config: { access: shelfAccess },
    },
    async (request, reply) => {
      const parsed = parseForm(ResourceForm, request.body);
      if (!parsed.ok) return reply.page(newPage(request, reply, parsed.values, parsed.errors), 400);
      const actor = await signedInActor(request);
      try {
        const row = await createResource(
          db,
          actor,
          loadedShelf(request),
          resourceInputFromForm(parsed.value),
        );
        reply.flash("success", tFor(request)("created"));
        return reply.redirect(resourceHref(row.slug), 303);
      } catch (error) {
        const errors = libraryErrors(error, request.locale);
        return reply.page(newPage(request, reply, request.body as FormValues, errors), 409);
      }
    },
  );

  const editPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => {
    const { row } = loadedResource(request);
    const ctx = reply.pageContext();
    return (
      <ResourceFormPage
        ctx={ctx}
        action={`${resourceHref(row.slug)}/edit`}
        heading={tFor(ctx)("editTitle", { title: row.title })}
        onCommunityShelf={!!row.communityId}
        editing
        values={values ?? formValuesOf(row)}
        errors={
          errors ??
          (row.status === "draft"
            ? undefined
            : libraryErrors(new LibraryError("notDraft"), ctx.locale, "title"))
        }
      />
    );
  };

  app.get(
    "/library/:resourceSlug/edit",
    { schema: { hide, params: ResourceParams }, config: { access: editAccess } },
    async (request, reply) =>
      reply.page(editPage(request, reply), loadedResource(request).row.status === "draft" ? 200 : 409),
  );

  app.post(
    "/library/:resourceSlug/edit",
    {
      schema: { hide, params: ResourceParams, body: formFieldsOf(ResourceForm) },
      config: { access: editAccess },
    },
    async (request, reply) => {
      const { row } = loadedResource(request);
      const parsed = parseForm(ResourceForm, { ...(request.body as object), slug: row.slug });
      if (!parsed.ok) return reply.page(editPage(request, reply, parsed.values, parsed.errors), 400);
      try {
        await updateDraft(db, await signedInActor(request), row, resourceInputFromForm(parsed.value));
      } catch (error) {
        const errors = libraryErrors(
          error,
          request.locale,
          error instanceof LibraryError && error.field === "form" ? "title" : undefined,
        );
        return reply.page(editPage(request, reply, request.body as FormValues, errors), 409);
      }
      reply.flash("success", tFor(request)("saved"));
      return reply.redirect(resourceHref(row.slug), 303);
    },
  );

  /** A one-button workflow step: on refusal the resource page says why. */
  const step =
    (act: (actor: Actor, row: ResourceRow) => Promise<unknown>, done: "submitted" | "archived") =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { row } = loadedResource(request);
      const actor = await signedInActor(request);
      try {
        await act(actor, row);
      } catch (error) {
        const [message] = Object.values(libraryErrors(error, request.locale));
        reply.flash("error", message && "message" in message ? message.message : "");
        return reply.redirect(resourceHref(row.slug), 303);
      }
      reply.flash("success", tFor(request)(done));
      return reply.redirect(resourceHref(row.slug), 303);
    };

  app.post(
    "/library/:resourceSlug/submit",
    { schema: { hide, params: ResourceParams, body: ButtonForm }, config: { access: editAccess } },
    step((actor, row) => submitForReview(db, actor, row), "submitted"),
  );

  app.post(
    "/library/:resourceSlug/archive",
    { schema: { hide, params: ResourceParams, body: ButtonForm }, config: { access: editAccess } },
    step((actor, row) => archiveResource(db, actor, row), "archived"),
  );

  app.post(
    "/library/:resourceSlug/review",
    {
      schema: { hide, params: ResourceParams, body: formFieldsOf(ReviewFields) },
      config: { access: editAccess },
    },
    async (request, reply) => {
      const { row, item } = loadedResource(request);
      const actor = await signedInActor(request);
      const again = async (values: FormValues, errors: FieldErrors, status: number) => {
        const ctx = reply.pageContext();
        const view = await resourceView(ctx, actor, row, can(actor, "library.edit", item), {
          values,
          errors,
        });
        return reply.page(<ResourcePage ctx={ctx} view={view} />, status);
      };
      const parsed = parseForm(ReviewFields, request.body);
      if (!parsed.ok) return again(parsed.values, parsed.errors, 400);
      try {
        await reviewResource(db, actor, row, parsed.value);
      } catch (error) {
        return again(request.body as FormValues, libraryErrors(error, request.locale), 409);
      }
      reply.flash("success", tFor(request)("reviewed"));
      return reply.redirect(resourceHref(row.slug), 303);
    },
  );

  const versionPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: FormValues,
    errors?: FieldErrors,
  ) => (
    <NewVersionPage
      ctx={reply.pageContext()}
      row={loadedResource(request).row}
      values={values}
      errors={errors}
    />
  );

  app.get(
    "/library/:resourceSlug/new-version",
    { schema: { hide, params: ResourceParams }, config: { access: editAccess } },
    async (request, reply) => {
      const { row } = loadedResource(request);
      if (row.status !== "published")
        return reply.page(
          versionPage(
            request,
            reply,
            undefined,
            libraryErrors(new LibraryError("notPublished"), request.locale, "changeNote"),
          ),
          409,
        );
      return reply.page(versionPage(request, reply));
    },
  );

  app.post(
    "/library/:resourceSlug/new-version",
    {
      schema: { hide, params: ResourceParams, body: formFieldsOf(NewVersionFields) },
      config: { access: editAccess },
    },
    async (request, reply) => {
      const { row } = loadedResource(request);
      const parsed = parseForm(NewVersionFields, request.body);
      if (!parsed.ok) return reply.page(versionPage(request, reply, parsed.values, parsed.errors), 400);
      let number: number;
      try {
        number = await publishNewVersion(db, await signedInActor(request), row, parsed.value);
      } catch (error) {
        return reply.page(
          versionPage(
            request,
            reply,
            request.body as FormValues,
            libraryErrors(error, request.locale, "changeNote"),
          ),
          409,
        );
      }
      reply.flash("success", tFor(request)("versionPublished", { n: number }));
      return reply.redirect(resourceHref(row.slug), 303);
    },
  );
}
