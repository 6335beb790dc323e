import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import { resourceTags } from "./cache-tags";
import type { Cache } from "../../../platform/cache";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { forbidden } from "../../../platform/http/problem";
import { enqueueJob } from "../../../platform/jobs";
import {
  type Actor,
  type CommunityResource,
  can,
  type LibraryItemResource,
  type LibraryShelfResource,
} from "../../../platform/policy";
import { findVisibleCommunity, roleOf } from "../../communities/service";
import { getNation } from "../../directory/service";
import type { NewVersionInput, ResourceInput, ReviewInput } from "./contracts";
import { publicResourcesForDomain, type ResourceRow, resourceBySlug } from "./repo";
import {
  libraryResourceReviews,
  libraryResources,
  libraryResourceVersions,
  type ResourceSnapshot,
} from "./schema";

export type { ResourceRow } from "./repo";
export { usageCountsFor, usageRankSql } from "./usage";
export { readableResourceCondition } from "./repo";

/** A refusal of the workflow, named so a page shows it beside the field and the API as 409/400. */
export class LibraryError extends Error {
  constructor(
    readonly problem:
      | "notDraft"
      | "notInReview"
      | "notPublished"
      | "ownReview"
      | "slugTaken"
      | "translationMissing"
      | "translationTaken"
      | "pastDate",
    readonly field = "form",
  ) {
    super(problem);
  }
}

// --- Who the library's rows belong to -----------------------------------------------------------

const nations = new WeakMap<object, string>();
/** The nation's id: the national shelf's id in the policy (it never changes once the directory is seeded). */
export async function nationIdOf(db: DbOrTx): Promise<string> {
  const known = nations.get(db);
  if (known) return known;
  const nation = await getNation(db);
  if (!nation) throw new Error("The directory has no nation: seed it before the library is used.");
  nations.set(db, nation.id);
  return nation.id;
}

function communityAsSeen(
  row: ResourceRow,
  viewerRole: CommunityResource["viewerRole"],
): CommunityResource | null {
  if (!row.communityId) return null;
  return {
    id: row.communityId,
    ancestorIds: [],
    visibility: row.communityVisibility ?? "private",
    viewerRole,
  };
}

/** The policy's view of a resource for one actor: its shelf, status and community-only flag. */
export async function itemResourceFor(
  db: DbOrTx,
  row: ResourceRow,
  actor: Actor | null,
): Promise<LibraryItemResource> {
  const role = row.communityId ? await roleOf(db, row.communityId, actor?.userId) : null;
  const community = communityAsSeen(row, role);
  return {
    id: community?.id ?? (await nationIdOf(db)),
    ancestorIds: [],
    community,
    status: row.status,
    communityOnly: row.communityOnly,
  };
}

/** A shelf named in an address: `national`, or a community's slug (a private one only for its members). */
export async function shelfBySlug(
  db: DbOrTx,
  shelfSlug: string,
  actor: Actor | null,
): Promise<
  (LibraryShelfResource & { slug: string; communityName: { en: string; es: string } | null }) | null
> {
  if (shelfSlug === "national") {
    return {
      id: await nationIdOf(db),
      ancestorIds: [],
      community: null,
      slug: "national",
      communityName: null,
    };
  }
  const view = await findVisibleCommunity(db, shelfSlug, actor);
  if (!view) return null;
  return {
    id: view.community.id,
    ancestorIds: [],
    community: view.resource,
    slug: view.community.slug,
    communityName: { en: view.community.nameEn, es: view.community.nameEs },
  };
}

/** The shelves a person edits: national (its team's leads) and the communities they lead. */
export async function shelvesEditedBy(db: DbOrTx, actor: Actor) {
  const nationId = await nationIdOf(db);
  const led = await queryRows<{ slug: string; nameEn: string; nameEs: string }>(
    db,
    actor.systemRole === "admin"
      ? sql`select slug, name_en as "nameEn", name_es as "nameEs" from communities order by (kind = 'practice_group') desc, name_en`
      : sql`select c.slug, c.name_en as "nameEn", c.name_es as "nameEs" from communities c
            join community_members m on m.community_id = c.id and m.user_id = ${actor.userId} and m.role = 'lead'
            order by (c.kind = 'practice_group') desc, c.name_en`,
  );
  const nationalShelf: LibraryShelfResource = { id: nationId, ancestorIds: [], community: null };
  const national = can(actor, "library.edit", nationalShelf);
  return { national, communities: led };
}

// --- Reading -------------------------------------------------------------------------------------

/** The resource with this address and the policy's view of it for the actor (null: no such resource). */
export async function resourceForViewer(
  db: DbOrTx,
  slug: string,
  actor: Actor | null,
  rows?: Cache<ResourceRow>,
) {
  await publishDueResources(db);
  const row = rows ? await cachedResourceBySlug(db, slug, rows) : await resourceBySlug(db, slug);
  if (!row) return null;
  return { row, item: await itemResourceFor(db, row, actor) };
}

/**
 * A resource's row by its slug, kept until the row (or its community's name or visibility)
 * changes: every visit to a resource's page, file or version looks it up before anything else.
 */
function cachedResourceBySlug(db: DbOrTx, slug: string, rows: Cache<ResourceRow>) {
  return rows.load(slug, async (deps) => {
    const row = await resourceBySlug(db, slug);
    deps.add(row && resourceTags.resource(row.id), row?.communityId && `community:${row.communityId}`);
    return row;
  });
}

/** Published resources for a quality domain (what everyone may read), for the report and guidance pages. */
export async function resourcesForDomain(db: DbOrTx, domainKey: string, locale: "en" | "es", limit = 5) {
  return publicResourcesForDomain(db, await nationIdOf(db), domainKey, locale, limit);
}

/** "How to cite": authors (year). Title (version N). Organisations. Address. */
export function citationOf(row: ResourceRow, version: number, url: string, locale: "en" | "es"): string {
  const who = row.authors.length ? row.authors.join(", ") : row.organisations.join(", ");
  const v = locale === "es" ? `versión ${version}` : `version ${version}`;
  const orgs = row.authors.length && row.organisations.length ? ` ${row.organisations.join(", ")}.` : "";
  return `${who ? `${who} ` : ""}(${row.year}). ${row.title} (${v}).${orgs} ${url}`;
}

// --- Scheduled publication -----------------------------------------------------------------------

export const PUBLISH_DUE_JOB = "library.publishDue";
const lastSweep = new WeakMap<object, number>();
/** How often reads may publish what is due (the job does it on time; reads catch a stopped worker). */
const SWEEP_EVERY_MS = 30_000;

/**
 * Publishes approved resources whose day has come: status published, the version's snapshot
 * kept. Run by the job queued at approval and, at most every 30 seconds, by library reads.
 */
export async function publishDueResources(db: DbOrTx, force = false): Promise<number> {
  const now = Date.now();
  if (!force && now - (lastSweep.get(db) ?? 0) < SWEEP_EVERY_MS) return 0;
  lastSweep.set(db, now);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with due as (
          update library_resources set status = 'published', published_at = publish_at, updated_at = now()
          where status = 'in_review' and approved_by is not null and publish_at <= now()
          returning id, approved_by, current_version, title, summary, body, authors, organisations, licence,
            external_url, year, published_at)
        , kept as (
          insert into library_resource_versions (resource_id, number, change_note, snapshot, created_by)
          select id, current_version, '', ${snapshotSql()}, approved_by from due
          on conflict (resource_id, number) do nothing)
        select id from due`,
  );
  return rows.length;
}

const snapshotSql = () =>
  sql.raw(`jsonb_build_object('title', title, 'summary', summary, 'body', body, 'authors', to_jsonb(authors),
    'organisations', to_jsonb(organisations), 'licence', licence, 'externalUrl', external_url, 'year', year,
    'publishedAt', published_at)`);

// --- Writing (each a transaction with its audit entry) -------------------------------------------

const lines = (list: string[] | undefined) => (list ?? []).map((s) => s.trim()).filter(Boolean);

export function slugFrom(title: string): string {
  const base = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70)
    .replace(/-+$/g, "");
  return base.length >= 3 ? base : `resource-${base || "item"}`;
}

/** Addresses under /library/ that are the library's own pages: a resource named so would be hidden. */
const RESERVED_SLUGS = new Set(["editing", "shelves", "new", "measures", "announcements", "reach", "files"]);

async function freeSlug(tx: DbOrTx, wanted: string, explicit: boolean): Promise<string> {
  if (RESERVED_SLUGS.has(wanted)) {
    if (explicit) throw new LibraryError("slugTaken", "slug");
    wanted = `${wanted}-resource`;
  }
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? wanted : `${wanted}-${n}`;
    const [taken] = await tx
      .select({ id: libraryResources.id })
      .from(libraryResources)
      .where(eq(libraryResources.slug, candidate));
    if (!taken) return candidate;
    if (explicit) throw new LibraryError("slugTaken", "slug");
  }
  throw new LibraryError("slugTaken", "slug");
}

function contentOf(input: ResourceInput) {
  return {
    type: input.type,
    language: input.language,
    title: input.title,
    summary: input.summary,
    body: input.body ?? "",
    authors: lines(input.authors),
    organisations: lines(input.organisations),
    licence: input.licence ?? "",
    externalUrl: input.externalUrl ?? null,
    domainKeys: input.domainKeys ?? [],
    tiers: input.tiers ?? [],
    audiences: input.audiences ?? [],
    stateCode: input.stateCode ?? null,
    year: input.year,
  };
}

/** The translation group a new or edited resource joins (the other language's), checked. */
async function translationGroup(tx: DbOrTx, actor: Actor, input: ResourceInput, selfId?: string) {
  if (!input.translationOf) return undefined;
  const other = await resourceBySlug(tx, input.translationOf);
  if (!other || other.id === selfId || !can(actor, "library.read", await itemResourceFor(tx, other, actor)))
    throw new LibraryError("translationMissing", "translationOf");
  const [clash] = await queryRows<{ id: string }>(
    tx,
    sql`select id from library_resources where translation_group_id = ${other.translationGroupId}
        and language = ${input.language} and id <> ${selfId ?? null}::uuid`,
  );
  if (clash) throw new LibraryError("translationTaken", "translationOf");
  return other.translationGroupId;
}

/** A new draft on a shelf the actor edits. */
export async function createResource(
  db: Db,
  actor: Actor,
  shelf: LibraryShelfResource,
  input: ResourceInput,
) {
  if (!can(actor, "library.edit", shelf)) throw forbidden();
  return db.transaction(async (tx) => {
    const slug = await freeSlug(tx, input.slug ?? slugFrom(input.title), !!input.slug);
    const translationGroupId = await translationGroup(tx, actor, input);
    const [row] = await tx
      .insert(libraryResources)
      .values({
        ...contentOf(input),
        slug,
        communityId: shelf.community?.id ?? null,
        communityOnly: !!shelf.community && !!input.communityOnly,
        createdBy: actor.userId,
        ...(translationGroupId ? { translationGroupId } : {}),
      })
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "library.resource.create",
      entityType: "library_resource",
      entityId: row!.id,
      scopeId: shelf.id,
      after: { slug, ...contentOf(input) },
    });
    return row!;
  });
}

/** Changes a draft (returned drafts included). Published resources change by a new version. */
export async function updateDraft(db: Db, actor: Actor, row: ResourceRow, input: ResourceInput) {
  if (row.status !== "draft") throw new LibraryError("notDraft");
  return db.transaction(async (tx) => {
    const translationGroupId = await translationGroup(tx, actor, input, row.id);
    const changes = {
      ...contentOf(input),
      communityOnly: !!row.communityId && !!input.communityOnly,
      ...(translationGroupId ? { translationGroupId } : {}),
      updatedAt: new Date(),
    };
    await tx.update(libraryResources).set(changes).where(eq(libraryResources.id, row.id));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "library.resource.edit",
      entityType: "library_resource",
      entityId: row.id,
      scopeId: row.communityId,
      before: contentOf({ ...row, translationOf: undefined } as unknown as ResourceInput),
      after: changes,
    });
  });
}

async function setStatus(
  tx: DbOrTx,
  actor: Actor,
  row: ResourceRow,
  from: ResourceRow["status"],
  changes: Partial<typeof libraryResources.$inferInsert>,
  action: string,
) {
  const updated = await tx
    .update(libraryResources)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(libraryResources.id, row.id), eq(libraryResources.status, from)))
    .returning({ id: libraryResources.id });
  // Someone else moved it on meanwhile: nothing is written.
  if (updated.length === 0)
    throw new LibraryError(
      from === "draft" ? "notDraft" : from === "in_review" ? "notInReview" : "notPublished",
    );
  await recordAudit(tx, {
    actorId: actor.userId,
    action,
    entityType: "library_resource",
    entityId: row.id,
    scopeId: row.communityId,
    before: { status: row.status },
    after: { status: changes.status ?? row.status, publishAt: changes.publishAt ?? null },
  });
}

/** Sends a draft for review by a second editor. */
export async function submitForReview(db: Db, actor: Actor, row: ResourceRow, comment = "") {
  if (row.status !== "draft") throw new LibraryError("notDraft");
  await db.transaction(async (tx) => {
    await setStatus(
      tx,
      actor,
      row,
      "draft",
      { status: "in_review", submittedBy: actor.userId, approvedBy: null, publishAt: null },
      "library.resource.submit",
    );
    await tx
      .insert(libraryResourceReviews)
      .values({ resourceId: row.id, reviewerId: actor.userId, decision: "submitted", comment });
  });
}

const snapshotOf = (
  row: Pick<
    ResourceRow,
    "title" | "summary" | "body" | "authors" | "organisations" | "licence" | "externalUrl" | "year"
  >,
  publishedAt: Date,
): ResourceSnapshot => ({
  title: row.title,
  summary: row.summary,
  body: row.body,
  authors: row.authors,
  organisations: row.organisations,
  licence: row.licence,
  externalUrl: row.externalUrl,
  year: row.year,
  publishedAt: publishedAt.toISOString(),
});

/**
 * A second editor's review: a comment, a return to the author (back to draft), or approval,
 * published now or from the start of a later day. Whoever wrote or submitted it may not review it.
 */
export async function reviewResource(
  db: Db,
  actor: Actor,
  row: ResourceRow,
  input: ReviewInput,
  now = new Date(),
) {
  if (row.status !== "in_review") throw new LibraryError("notInReview");
  if (row.submittedBy === actor.userId || row.createdBy === actor.userId)
    throw new LibraryError("ownReview", "decision");
  const publishAt = input.publishOn ? new Date(`${input.publishOn}T00:00:00Z`) : null;
  if (input.decision === "approve" && publishAt && input.publishOn! < now.toISOString().slice(0, 10))
    throw new LibraryError("pastDate", "publishOn");
  await db.transaction(async (tx) => {
    await tx.insert(libraryResourceReviews).values({
      resourceId: row.id,
      reviewerId: actor.userId,
      decision:
        input.decision === "approve" ? "approved" : input.decision === "return" ? "returned" : "comment",
      comment: input.comment ?? "",
    });
    if (input.decision === "return") {
      await setStatus(
        tx,
        actor,
        row,
        "in_review",
        { status: "draft", approvedBy: null, publishAt: null },
        "library.resource.return",
      );
    } else if (input.decision === "approve") {
      const scheduled = publishAt && publishAt.getTime() > now.getTime();
      if (scheduled) {
        await setStatus(
          tx,
          actor,
          row,
          "in_review",
          { approvedBy: actor.userId, publishAt },
          "library.resource.schedule",
        );
        await enqueueJob(tx, PUBLISH_DUE_JOB, {}, publishAt);
      } else {
        await setStatus(
          tx,
          actor,
          row,
          "in_review",
          { status: "published", approvedBy: actor.userId, publishAt: null, publishedAt: now },
          "library.resource.publish",
        );
        await tx
          .insert(libraryResourceVersions)
          .values({
            resourceId: row.id,
            number: row.currentVersion,
            changeNote: "",
            snapshot: snapshotOf(row, now),
            createdBy: actor.userId,
          })
          .onConflictDoNothing();
      }
    }
  });
}

/** A new version of a published resource: the old one stays reachable with the note of what changed. */
export async function publishNewVersion(
  db: Db,
  actor: Actor,
  row: ResourceRow,
  input: NewVersionInput,
  now = new Date(),
) {
  if (row.status !== "published") throw new LibraryError("notPublished");
  const number = row.currentVersion + 1;
  const content = {
    title: input.title,
    summary: input.summary,
    body: input.body ?? "",
    externalUrl: input.externalUrl ?? null,
    year: input.year,
  };
  await db.transaction(async (tx) => {
    await setStatus(
      tx,
      actor,
      row,
      "published",
      { ...content, currentVersion: number, publishedAt: now },
      "library.resource.version",
    );
    await tx.insert(libraryResourceVersions).values({
      resourceId: row.id,
      number,
      changeNote: input.changeNote,
      snapshot: snapshotOf({ ...row, ...content }, now),
      createdBy: actor.userId,
    });
  });
  return number;
}

/** Archives a published resource: still readable at its address, marked archived, out of browse and search. */
export async function archiveResource(db: Db, actor: Actor, row: ResourceRow) {
  if (row.status !== "published") throw new LibraryError("notPublished");
  await db.transaction((tx) =>
    setStatus(tx, actor, row, "published", { status: "archived" }, "library.resource.archive"),
  );
}

/** What other domains show of the library for a quality domain (the measures' guidance and report pages). */
export { LibraryLinkForDomain, libraryDomainHref, ResourcesForDomain } from "./views/for-domain";
/** What cached pages showing library lists name (a resource changing drops them). */
export { resourceTags } from "./cache-tags";
