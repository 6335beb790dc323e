import { eq, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { Db } from "../../../platform/db/client";
import { buildUser } from "../../../seed/factories";
import {
  DEMO_PAST_CONFERENCE_SLUG,
  DEMO_STATE_WEBINAR_SLUG,
  DEMO_UPCOMING_CONFERENCE_SLUG,
  eventBySlug,
  type EventWithOrganiser,
} from "../setup/service";
import { registerPerson } from "./places";
import { sessionsForAttendance } from "./repo";
import { eventRegistrations, eventSessionAttendance } from "./schema";
import { addTicketType, defaultTicketTypes, ticketTypesOf, ticketTypesOfferedTo } from "./service";

/** The demo's CE attendee: the school team lead (a school mental health professional, the demo counsellor). */
export const DEMO_ATTENDEE_EMAIL = "school.lead@demo.smhcommons.org";
/** Demo accounts registered for the demo conferences besides the counsellor (the family member on the free ticket). */
const OTHER_DEMO_ATTENDEES = [
  "family@demo.smhcommons.org",
  "district.lead@demo.smhcommons.org",
  "peer.member@demo.smhcommons.org",
  "educator@demo.smhcommons.org",
];
/** Invented attendees of the past conference, so its attendance figures look like one. */
const INVENTED_ATTENDEES = 36;
const ROLES = [
  "school_mh_professional",
  "educator",
  "community_mh_professional",
  "family_member",
  "youth",
] as const;

/** A stable "random" number in [0, 1) from a key: the demo comes out the same on every seed. */
function hashed(key: string): number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return (h >>> 0) / 2 ** 32;
}

async function ensureTickets(db: Db, event: EventWithOrganiser) {
  if ((await ticketTypesOf(db, event.id)).length > 0) return;
  const price = event.kind === "conference" ? 25000 : 0;
  for (const ticket of defaultTicketTypes(event.mode, price)) await addTicketType(db, event.id, ticket);
}

async function registerDemoPerson(
  db: Db,
  event: EventWithOrganiser,
  userId: string,
  role: (typeof ROLES)[number] | string,
) {
  const offered = await ticketTypesOfferedTo(db, event.id, role as (typeof ROLES)[number]);
  // The most specific ticket offered (the free family and youth one when it is theirs).
  const ticket = offered.find((t) => t.stakeholderRoles.length > 0) ?? offered[0];
  if (!ticket) return;
  await registerPerson(db, event.id, userId, {
    ticketTypeId: ticket.id,
    answers: role === "family_member" ? { accessibility: "Spanish interpretation" } : {},
    certificateName: null,
    licenceNumber: null,
  });
}

async function demoAccount(db: Db, email: string) {
  const [row] = await db
    .select({ id: users.id, role: users.stakeholderRole, name: users.name })
    .from(users)
    .where(eq(users.email, email));
  return row ?? null;
}

/**
 * The past conference's attendance: nine in ten registrants checked in on its first day, each
 * at most of the sessions (the counsellor at every session that counts for credit), recorded by
 * the room's check-in or, for online sessions, the session code.
 */
async function pastAttendance(db: Db, event: EventWithOrganiser, counsellorId: string | null) {
  const registered = await db
    .select({ id: eventRegistrations.id, userId: eventRegistrations.userId })
    .from(eventRegistrations)
    .where(sql`${eventRegistrations.eventId} = ${event.id} and ${eventRegistrations.status} = 'registered'`);
  const sessions = (await sessionsForAttendance(db, event.id)).filter((s) => s.startsAt);
  const firstDay = sessions[0]?.startsAt ?? new Date(`${event.startsOn}T13:00:00Z`);
  const rows: (typeof eventSessionAttendance.$inferInsert)[] = [];
  for (const r of registered) {
    const isCounsellor = r.userId === counsellorId;
    if (!isCounsellor && hashed(`check-in ${r.id}`) >= 0.9) continue;
    await db
      .update(eventRegistrations)
      .set({ checkedInAt: new Date(firstDay.getTime() - 45 * 60_000) })
      .where(eq(eventRegistrations.id, r.id));
    for (const s of sessions) {
      if (!isCounsellor && hashed(`${r.id} ${s.id}`) >= 0.6) continue;
      rows.push({
        registrationId: r.id,
        sessionId: s.id,
        source: s.mode === "online" ? "session_code" : "room_check_in",
        recordedAt: new Date(s.startsAt!.getTime() + 5 * 60_000),
        recordedBy: s.mode === "online" ? r.userId : null,
      });
    }
  }
  if (rows.length > 0) await db.insert(eventSessionAttendance).values(rows).onConflictDoNothing();
}

/**
 * Demo registrations: the demo counsellor (and a few other demo accounts) registered for the
 * past and the upcoming conference and the state webinar; the past conference with invented
 * attendees, their check-ins and session attendance. Runs after setup's and program's demo rows.
 */
export async function seedRegistrationDemo(db: Db): Promise<void> {
  const counsellor = await demoAccount(db, DEMO_ATTENDEE_EMAIL);
  for (const slug of [DEMO_PAST_CONFERENCE_SLUG, DEMO_UPCOMING_CONFERENCE_SLUG, DEMO_STATE_WEBINAR_SLUG]) {
    const event = await eventBySlug(db, slug);
    if (!event) continue;
    await ensureTickets(db, event);
    for (const email of [DEMO_ATTENDEE_EMAIL, ...OTHER_DEMO_ATTENDEES]) {
      const person = await demoAccount(db, email);
      if (person) await registerDemoPerson(db, event, person.id, person.role);
    }
    if (slug !== DEMO_PAST_CONFERENCE_SLUG) continue;
    for (let i = 1; i <= INVENTED_ATTENDEES; i++) {
      const role = ROLES[i % ROLES.length]!;
      const person = await buildUser(db, {
        email: `conference.attendee${i}@demo.smhcommons.org`,
        name: `Demo Attendee ${i}`,
        stakeholderRole: role,
        stateCode: ["MD", "CA", "TX", "VA", "OH"][i % 5]!,
        isDemo: true,
      });
      await registerDemoPerson(db, event, person.id, role);
    }
    await pastAttendance(db, event, counsellor?.id ?? null);
  }
}
