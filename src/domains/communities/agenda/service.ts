import { communityTags } from "../cache-tags";
import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { badRequest, forbidden, notFound } from "../../../platform/http/problem";
import { type Actor, can } from "../../../platform/policy";
import { communityMembers } from "../schema";
import { type AgendaPriority, type AgendaStatus, agendaItems, agendaItemTopics } from "./schema";
import { topics } from "../discussions/schema";
import { type CommunityForViewer, readableTopicCondition, visibleCommunitiesCondition } from "../service";

export interface AgendaItemView {
  id: string;
  communityId: string;
  communitySlug: string;
  communityNameEn: string;
  communityNameEs: string;
  title: string;
  description: string | null;
  priority: AgendaPriority;
  status: AgendaStatus;
  ownerName: string | null;
  ownerId: string | null;
  updatedAt: Date;
  linkedTopics: { id: string; title: string }[] | null;
}

export interface AgendaFilters {
  community?: string;
  status?: AgendaStatus;
  priority?: AgendaPriority;
  /** Only the 12 national practice groups (the national shared agenda). */
  practiceGroupsOnly?: boolean;
}

/**
 * Agenda items the actor may see, highest priority first, with the linked topics the actor may
 * read (a linked topic since moved to a private community is not shown to outsiders).
 */
export async function listAgenda(
  db: DbOrTx,
  actor: Actor | null,
  filters: AgendaFilters,
): Promise<AgendaItemView[]> {
  const conditions = [visibleCommunitiesCondition(actor)];
  if (filters.community) conditions.push(sql`c.slug = ${filters.community}`);
  if (filters.status) conditions.push(sql`a.status = ${filters.status}`);
  if (filters.priority) conditions.push(sql`a.priority = ${filters.priority}`);
  if (filters.practiceGroupsOnly) conditions.push(sql`c.kind = 'practice_group'`);
  const rows = await queryRows<AgendaItemView>(
    db,
    sql`select a.id, a.community_id as "communityId", c.slug as "communitySlug", c.name_en as "communityNameEn",
          c.name_es as "communityNameEs", a.title, a.description, a.priority, a.status, u.name as "ownerName",
          a.owner_id as "ownerId", a.updated_at as "updatedAt",
          (select json_agg(json_build_object('id', t.id, 'title', t.title) order by t.created_at)
             from community_agenda_item_topics l join community_topics t on t.id = l.topic_id
             where l.agenda_item_id = a.id and ${readableTopicCondition(actor)}) as "linkedTopics"
        from community_agenda_items a join communities c on c.id = a.community_id
        left join users u on u.id = a.owner_id
        where ${sql.join(conditions, sql` and `)}
        order by case a.status when 'active' then 0 when 'proposed' then 1 else 2 end,
                 case a.priority when 'high' then 0 when 'medium' then 1 else 2 end, c.name_en, a.title
        limit 500`,
  );
  return rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) }));
}

/** What a list of agenda items shows besides the items: their linked topics' titles. */
export function agendaItemTags(items: AgendaItemView[]): string[] {
  return items.flatMap((item) => [
    communityTags.agendaItem(item.id),
    ...(item.linkedTopics ?? []).map((topic) => communityTags.topic(topic.id)),
  ]);
}

export interface AgendaInput {
  title: string;
  description?: string;
  priority: AgendaPriority;
  status: AgendaStatus;
  ownerId?: string;
  topicIds?: string[];
}

async function checkLinks(tx: DbOrTx, communityId: string, input: AgendaInput) {
  if (input.ownerId) {
    const [m] = await tx
      .select({ userId: communityMembers.userId })
      .from(communityMembers)
      .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, input.ownerId)));
    if (!m)
      throw badRequest("The owner must be a member of the community.", [
        { pointer: "/body/ownerId", detail: "is not a member" },
      ]);
  }
  const ids = [...new Set(input.topicIds ?? [])];
  if (ids.length > 0) {
    const found = await tx
      .select({ id: topics.id })
      .from(topics)
      .where(and(inArray(topics.id, ids), eq(topics.communityId, communityId)));
    if (found.length !== ids.length)
      throw badRequest("Linked topics must belong to the community.", [
        { pointer: "/body/topicIds", detail: "unknown topic" },
      ]);
  }
  return ids;
}

export async function createAgendaItem(db: Db, actor: Actor, view: CommunityForViewer, input: AgendaInput) {
  if (!can(actor, "community.lead", view.resource)) throw forbidden();
  return db.transaction(async (tx) => {
    const ids = await checkLinks(tx, view.community.id, input);
    const [item] = await tx
      .insert(agendaItems)
      .values({
        communityId: view.community.id,
        title: input.title,
        description: input.description ?? null,
        priority: input.priority,
        status: input.status,
        ownerId: input.ownerId ?? null,
      })
      .returning();
    if (ids.length > 0)
      await tx.insert(agendaItemTopics).values(ids.map((topicId) => ({ agendaItemId: item!.id, topicId })));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.agenda.create",
      entityType: "community_agenda_item",
      entityId: item!.id,
      after: input,
    });
    return item!;
  });
}

export async function updateAgendaItem(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  itemId: string,
  input: AgendaInput,
) {
  if (!can(actor, "community.lead", view.resource)) throw forbidden();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(agendaItems)
      .where(and(eq(agendaItems.id, itemId), eq(agendaItems.communityId, view.community.id)));
    if (!before) throw notFound();
    const ids = await checkLinks(tx, view.community.id, input);
    const [item] = await tx
      .update(agendaItems)
      .set({
        title: input.title,
        description: input.description ?? null,
        priority: input.priority,
        status: input.status,
        ownerId: input.ownerId ?? null,
        updatedAt: new Date(),
      })
      .where(eq(agendaItems.id, itemId))
      .returning();
    await tx.delete(agendaItemTopics).where(eq(agendaItemTopics.agendaItemId, itemId));
    if (ids.length > 0)
      await tx.insert(agendaItemTopics).values(ids.map((topicId) => ({ agendaItemId: itemId, topicId })));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.agenda.update",
      entityType: "community_agenda_item",
      entityId: itemId,
      before,
      after: input,
    });
    return item!;
  });
}

export async function findAgendaItem(db: DbOrTx, view: CommunityForViewer, itemId: string) {
  const [item] = await db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.id, itemId), eq(agendaItems.communityId, view.community.id)));
  if (!item) return null;
  const links = await db
    .select({ topicId: agendaItemTopics.topicId })
    .from(agendaItemTopics)
    .where(eq(agendaItemTopics.agendaItemId, itemId));
  return { ...item, topicIds: links.map((l) => l.topicId) };
}

/** Members of a community, for choosing an agenda item's owner. */
export async function membersOf(db: DbOrTx, communityId: string) {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select u.id, u.name from community_members m join users u on u.id = m.user_id where m.community_id = ${communityId} order by u.name limit 1000`,
  );
}

export async function recentTopicsOf(db: DbOrTx, communityId: string) {
  return queryRows<{ id: string; title: string }>(
    db,
    sql`select id, title from community_topics where community_id = ${communityId} and status = 'visible' order by last_post_at desc limit 100`,
  );
}
