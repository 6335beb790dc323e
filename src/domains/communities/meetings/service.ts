import { and, asc, eq, gte, sql } from "drizzle-orm";
import { createEvents, type EventAttributes } from "ics";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { queueEmail } from "../../../platform/email";
import { isLocale, translator } from "../../../platform/i18n";
import { badRequest, conflict, forbidden, notFound } from "../../../platform/http/problem";
import { enqueueJob, type JobHandler } from "../../../platform/jobs";
import { type Actor, can } from "../../../platform/policy";
import { communitiesCatalog } from "../messages";
import { createNotifications, notificationLinks } from "../notifications/service";
import { meetingRsvps, meetings, type RsvpResponse } from "../agenda/schema";
import { type CommunityForViewer, visibleCommunitiesCondition } from "../service";
import { dateTimeFormat } from "../../../platform/i18n/formats";

export type Meeting = typeof meetings.$inferSelect;
const REMINDER_BEFORE_MS = 24 * 3600_000;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

/** The offset of a zone from UTC at an instant, in minutes (e.g. -300 for New York in winter). */
function offsetMinutes(zone: string, at: Date): number {
  const parts = Object.fromEntries(
    dateTimeFormat("en", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return Math.round((asUtc - at.getTime()) / 60000);
}

/**
 * The instant a wall-clock time in a zone names ("2026-03-10T15:00" in America/Chicago).
 * Two passes settle the offset on days when clocks change.
 */
export function zonedTimeToUtc(local: string, zone: string): Date {
  const m = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/);
  if (!m) throw badRequest("Use a date and time like 2026-03-10T15:00.");
  const naive = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  let guess = naive - offsetMinutes(zone, new Date(naive)) * 60000;
  guess = naive - offsetMinutes(zone, new Date(guess)) * 60000;
  return new Date(guess);
}

/** The wall-clock time of an instant in a zone, for showing a meeting as scheduled. */
export function formatInZone(date: Date, zone: string, locale: string) {
  return dateTimeFormat(locale, {
    timeZone: zone,
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "long",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(date);
}

export interface MeetingInput {
  title: string;
  startsAt: string;
  timeZone: string;
  durationMinutes: number;
  onlineUrl?: string;
  place?: string;
  agenda?: string;
}

export async function scheduleMeeting(db: Db, actor: Actor, view: CommunityForViewer, input: MeetingInput) {
  if (!can(actor, "community.lead", view.resource)) throw forbidden();
  if (!isTimeZone(input.timeZone))
    throw badRequest("Unknown time zone.", [
      { pointer: "/body/timeZone", detail: "is not an IANA time zone" },
    ]);
  if (!input.onlineUrl && !input.place)
    throw badRequest("Give an online link or a place.", [
      { pointer: "/body/place", detail: "online link or place required" },
    ]);
  const startsAt = zonedTimeToUtc(input.startsAt, input.timeZone);
  return db.transaction(async (tx) => {
    const [meeting] = await tx
      .insert(meetings)
      .values({
        communityId: view.community.id,
        title: input.title,
        startsAt,
        timeZone: input.timeZone,
        durationMinutes: input.durationMinutes,
        onlineUrl: input.onlineUrl ?? null,
        place: input.place ?? null,
        agenda: input.agenda ?? null,
        createdBy: actor.userId,
      })
      .returning();
    const members = await queryRows<{ userId: string }>(
      tx,
      sql`select user_id as "userId" from community_members where community_id = ${view.community.id} and watch <> 'muted' and user_id <> ${actor.userId}`,
    );
    await createNotifications(
      tx,
      members.map((m) => ({
        userId: m.userId,
        kind: "meeting" as const,
        actorId: actor.userId,
        communityId: view.community.id,
        params: { title: input.title },
        link: `/communities/${view.community.slug}/meetings/${meeting!.id}`,
      })),
    );
    const remindAt = new Date(startsAt.getTime() - REMINDER_BEFORE_MS);
    if (remindAt.getTime() > Date.now())
      await enqueueJob(tx, "communities.meeting-reminder", { meetingId: meeting!.id }, remindAt);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "community.meeting.create",
      entityType: "community_meeting",
      entityId: meeting!.id,
      after: input,
    });
    return meeting!;
  });
}

export async function findMeeting(db: DbOrTx, view: CommunityForViewer, meetingId: string) {
  const [m] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.communityId, view.community.id)));
  return m ?? null;
}

export async function upcomingMeetings(db: DbOrTx, communityId: string, limit = 20) {
  return db
    .select()
    .from(meetings)
    .where(
      and(eq(meetings.communityId, communityId), gte(meetings.startsAt, new Date(Date.now() - 6 * 3600_000))),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(limit);
}

export async function rsvpCounts(db: DbOrTx, meetingId: string) {
  return queryRows<{ response: RsvpResponse; n: number }>(
    db,
    sql`select response, count(*)::int as n from community_meeting_rsvps where meeting_id = ${meetingId} group by response`,
  );
}

export async function rsvpOf(db: DbOrTx, meetingId: string, userId: string) {
  const [r] = await db
    .select({ response: meetingRsvps.response })
    .from(meetingRsvps)
    .where(and(eq(meetingRsvps.meetingId, meetingId), eq(meetingRsvps.userId, userId)));
  return r?.response ?? null;
}

export async function setRsvp(
  db: Db,
  actor: Actor,
  view: CommunityForViewer,
  meeting: Meeting,
  response: RsvpResponse,
) {
  if (!can(actor, "community.post", view.resource)) throw forbidden("Join this community to answer.");
  if (meeting.startsAt.getTime() + meeting.durationMinutes * 60000 < Date.now())
    throw conflict("This meeting is over.");
  await db
    .insert(meetingRsvps)
    .values({ meetingId: meeting.id, userId: actor.userId, response })
    .onConflictDoUpdate({
      target: [meetingRsvps.meetingId, meetingRsvps.userId],
      set: { response, updatedAt: new Date() },
    });
}

// --- Calendar feeds ----------------------------------------------------------------------------

interface FeedMeeting {
  id: string;
  title: string;
  startsAt: Date | string;
  durationMinutes: number;
  onlineUrl: string | null;
  place: string | null;
  agenda: string | null;
  communityName: string;
  communitySlug: string;
}

export function meetingsToIcs(items: FeedMeeting[], publicUrl: string, calendarName: string): string {
  if (items.length === 0) {
    // `ics` refuses an empty list; an empty calendar is still a valid feed.
    return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SMH Commons//Communities//EN\r\nX-WR-CALNAME:${calendarName.replace(/[\r\n,;]/g, " ")}\r\nEND:VCALENDAR\r\n`;
  }
  const events: EventAttributes[] = items.map((m) => ({
    uid: `${m.id}@smh-commons`,
    title: m.title,
    start: new Date(m.startsAt).getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: m.durationMinutes },
    description: [m.agenda ?? "", m.onlineUrl ? `Online: ${m.onlineUrl}` : ""].filter(Boolean).join("\n\n"),
    location: m.place ?? m.onlineUrl ?? undefined,
    url: `${publicUrl}/communities/${m.communitySlug}/meetings/${m.id}`,
    categories: [m.communityName],
    productId: "SMH Commons",
    calName: calendarName,
  }));
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error("Calendar could not be built");
  return value;
}

const FEED_COLUMNS = sql`m.id, m.title, m.starts_at as "startsAt", m.duration_minutes as "durationMinutes", m.online_url as "onlineUrl",
  m.place, m.agenda, c.name_en as "communityName", c.slug as "communitySlug"`;

export async function communityFeed(db: DbOrTx, communityId: string) {
  return queryRows<FeedMeeting>(
    db,
    sql`select ${FEED_COLUMNS} from community_meetings m join communities c on c.id = m.community_id
        where m.community_id = ${communityId} and m.starts_at > now() - interval '90 days' order by m.starts_at limit 500`,
  );
}

/**
 * Meetings of every community the person belongs to NOW and may read (the policy's
 * `community.read`, asked on every fetch): a removed member's feed loses a private community's
 * meetings at once.
 */
export async function personalFeed(db: DbOrTx, actor: Actor) {
  return queryRows<FeedMeeting>(
    db,
    sql`select ${FEED_COLUMNS} from community_meetings m join communities c on c.id = m.community_id
        join community_members cm on cm.community_id = c.id and cm.user_id = ${actor.userId}
        where m.starts_at > now() - interval '90 days' and ${visibleCommunitiesCondition(actor)}
        order by m.starts_at limit 500`,
  );
}

// --- Reminders -------------------------------------------------------------------------------

async function sendReminders(db: Db, meetingId: string) {
  const rows = await queryRows<FeedMeeting & { timeZone: string }>(
    db,
    sql`select ${FEED_COLUMNS}, m.time_zone as "timeZone" from community_meetings m join communities c on c.id = m.community_id where m.id = ${meetingId}`,
  );
  const meeting = rows[0];
  if (!meeting || new Date(meeting.startsAt).getTime() < Date.now()) return;
  // Everyone who has not said no, and whose email setting allows mail.
  const people = await queryRows<{ id: string; email: string; locale: string }>(
    db,
    sql`select u.id, u.email, u.locale from community_members cm join users u on u.id = cm.user_id
        left join community_profiles p on p.user_id = u.id
        left join community_meeting_rsvps r on r.meeting_id = ${meetingId} and r.user_id = u.id
        join community_meetings m on m.id = ${meetingId} and m.community_id = cm.community_id
        where u.disabled_at is null and coalesce(p.email_frequency, 'daily') <> 'never' and coalesce(r.response, 'yes') <> 'no'`,
  );
  await db.transaction(async (tx) => {
    for (const person of people) {
      const t = translator(communitiesCatalog, isLocale(person.locale) ? person.locale : "en");
      const { unsubscribeUrl, headers, publicUrl } = notificationLinks(person.id);
      const when = formatInZone(new Date(meeting.startsAt), meeting.timeZone, person.locale);
      await queueEmail(tx, {
        to: person.email,
        subject: t("reminderSubject", { title: meeting.title }),
        text: `${t("reminderBody", { title: meeting.title, when, community: meeting.communityName })}\n${meeting.onlineUrl ?? meeting.place ?? ""}\n${publicUrl}/communities/${meeting.communitySlug}/meetings/${meeting.id}\n\n${t("emailUnsubscribeLine", { url: unsubscribeUrl })}\n`,
        headers,
      });
    }
  });
}

export const meetingJobs: Record<string, JobHandler> = {
  "communities.meeting-reminder": async (payload, { db }) => {
    await sendReminders(db, (payload as { meetingId: string }).meetingId);
  },
};

export async function requireMeeting(db: DbOrTx, view: CommunityForViewer, meetingId: string) {
  const m = await findMeeting(db, view, meetingId);
  if (!m) throw notFound();
  return m;
}

export interface NextMeeting {
  id: string;
  title: string;
  startsAt: Date;
  timeZone: string;
  communityId: string;
}

/** The next meetings (not yet begun) of these communities (a member's home page; readable ones). */
export async function nextMeetingsIn(db: DbOrTx, communityIds: string[], limit = 5): Promise<NextMeeting[]> {
  if (communityIds.length === 0) return [];
  const rows = await queryRows<NextMeeting>(
    db,
    sql`select m.id, m.title, m.starts_at as "startsAt", m.time_zone as "timeZone", m.community_id as "communityId"
        from community_meetings m
        where m.community_id = any(${sql.param(communityIds)}::uuid[]) and m.starts_at > now()
        order by m.starts_at limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt) }));
}
