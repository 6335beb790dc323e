import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import { signValue, unsignValue } from "../../../platform/auth/tokens";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { type EmailMessage, queueEmail, queueEmails } from "../../../platform/email";
import { isLocale, translator } from "../../../platform/i18n";
import { enqueueJob, type JobHandler } from "../../../platform/jobs";
import { mentionedHandles, plainText } from "../discussions/markdown";
import { type CommunitiesMessages, communitiesCatalog } from "../messages";
import { type communities, communityMembers, type EmailFrequency, memberProfiles } from "../schema";
import { communityReadableBy } from "../service";
import {
  type NotificationKind,
  notifications,
  type posts,
  type topics,
  topicWatches,
} from "../discussions/schema";

type PostRow = typeof posts.$inferSelect;
type TopicRow = typeof topics.$inferSelect;
type CommunityRow = typeof communities.$inferSelect;

/**
 * Links in emails need the public address and the signing secret; jobs only receive the
 * database, so the routes plugin hands them over when the app starts.
 */
const runtime = { publicUrl: "http://localhost:3000", secret: "" };
export function configureNotifications(options: { publicUrl: string; secret: string }) {
  runtime.publicUrl = options.publicUrl;
  runtime.secret = options.secret;
}

export const postLink = (postId: string) => `/communities/posts/${postId}`;

/**
 * The recipient of each row (`u`, the users row of `n.user_id`) may still read what the
 * notification `n` is about, checked with the policy's `community.read` where the topic is NOW
 * (after any move) or, for a notice about a community (a meeting), on that community. Applied
 * when a notification is shown, emailed or put in a digest, so losing access (leaving, being
 * removed, a topic moved into a private community) stops everything already on its way.
 * A notice about the recipient's own membership (their removal) is always theirs to read.
 */
export function stillReadableByRecipient() {
  const recipient = { userId: sql`n.user_id`, systemRole: sql`u.system_role` };
  return sql`(case
    when n.topic_id is not null then exists (
      select 1 from community_topics nt join communities nc on nc.id = nt.community_id
      where nt.id = n.topic_id and (nt.status = 'visible' or nt.author_id = n.user_id)
        and ${communityReadableBy(recipient, { id: sql`nc.id`, visibility: sql`nc.visibility` })})
    when n.community_id is not null and n.kind <> 'removed' then exists (
      select 1 from communities nc where nc.id = n.community_id
        and ${communityReadableBy(recipient, { id: sql`nc.id`, visibility: sql`nc.visibility` })})
    else true end)`;
}

/** Of these people, those with an active account who may read the community (the policy's `community.read`). */
export async function readersAmong(tx: DbOrTx, userIds: string[], communityId: string): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await queryRows<{ userId: string }>(
    tx,
    sql`select u.id as "userId" from users u cross join communities c
        where c.id = ${communityId} and u.disabled_at is null
          and u.id in (${sql.join(
            userIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          and ${communityReadableBy({ userId: sql`u.id`, systemRole: sql`u.system_role` }, { id: sql`c.id`, visibility: sql`c.visibility` })}`,
  );
  return new Set(rows.map((r) => r.userId));
}

/**
 * Who hears about a new visible post: people it mentions, followers of the topic, and — for a
 * new topic — members watching the community; only those who may read it now. Muting a topic or
 * community silences everything but mentions.
 */
export async function notifyAboutPost(
  tx: DbOrTx,
  event: { post: PostRow; topic: TopicRow; community: CommunityRow; isNewTopic: boolean },
  _publicUrl?: string,
) {
  const { post, topic, community } = event;
  const recipients = new Map<string, NotificationKind>();
  const handles = mentionedHandles(post.bodyMarkdown);
  if (handles.length > 0) {
    const mentioned = await queryRows<{ userId: string }>(
      tx,
      sql`select p.user_id as "userId" from community_profiles p where p.handle in (${sql.join(
        handles.map((h) => sql`${h}`),
        sql`, `,
      )})`,
    );
    for (const m of mentioned) recipients.set(m.userId, "mention");
  }
  const muted = new Set(
    (
      await queryRows<{ userId: string }>(
        tx,
        sql`select user_id as "userId" from community_topic_watches where topic_id = ${topic.id} and level = 'muted'
            union select user_id from community_members where community_id = ${community.id} and watch = 'muted'`,
      )
    ).map((r) => r.userId),
  );
  const followers = await tx
    .select({ userId: topicWatches.userId })
    .from(topicWatches)
    .where(and(eq(topicWatches.topicId, topic.id), eq(topicWatches.level, "following")));
  for (const f of followers)
    if (!recipients.has(f.userId) && !muted.has(f.userId)) recipients.set(f.userId, "reply");
  if (event.isNewTopic) {
    const watchers = await tx
      .select({ userId: communityMembers.userId })
      .from(communityMembers)
      .where(and(eq(communityMembers.communityId, community.id), eq(communityMembers.watch, "watching")));
    for (const w of watchers)
      if (!recipients.has(w.userId) && !muted.has(w.userId)) recipients.set(w.userId, "new_topic");
  }
  recipients.delete(post.authorId);
  // Everyone is checked against the policy, followers and watchers as much as mentions: a
  // follow outlives nothing (see endFollowsWithoutAccess), and this is the second line.
  const readers = await readersAmong(tx, [...recipients.keys()], community.id);
  for (const userId of recipients.keys()) if (!readers.has(userId)) recipients.delete(userId);
  if (recipients.size === 0) return;
  const [author] = await tx.select({ name: users.name }).from(users).where(eq(users.id, post.authorId));
  await createNotifications(
    tx,
    [...recipients].map(([userId, kind]) => ({
      userId,
      kind,
      actorId: post.authorId,
      communityId: community.id,
      topicId: topic.id,
      postId: post.id,
      params: { actor: author?.name ?? "", title: topic.title },
      link: postLink(post.id),
    })),
  );
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  actorId?: string | null;
  communityId?: string | null;
  topicId?: string | null;
  postId?: string | null;
  /** Filled into the recipient's language. */
  params: Record<string, string>;
  link: string;
  /** The caller sends its own email about it (a research decision): no notification email or digest line. */
  emailedByCaller?: boolean;
}

const SUMMARY_KEYS: Record<NotificationKind, keyof CommunitiesMessages> = {
  mention: "notifyMention",
  reply: "notifyReply",
  new_topic: "notifyNewTopic",
  meeting: "notifyMeeting",
  approval: "notifyApproval",
  moderation: "notifyModeration",
  removed: "notifyRemoved",
  research_approved: "notifyResearchApproved",
  research_declined: "notifyResearchDeclined",
};

/** Notices about the person's own membership: emailed whatever their digest setting, like an account notice. */
const ALWAYS_EMAILED: ReadonlySet<NotificationKind> = new Set(["removed"]);

/** Params naming a community in both languages (`communityEn`, `communityEs`) name it in the reader's. */
function inLocale(params: Record<string, string>, locale: "en" | "es"): Record<string, string> {
  if (!("communityEn" in params)) return params;
  return { ...params, community: (locale === "es" ? params.communityEs : params.communityEn) ?? "" };
}

/**
 * The line a notification shows, in the reader's language at the moment it is read or sent:
 * its kind's message filled with its params. Notifications made before params were kept carry
 * their old line instead.
 */
export function notificationSummary(
  n: { kind: NotificationKind; params: Record<string, string> | null; summary: string | null },
  locale: string,
): string {
  if (!n.params || Object.keys(n.params).length === 0) return n.summary ?? "";
  const lang = isLocale(locale) ? locale : "en";
  return translator(communitiesCatalog, lang)(SUMMARY_KEYS[n.kind], inLocale(n.params, lang)).slice(0, 300);
}

/** Stores notifications (what happened, not yet in any language) and queues the immediate emails. */
export async function createNotifications(tx: DbOrTx, items: NewNotification[]) {
  if (items.length === 0) return;
  const ids = [...new Set(items.map((i) => i.userId))];
  const people = await tx
    .select({ id: users.id, frequency: memberProfiles.emailFrequency })
    .from(users)
    .leftJoin(memberProfiles, eq(memberProfiles.userId, users.id))
    .where(inArray(users.id, ids));
  const byId = new Map(people.map((p) => [p.id, p]));
  const rows = await tx
    .insert(notifications)
    .values(
      items.map((i) => ({
        userId: i.userId,
        kind: i.kind,
        actorId: i.actorId ?? null,
        communityId: i.communityId ?? null,
        topicId: i.topicId ?? null,
        postId: i.postId ?? null,
        params: i.params,
        link: i.link,
        emailedAt: i.emailedByCaller ? new Date() : null,
      })),
    )
    .returning({
      id: notifications.id,
      userId: notifications.userId,
      kind: notifications.kind,
      emailedAt: notifications.emailedAt,
    });
  for (const row of rows) {
    if (row.emailedAt) continue;
    if ((byId.get(row.userId)?.frequency ?? "daily") === "immediately" || ALWAYS_EMAILED.has(row.kind)) {
      await enqueueJob(tx, "communities.notification-email", { notificationId: row.id });
    }
  }
}

/** The person's notifications about what they may still read, newest first. */
/**
 * A page of a person's notifications, newest first, with how many they have and how many are
 * unread, in one statement (the counts are window totals over everything still readable).
 */
export async function listNotifications(db: DbOrTx, userId: string, page = 1, perPage = 30) {
  const mine = sql`from community_notifications n join users u on u.id = n.user_id
    where n.user_id = ${userId} and ${stillReadableByRecipient()}`;
  const rows = await queryRows<NotificationRow & { locale: string; total: number; unread: number }>(
    db,
    sql`select n.id, n.user_id as "userId", n.kind, n.actor_id as "actorId", n.community_id as "communityId",
          n.topic_id as "topicId", n.post_id as "postId", n.params, n.summary, n.link, n.read_at as "readAt",
          n.emailed_at as "emailedAt", n.created_at as "createdAt", u.locale,
          (count(*) over ())::int as total, (count(*) filter (where n.read_at is null) over ())::int as unread
        ${mine} order by n.created_at desc limit ${perPage} offset ${(page - 1) * perPage}`,
  );
  // Written in the reader's language now (their account's), whatever it was when it was made.
  const items = rows.map(({ locale, total: _total, unread: _unread, ...n }) => {
    const row: NotificationRow = {
      ...n,
      readAt: n.readAt ? new Date(n.readAt) : null,
      emailedAt: n.emailedAt ? new Date(n.emailedAt) : null,
      createdAt: new Date(n.createdAt),
    };
    return { ...row, summary: notificationSummary(row, locale) };
  });
  const first = rows[0];
  if (first) return { items, total: first.total, unread: first.unread };
  // A page past the end has no rows to carry the counts.
  const [count] = await queryRows<{ n: number; unread: number }>(
    db,
    sql`select count(*)::int as n, (count(*) filter (where n.read_at is null))::int as unread ${mine}`,
  );
  return { items, total: count?.n ?? 0, unread: count?.unread ?? 0 };
}

type NotificationRow = typeof notifications.$inferSelect;

export async function unreadNotificationCount(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from community_notifications n join users u on u.id = n.user_id
        where n.user_id = ${userId} and n.read_at is null and ${stillReadableByRecipient()}`,
  );
  return row?.n ?? 0;
}

export async function markNotificationsRead(db: DbOrTx, userId: string, ids?: string[]) {
  const conditions = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids) conditions.push(inArray(notifications.id, ids));
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(...conditions));
}

// --- Email -----------------------------------------------------------------------------------

const UNSUBSCRIBE_PREFIX = "unsubscribe:";

export function unsubscribeToken(secret: string, userId: string) {
  return signValue(secret, `${UNSUBSCRIBE_PREFIX}${userId}`);
}

/** The person a one-click unsubscribe link names, if its signature holds. */
export function userFromUnsubscribeToken(secret: string, token: string): string | null {
  const value = unsignValue(secret, token);
  if (!value?.startsWith(UNSUBSCRIBE_PREFIX)) return null;
  const id = value.slice(UNSUBSCRIBE_PREFIX.length);
  return /^[0-9a-f-]{36}$/i.test(id) ? id : null;
}

export async function setEmailFrequency(db: DbOrTx, userId: string, frequency: EmailFrequency) {
  const updated = await db
    .update(memberProfiles)
    .set({ emailFrequency: frequency, updatedAt: new Date() })
    .where(eq(memberProfiles.userId, userId))
    .returning({ userId: memberProfiles.userId });
  return updated.length > 0;
}

/** The one-click unsubscribe link and headers every notification email carries. */
export function notificationLinks(userId: string) {
  const url = `${runtime.publicUrl}/communities/unsubscribe/${unsubscribeToken(runtime.secret, userId)}`;
  return {
    publicUrl: runtime.publicUrl,
    unsubscribeUrl: url,
    headers: { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

interface Pending {
  id: string;
  kind: NotificationKind;
  params: Record<string, string> | null;
  summary: string | null;
  link: string;
  bodyMarkdown: string | null;
}

/** The email telling one person about `items`; `excerpts` caches plain-text excerpts by Markdown source. */
function notificationEmail(
  person: { id: string; email: string; locale: string },
  items: Pending[],
  kind: "immediately" | "daily" | "weekly",
  excerpts = new Map<string, string>(),
): EmailMessage {
  const t = translator(communitiesCatalog, isLocale(person.locale) ? person.locale : "en");
  const { unsubscribeUrl: url, headers } = notificationLinks(person.id);
  const summaries = items.map((n) => notificationSummary(n, person.locale));
  const lines = items.map((n, i) => {
    let excerpt = "";
    if (n.bodyMarkdown) {
      let text = excerpts.get(n.bodyMarkdown);
      if (text === undefined) {
        text = plainText(n.bodyMarkdown, 200);
        excerpts.set(n.bodyMarkdown, text);
      }
      excerpt = `\n  ${text}`;
    }
    return `- ${summaries[i]}${excerpt}\n  ${runtime.publicUrl}${n.link}`;
  });
  const subject =
    kind === "immediately"
      ? summaries[0]!
      : t(kind === "daily" ? "digestDailySubject" : "digestWeeklySubject", { count: items.length });
  return {
    to: person.email,
    subject: subject.slice(0, 200),
    text: `${lines.join("\n\n")}\n\n${t("emailSettingsLine", { url: `${runtime.publicUrl}/notifications/settings` })}\n${t("emailUnsubscribeLine", { url })}\n`,
    headers,
  };
}

async function sendNotificationEmail(
  tx: DbOrTx,
  person: { id: string; email: string; locale: string },
  items: Pending[],
  kind: "immediately" | "daily" | "weekly",
) {
  await queueEmail(tx, notificationEmail(person, items, kind));
}

/** The post an email may quote: a visible one, or the recipient's own. */
const QUOTABLE_BODY = sql`case when p.status = 'visible' or p.author_id = n.user_id then p.body_markdown end`;

/** Sends one notification's email, if its recipient may still read what it is about (checked now, not when queued). */
async function sendImmediate(db: Db, notificationId: string) {
  await db.transaction(async (tx) => {
    const rows = await queryRows<
      Pending & {
        userId: string;
        email: string;
        locale: string;
        frequency: string | null;
        kind: NotificationKind;
      }
    >(
      tx,
      sql`select n.id, n.kind, n.params, n.summary, n.link, ${QUOTABLE_BODY} as "bodyMarkdown", u.id as "userId", u.email, u.locale,
            pr.email_frequency as frequency
          from community_notifications n join users u on u.id = n.user_id
          left join community_posts p on p.id = n.post_id
          left join community_profiles pr on pr.user_id = n.user_id
          where n.id = ${notificationId} and n.emailed_at is null and n.read_at is null and u.disabled_at is null
            and ${stillReadableByRecipient()}
          for update of n`,
    );
    const row = rows[0];
    if (!row || (row.frequency !== "immediately" && !ALWAYS_EMAILED.has(row.kind))) return;
    await sendNotificationEmail(
      tx,
      { id: row.userId, email: row.email, locale: row.locale },
      [row],
      "immediately",
    );
    await tx.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, row.id));
  });
}

const DIGEST_PERIOD_MS = { daily: 86400_000, weekly: 7 * 86400_000 } as const;

/**
 * One email per person with everything unread and not yet emailed that they may still read
 * (checked when the digest is sent; what they may no longer read is dropped, not kept). People are taken in
 * batches of a few hundred, each batch in one transaction with set-based reads and updates,
 * so a national run (tens of thousands of members) stays quick and within memory.
 */
export async function sendDigests(db: Db, frequency: "daily" | "weekly", batchSize = 500): Promise<number> {
  let sent = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  const excerpts = new Map<string, string>();
  for (;;) {
    const people = await queryRows<{ id: string; email: string; locale: string }>(
      db,
      sql`select u.id, u.email, u.locale from community_profiles pr join users u on u.id = pr.user_id
          where pr.email_frequency = ${frequency} and u.disabled_at is null and u.id > ${after}
            and exists (select 1 from community_notifications n where n.user_id = u.id and n.emailed_at is null and n.read_at is null
                        and ${stillReadableByRecipient()})
          order by u.id limit ${batchSize}`,
    );
    if (people.length === 0) break;
    after = people[people.length - 1]!.id;
    if (excerpts.size > 20_000) excerpts.clear();
    const ids = people.map((p) => p.id);
    await db.transaction(async (tx) => {
      const pending = await queryRows<Pending & { userId: string; rank: number }>(
        tx,
        sql`select * from (
              select n.id, n.user_id as "userId", n.kind, n.params, n.summary, n.link, ${QUOTABLE_BODY} as "bodyMarkdown",
                     row_number() over (partition by n.user_id order by n.created_at) as rank
              from community_notifications n join users u on u.id = n.user_id left join community_posts p on p.id = n.post_id
              where n.user_id in (${sql.join(
                ids.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})
                and n.emailed_at is null and n.read_at is null and ${stillReadableByRecipient()}) x
            where rank <= 50 order by "userId", rank`,
      );
      const byPerson = new Map<string, Pending[]>();
      for (const n of pending) {
        const list = byPerson.get(n.userId);
        if (list) list.push(n);
        else byPerson.set(n.userId, [n]);
      }
      const messages: EmailMessage[] = [];
      for (const person of people) {
        const items = byPerson.get(person.id);
        if (items) messages.push(notificationEmail(person, items, frequency, excerpts));
      }
      await queueEmails(tx, messages);
      sent += messages.length;
      const idList = sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      );
      await tx.execute(
        sql`update community_notifications set emailed_at = now() where user_id in (${idList}) and emailed_at is null and read_at is null`,
      );
      await tx.execute(
        sql`update community_profiles set last_digest_at = now() where user_id in (${idList})`,
      );
    });
  }
  return sent;
}

/** Makes sure one digest run of each kind is queued (called when the app starts). */
export async function scheduleDigests(db: Db) {
  for (const frequency of ["daily", "weekly"] as const) {
    const [queued] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from jobs where kind = 'communities.digest' and status in ('queued', 'running')
            and payload->>'frequency' = ${frequency}`,
    );
    if ((queued?.n ?? 0) === 0)
      await enqueueJob(
        db,
        "communities.digest",
        { frequency },
        new Date(Date.now() + DIGEST_PERIOD_MS[frequency]),
      );
  }
}

export const notificationJobs: Record<string, JobHandler> = {
  "communities.notification-email": async (payload, { db }) => {
    await sendImmediate(db, (payload as { notificationId: string }).notificationId);
  },
  "communities.digest": async (payload, { db }) => {
    const { frequency } = payload as { frequency: "daily" | "weekly" };
    await sendDigests(db, frequency);
    // The next run is queued only after this one finished, so runs never overlap; if two app
    // servers started at once and queued two chains, the extra chain ends here.
    const [queued] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from jobs where kind = 'communities.digest' and status = 'queued' and payload->>'frequency' = ${frequency}`,
    );
    if ((queued?.n ?? 0) === 0) {
      await enqueueJob(
        db,
        "communities.digest",
        { frequency },
        new Date(Date.now() + DIGEST_PERIOD_MS[frequency]),
      );
    }
  },
};
