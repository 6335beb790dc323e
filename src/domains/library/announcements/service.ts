import { and, desc, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import { signValue, unsignValue } from "../../../platform/auth/tokens";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { type EmailMessage, queueEmails } from "../../../platform/email";
import type { FieldErrors } from "../../../platform/http/forms";
import { type Locale, translator } from "../../../platform/i18n";
import { enqueueJob, type JobHandler } from "../../../platform/jobs";
import {
  type Actor,
  type CommunityResource,
  type LibraryItemResource,
  libraryReadSql,
  type Resource,
} from "../../../platform/policy";
import { renderMarkdown } from "../../communities/discussions/markdown";
import { communitiesOfMember } from "../../communities/membership/service";
import { communityReadableBy, findVisibleCommunityById, listCommunities } from "../../communities/service";
import { getNation, getOrganisation } from "../../directory/service";
import { listMembershipsOf } from "../../teams/service";
import type { AnnouncementInput } from "./fields";
import { announcementsCatalog } from "./messages";
import { announcementItems, announcementOptOuts, announcementRecipients } from "./schema";

export type Announcement = typeof announcementItems.$inferSelect;

/*
 * Announcements go from a draft (written, previewed) to sent: the send marks the row and queues
 * a job that emails the audience in batches through the outbox. Who is emailed is one query
 * (`audienceQuery`), used by the preview's count and by every batch of the send alike: active
 * accounts with a confirmed address who match the stored audience, minus those who asked for no
 * email (the community email setting "never", or an announcements unsubscribe).
 */

/** Links in emails need the public address and the signing secret; the routes plugin hands them over. */
const runtime = { publicUrl: "http://localhost:3000", secret: "" };
export function configureAnnouncements(options: { publicUrl: string; secret: string }) {
  runtime.publicUrl = options.publicUrl;
  runtime.secret = options.secret;
}

export const SEND_JOB = "library.announcement-send";
const BATCH_SIZE = 500;

// --- Senders ------------------------------------------------------------------------------------

/** Who an announcement is sent as: the nation's or a state's team, or a community. */
export interface Sender {
  id: string;
  kind: "nation" | "state" | "community";
  nameEn: string;
  nameEs: string;
  /** A state sender's own state: its announcements go to people there only. */
  stateCode: string | null;
  /** The policy's resource for `announcement.send`. */
  resource: Resource;
}

/** The sender `senderId` names, as the actor sees it (a private community they cannot read is none). */
export async function findSender(db: DbOrTx, senderId: string, actor: Actor | null): Promise<Sender | null> {
  const organisation = await getOrganisation(db, senderId);
  if (organisation) {
    if (organisation.kind !== "nation" && organisation.kind !== "state") return null;
    return {
      id: organisation.id,
      kind: organisation.kind,
      nameEn: organisation.name,
      nameEs: organisation.name,
      stateCode: organisation.kind === "state" ? organisation.stateCode : null,
      resource: { id: organisation.id, ancestorIds: organisation.ancestorIds },
    };
  }
  const view = await findVisibleCommunityById(db, senderId, actor);
  if (!view) return null;
  return {
    id: view.community.id,
    kind: "community",
    nameEn: view.community.nameEn,
    nameEs: view.community.nameEs,
    stateCode: null,
    resource: view.resource,
  };
}

export const senderName = (s: Pick<Sender, "nameEn" | "nameEs">, locale: string) =>
  locale === "es" ? s.nameEs : s.nameEn;

/** The teams and communities a person may send as: the ones they lead (the nation for admins too). */
export async function sendersFor(db: DbOrTx, actor: Actor): Promise<Sender[]> {
  const senders: Sender[] = [];
  const memberships = await listMembershipsOf(db, actor.userId);
  const ledScopes = memberships.filter(
    (m) => m.role === "lead" && (m.organisationKind === "nation" || m.organisationKind === "state"),
  );
  const nation = await getNation(db);
  if (nation && actor.systemRole === "admin" && !ledScopes.some((m) => m.organisationId === nation.id)) {
    const found = await findSender(db, nation.id, actor);
    if (found) senders.push(found);
  }
  for (const m of ledScopes) {
    const found = await findSender(db, m.organisationId, actor);
    if (found) senders.push(found);
  }
  for (const c of await communitiesOfMember(db, actor)) {
    if (c.role !== "lead") continue;
    const found = await findSender(db, c.id, actor);
    if (found) senders.push(found);
  }
  return senders;
}

/** Communities a nation or state may address: public ones (a private community's own leads write to it). */
export async function addressableCommunities(db: DbOrTx) {
  const { items } = await listCommunities(db, null, {}, 1, 500);
  return items.map((c) => ({ id: c.id, nameEn: c.nameEn, nameEs: c.nameEs, kind: c.kind }));
}

// --- Writing ------------------------------------------------------------------------------------

export class AnnouncementError extends Error {
  constructor(
    public readonly code: "notDraft",
    message = code,
  ) {
    super(message);
  }
}

interface Audience {
  stakeholderRoles: string[];
  stateCodes: string[];
  communityIds: string[];
  communityOnly: boolean;
}

/**
 * The audience a sender may address, from what was asked: a state's team reaches its own state
 * only; a community's leads reach its members (and the announcement stays with them in the
 * archive); the nation anyone. Problems come back by field, in the person's language.
 */
export async function checkAudience(
  db: DbOrTx,
  sender: Sender,
  input: AnnouncementInput,
  locale: Locale,
): Promise<{ ok: true; audience: Audience } | { ok: false; errors: FieldErrors }> {
  const t = translator(announcementsCatalog, locale);
  const errors: FieldErrors = {};
  const stakeholderRoles = [...new Set(input.stakeholderRoles ?? [])];
  let stateCodes = [...new Set(input.stateCodes ?? [])];
  let communityIds = [...new Set(input.communityIds ?? [])];
  if ((input.titleEs === undefined) !== (input.bodyEs === undefined)) {
    const missing = input.titleEs === undefined ? "titleEs" : "bodyEs";
    errors[missing] = { message: t("errorSpanishPair") };
  }
  if (sender.kind === "state") {
    if (stateCodes.some((code) => code !== sender.stateCode))
      errors.stateCodes = { message: t("errorOwnState", { state: sender.nameEn }) };
    stateCodes = sender.stateCode ? [sender.stateCode] : [];
  }
  if (sender.kind === "community") {
    if (communityIds.some((id) => id !== sender.id))
      errors.communityIds = { message: t("errorOwnCommunity") };
    communityIds = [sender.id];
  } else if (communityIds.length > 0) {
    const open = new Set((await addressableCommunities(db)).map((c) => c.id));
    if (communityIds.some((id) => !open.has(id))) errors.communityIds = { message: t("errorCommunity") };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    audience: { stakeholderRoles, stateCodes, communityIds, communityOnly: sender.kind === "community" },
  };
}

const textOf = (input: AnnouncementInput) => ({
  titleEn: input.titleEn,
  titleEs: input.titleEs ?? null,
  bodyEn: input.bodyEn,
  bodyEs: input.bodyEs ?? null,
});

export async function createDraft(
  db: Db,
  actor: Actor,
  sender: Sender,
  input: AnnouncementInput,
  audience: Audience,
): Promise<Announcement> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(announcementItems)
      .values({
        senderOrganisationId: sender.kind === "community" ? null : sender.id,
        senderCommunityId: sender.kind === "community" ? sender.id : null,
        ...textOf(input),
        ...audience,
        createdBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "announcement.draft",
      entityType: "announcement",
      entityId: row!.id,
      scopeId: sender.kind === "community" ? null : sender.id,
      after: row,
    });
    return row!;
  });
}

export async function updateDraft(
  db: Db,
  actor: Actor,
  draftId: string,
  input: AnnouncementInput,
  audience: Audience,
): Promise<Announcement> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(announcementItems)
      .where(eq(announcementItems.id, draftId))
      .for("update");
    if (before?.status !== "draft") throw new AnnouncementError("notDraft");
    const [after] = await tx
      .update(announcementItems)
      .set({ ...textOf(input), ...audience, updatedAt: new Date() })
      .where(eq(announcementItems.id, draftId))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "announcement.edit",
      entityType: "announcement",
      entityId: draftId,
      scopeId: before.senderOrganisationId,
      before,
      after,
    });
    return after!;
  });
}

export async function findAnnouncement(db: DbOrTx, id: string): Promise<Announcement | null> {
  const [row] = await db.select().from(announcementItems).where(eq(announcementItems.id, id));
  return row ?? null;
}

export const senderIdOf = (a: Announcement) => (a.senderOrganisationId ?? a.senderCommunityId)!;

/** Drafts of the senders a person may send as, newest first. */
export async function draftsOf(db: DbOrTx, senders: Sender[]): Promise<Announcement[]> {
  if (senders.length === 0) return [];
  const ids = sql.join(
    senders.map((s) => sql`${s.id}::uuid`),
    sql`, `,
  );
  return queryRows<Announcement>(
    db,
    sql`select id, title_en as "titleEn", title_es as "titleEs", updated_at as "updatedAt",
          sender_organisation_id as "senderOrganisationId", sender_community_id as "senderCommunityId", status
        from announcement_items
        where status = 'draft' and coalesce(sender_organisation_id, sender_community_id) in (${ids})
        order by updated_at desc limit 50`,
  );
}

// --- Who receives it ------------------------------------------------------------------------------

/**
 * The people announcement `id` reaches now, one row each (alias `u`, users; `a`, the
 * announcement): the preview counts these and every batch of the send emails them. A member of
 * several of the audience's communities is one row. The community part asks the policy's
 * `community.read` for the recipient, as every community email does.
 */
function audienceQuery(id: string) {
  const reads = communityReadableBy(
    { userId: sql`u.id`, systemRole: sql`u.system_role` },
    { id: sql`c.id`, visibility: sql`c.visibility` },
  );
  return sql`from announcement_items a join users u on true
    left join community_profiles p on p.user_id = u.id
    where a.id = ${id} and u.disabled_at is null and u.email_verified_at is not null
      and coalesce(p.email_frequency, 'daily') <> 'never'
      and not exists (select 1 from announcement_opt_outs o where o.user_id = u.id)
      and (cardinality(a.stakeholder_roles) = 0 or u.stakeholder_role = any(a.stakeholder_roles))
      and (cardinality(a.state_codes) = 0 or u.state_code = any(a.state_codes))
      and (cardinality(a.community_ids) = 0 or exists (
        select 1 from community_members m join communities c on c.id = m.community_id
        where m.user_id = u.id and m.community_id = any(a.community_ids) and ${reads}))`;
}

/** Spanish text goes to people who read Spanish, when the announcement has it. */
const SPANISH = sql`(u.locale = 'es' and a.title_es is not null and a.body_es is not null)`;

export interface Preview {
  recipients: number;
  inSpanish: number;
  emails: (EmailMessage & { language: Locale })[];
}

/** What sending would do now: how many people, and the email in each language it would be written in. */
export async function previewOf(db: DbOrTx, a: Announcement, sender: Sender): Promise<Preview> {
  const [count] = await queryRows<{ n: number; es: number }>(
    db,
    sql`select count(*)::int as n, (count(*) filter (where ${SPANISH}))::int as es ${audienceQuery(a.id)}`,
  );
  const sample = { id: "00000000-0000-0000-0000-000000000000", email: "" };
  const languages: Locale[] = a.titleEs && a.bodyEs ? ["en", "es"] : ["en"];
  return {
    recipients: count?.n ?? 0,
    inSpanish: count?.es ?? 0,
    emails: languages.map((language) => ({
      ...announcementEmail(a, sender, { ...sample, locale: language }),
      language,
    })),
  };
}

// --- Sending ------------------------------------------------------------------------------------

/** Marks a draft as sent and queues the job that emails its audience. */
export async function requestSend(db: Db, actor: Actor, draftId: string): Promise<Announcement> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(announcementItems)
      .set({ status: "sending", sentBy: actor.userId, sentAt: new Date(), updatedAt: new Date() })
      .where(and(eq(announcementItems.id, draftId), eq(announcementItems.status, "draft")))
      .returning();
    if (!row) throw new AnnouncementError("notDraft");
    await enqueueJob(tx, SEND_JOB, { announcementId: row.id });
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "announcement.send",
      entityType: "announcement",
      entityId: row.id,
      scopeId: row.senderOrganisationId,
      after: { status: row.status, sentAt: row.sentAt },
    });
    return row;
  });
}

export function unsubscribeToken(secret: string, userId: string) {
  return signValue(secret, `announcements-off:${userId}`);
}

/** The person a one-click announcements unsubscribe link names, if its signature holds. */
export function userFromUnsubscribeToken(secret: string, token: string): string | null {
  const value = unsignValue(secret, token);
  const id = value?.startsWith("announcements-off:") ? value.slice("announcements-off:".length) : "";
  return /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

export const announcementLink = (id: string) => `/library/announcements/${id}`;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The email one person gets: in Spanish when they read Spanish and there is Spanish text. */
export function announcementEmail(
  a: Pick<Announcement, "id" | "titleEn" | "titleEs" | "bodyEn" | "bodyEs">,
  sender: Pick<Sender, "nameEn" | "nameEs">,
  person: { id: string; email: string; locale: string },
): EmailMessage {
  const spanish = person.locale === "es" && !!a.titleEs && !!a.bodyEs;
  const locale: Locale = spanish ? "es" : person.locale === "es" ? "es" : "en";
  const t = translator(announcementsCatalog, locale);
  const title = spanish ? a.titleEs! : a.titleEn;
  const body = spanish ? a.bodyEs! : a.bodyEn;
  const url = `${runtime.publicUrl}${announcementLink(a.id)}`;
  const unsubscribeUrl = `${runtime.publicUrl}/library/announcements/unsubscribe/${unsubscribeToken(runtime.secret, person.id)}`;
  const from = senderName(sender, locale);
  const footer = [
    t("emailFrom", { sender: from }),
    t("emailReadOnline", { url }),
    t("emailUnsubscribeLine", { url: unsubscribeUrl }),
  ];
  return {
    to: person.email,
    subject: title.slice(0, 200),
    text: `${title}\n\n${body.trim()}\n\n${footer.join("\n")}\n`,
    html:
      `<!doctype html><html lang="${spanish ? "es" : "en"}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>` +
      `<h1>${escapeHtml(title)}</h1>${renderMarkdown(body)}<hr>` +
      `<p>${escapeHtml(t("emailFrom", { sender: from }))}</p>` +
      `<p><a href="${escapeHtml(url)}">${escapeHtml(t("emailReadOnlineLink"))}</a></p>` +
      `<p><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t("emailUnsubscribeLink"))}</a></p></body></html>`,
    // RFC 8058: a mail client may offer "unsubscribe" and POST to this link itself.
    headers: {
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

interface Person {
  id: string;
  email: string;
  locale: string;
  stateCode: string | null;
  stakeholderRole: string;
}

/**
 * Emails the next batch of the audience that has not had it yet, in one transaction (recipients
 * recorded and emails queued together); when nobody is left, marks the announcement sent.
 * Returns how many were emailed.
 */
export async function sendNextBatch(db: Db, announcementId: string, batchSize = BATCH_SIZE): Promise<number> {
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(announcementItems)
      .where(eq(announcementItems.id, announcementId))
      .for("update");
    if (a?.status !== "sending") return 0;
    const people = await queryRows<Person>(
      tx,
      sql`select u.id, u.email, u.locale, u.state_code as "stateCode", u.stakeholder_role as "stakeholderRole"
          ${audienceQuery(a.id)}
          and not exists (select 1 from announcement_recipients r where r.announcement_id = a.id and r.user_id = u.id)
          order by u.id limit ${batchSize}`,
    );
    if (people.length === 0) {
      await tx
        .update(announcementItems)
        .set({ status: "sent", finishedAt: new Date() })
        .where(eq(announcementItems.id, a.id));
      return 0;
    }
    // Named from the rows: a private community is no sender to a reader without an actor.
    const named = a.senderCommunityId
      ? await communityNames(tx, a.senderCommunityId)
      : ((await findSender(tx, senderIdOf(a), null)) ?? { nameEn: "SMH Commons", nameEs: "SMH Commons" });
    await tx
      .insert(announcementRecipients)
      .values(
        people.map((p) => ({
          announcementId: a.id,
          userId: p.id,
          locale: p.locale,
          stateCode: p.stateCode,
          stakeholderRole: p.stakeholderRole,
        })),
      )
      .onConflictDoNothing();
    await queueEmails(
      tx,
      people.map((p) => announcementEmail(a, named, p)),
    );
    await tx
      .update(announcementItems)
      .set({ recipientCount: sql`${announcementItems.recipientCount} + ${people.length}` })
      .where(eq(announcementItems.id, a.id));
    return people.length;
  });
}

async function communityNames(db: DbOrTx, communityId: string) {
  const [row] = await queryRows<{ nameEn: string; nameEs: string }>(
    db,
    sql`select name_en as "nameEn", name_es as "nameEs" from communities where id = ${communityId}`,
  );
  return row ?? { nameEn: "SMH Commons", nameEs: "SMH Commons" };
}

export const announcementJobs: Record<string, JobHandler> = {
  // One batch per job: a large audience is many short jobs, and shutting down never waits for all.
  [SEND_JOB]: async (payload, { db }) => {
    const { announcementId } = payload as { announcementId: string };
    const sent = await sendNextBatch(db, announcementId);
    if (sent > 0) await enqueueJob(db, SEND_JOB, { announcementId });
  },
};

// --- Preferences ----------------------------------------------------------------------------------

export async function setAnnouncementEmails(db: DbOrTx, userId: string, wanted: boolean) {
  if (wanted) await db.delete(announcementOptOuts).where(eq(announcementOptOuts.userId, userId));
  else await db.insert(announcementOptOuts).values({ userId }).onConflictDoNothing();
}

export async function wantsAnnouncementEmails(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select().from(announcementOptOuts).where(eq(announcementOptOuts.userId, userId));
  return !row;
}

// --- Archive --------------------------------------------------------------------------------------

/**
 * An announcement as a library item (the policy's `library.read`): a sent announcement is
 * published; a community's own is community-only, read by its members.
 */
export async function announcementResource(
  db: DbOrTx,
  a: Announcement,
  actor: Actor | null,
): Promise<LibraryItemResource> {
  let community: CommunityResource | null = null;
  if (a.senderCommunityId) {
    const view = await findVisibleCommunityById(db, a.senderCommunityId, actor);
    community = view?.resource ?? {
      id: a.senderCommunityId,
      ancestorIds: [],
      visibility: "private",
      viewerRole: null,
    };
  }
  return {
    id: senderIdOf(a),
    ancestorIds: [],
    community,
    status: a.sentAt ? "published" : "draft",
    communityOnly: a.communityOnly,
  };
}

/**
 * `library.read` on a sent announcement (alias `a`) as a condition for lists: the policy's own
 * SQL form (`libraryReadSql`) on the announcement as a library item, the same decision as
 * `can(actor, "library.read", announcementResource(a))` (checked in announcements.test.ts):
 * everyone reads what is not community-only; the sending community's members (and admins) the rest.
 */
export function announcementReadableSql(actor: Actor | null) {
  const viewerRole = actor
    ? sql`(select vm.role from community_members vm where vm.community_id = a.sender_community_id and vm.user_id = ${actor.userId})`
    : sql`null::text`;
  const readable = libraryReadSql(actor, {
    status: sql`'published'`,
    communityOnly: sql`a.community_only`,
    onCommunityShelf: sql`(a.sender_community_id is not null)`,
    shelfId: sql`coalesce(a.sender_organisation_id, a.sender_community_id)`,
    viewerRole,
  });
  // Drafts are no library item yet: only what was sent is in the archive.
  return sql`(a.sent_at is not null and ${readable})`;
}

export interface ArchiveItem {
  id: string;
  titleEn: string;
  titleEs: string | null;
  bodyEn: string;
  bodyEs: string | null;
  sentAt: Date;
  communityOnly: boolean;
  senderEn: string;
  senderEs: string;
  stakeholderRoles: string[];
  stateCodes: string[];
  communityIds: string[];
  status: string;
  recipientCount: number;
  /** Written by a demo account: the page says it is demo data. */
  isDemo: boolean;
}

const ARCHIVE_COLUMNS = sql`a.id, a.title_en as "titleEn", a.title_es as "titleEs", a.body_en as "bodyEn", a.body_es as "bodyEs",
  a.sent_at as "sentAt", a.community_only as "communityOnly", a.stakeholder_roles as "stakeholderRoles",
  a.state_codes as "stateCodes", a.community_ids as "communityIds",
  coalesce(o.name, c.name_en, '') as "senderEn", coalesce(o.name, c.name_es, '') as "senderEs",
  a.status, a.recipient_count as "recipientCount",
  coalesce((select cu.is_demo from users cu where cu.id = a.created_by), false) as "isDemo"`;
const ARCHIVE_FROM = sql`from announcement_items a left join organisations o on o.id = a.sender_organisation_id
  left join communities c on c.id = a.sender_community_id`;

export const ARCHIVE_PAGE_SIZE = 20;

/** A page of the announcements the actor may read, newest first, with how many there are. */
export async function listArchive(db: DbOrTx, actor: Actor | null, page = 1) {
  const where = announcementReadableSql(actor);
  const rows = await queryRows<ArchiveItem & { total: number }>(
    db,
    sql`select ${ARCHIVE_COLUMNS}, (count(*) over ())::int as total ${ARCHIVE_FROM} where ${where}
        order by a.sent_at desc, a.id limit ${ARCHIVE_PAGE_SIZE} offset ${(page - 1) * ARCHIVE_PAGE_SIZE}`,
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page > 1) {
    const [count] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n ${ARCHIVE_FROM} where ${where}`,
    );
    total = count?.n ?? 0;
  }
  return { items: rows.map(({ total: _t, ...item }) => ({ ...item, sentAt: new Date(item.sentAt) })), total };
}

export async function archiveItem(db: DbOrTx, id: string): Promise<ArchiveItem | null> {
  const [row] = await queryRows<ArchiveItem>(
    db,
    sql`select ${ARCHIVE_COLUMNS} ${ARCHIVE_FROM} where a.id = ${id} and a.sent_at is not null`,
  );
  return row ? { ...row, sentAt: new Date(row.sentAt) } : null;
}

/** Names of communities an announcement addressed, in the reader's language, of those they may read. */
export async function audienceCommunityNames(
  db: DbOrTx,
  ids: string[],
  actor: Actor | null,
  locale: string,
): Promise<string[]> {
  const names: string[] = [];
  for (const id of ids.slice(0, 50)) {
    const view = await findVisibleCommunityById(db, id, actor);
    if (view) names.push(locale === "es" ? view.community.nameEs : view.community.nameEn);
  }
  return names;
}

export const inLanguage = (
  a: Pick<ArchiveItem, "titleEn" | "titleEs" | "bodyEn" | "bodyEs">,
  locale: string,
) =>
  locale === "es" && a.titleEs && a.bodyEs
    ? { title: a.titleEs, body: a.bodyEs, language: "es" as const }
    : { title: a.titleEn, body: a.bodyEn, language: "en" as const };

// --- Reach ----------------------------------------------------------------------------------------

export interface AnnouncementReachRow {
  /** YYYY-MM (UTC). */
  month: string;
  announcements: number;
  peopleReached: number;
}

/**
 * Announcements sent and people reached, by month of sending, for the reach dashboard. The
 * nation counts every announcement and recipient; a state, the announcements its team sent or
 * that reached someone there, and the people there they reached (their state when emailed); a
 * community, the announcements addressed to it and their recipients. `from` and `to` are days
 * (YYYY-MM-DD), both included. Aggregates only: the caller suppresses small cells.
 */
export async function announcementReach(
  db: DbOrTx,
  filter: { scopeId?: string; communityId?: string; from: string; to: string },
): Promise<AnnouncementReachRow[]> {
  let where = sql`true`;
  let reached = sql`r.user_id`;
  if (filter.communityId) {
    where = sql`${filter.communityId}::uuid = any(a.community_ids)`;
  } else if (filter.scopeId) {
    const scope = await getOrganisation(db, filter.scopeId);
    if (!scope || (scope.kind !== "nation" && scope.kind !== "state")) return [];
    if (scope.kind === "state") {
      where = sql`(a.sender_organisation_id = ${scope.id} or exists (select 1 from announcement_recipients rs
        where rs.announcement_id = a.id and rs.state_code = ${scope.stateCode}))`;
      reached = sql`case when r.state_code = ${scope.stateCode} then r.user_id end`;
    }
  } else return [];
  return queryRows<AnnouncementReachRow>(
    db,
    sql`select to_char(date_trunc('month', a.sent_at at time zone 'UTC'), 'YYYY-MM') as month,
          count(distinct a.id)::int as announcements, count(distinct ${reached})::int as "peopleReached"
        from announcement_items a left join announcement_recipients r on r.announcement_id = a.id
        where a.sent_at >= ${filter.from}::date and a.sent_at < ${filter.to}::date + 1 and ${where}
        group by 1 order by 1`,
  );
}

/**
 * Records who an announcement reached as of `at` without emailing anyone: for demo data that
 * stands for announcements sent in the past (the same audience query as a real send).
 */
export async function recordPastDelivery(db: DbOrTx, announcementId: string, at: Date): Promise<number> {
  const rows = await queryRows<{ userId: string }>(
    db,
    sql`insert into announcement_recipients (announcement_id, user_id, locale, state_code, stakeholder_role, emailed_at)
        select a.id, u.id, u.locale, u.state_code, u.stakeholder_role, ${at.toISOString()}::timestamptz
        ${audienceQuery(announcementId)}
        on conflict do nothing returning user_id as "userId"`,
  );
  await db
    .update(announcementItems)
    .set({ status: "sent", sentAt: at, finishedAt: at, recipientCount: rows.length })
    .where(eq(announcementItems.id, announcementId));
  return rows.length;
}

/** The newest sent announcements first, for the demo and tests. */
export async function recentAnnouncements(db: DbOrTx, limit = 10) {
  return db
    .select()
    .from(announcementItems)
    .where(sql`${announcementItems.sentAt} is not null`)
    .orderBy(desc(announcementItems.sentAt))
    .limit(limit);
}
