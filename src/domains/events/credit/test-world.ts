import { sql } from "drizzle-orm";
import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { queryRows } from "../../../platform/db/client";
import { eventSessionPresenters, eventSessions } from "../program/schema";
import { eventRegistrations, eventSessionAttendance } from "../registration/schema";
import type { EventsWorld } from "../test-world";
import { eventCertificates, eventCreditClaims } from "./schema";

/** The credit rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export interface CreditWorld {
  /** The world's session (presented by the private member): evaluated and its results read. */
  sessionId: string;
  /** memberA's certificate for the world's event (counselor credit), valid. */
  certificateId: string;
  code: string;
}

/**
 * Builds on the world's event (setup), its session presented by the private member (program)
 * and memberA's registration (registration); any of these not built by its capability yet is
 * made here, so credit's routes always have rows to act on.
 */
export async function buildCreditWorld(
  base: BaseWorld,
  earlier: Pick<EventsWorld, "setup" | "program" | "registration">,
): Promise<CreditWorld> {
  const db = base.t.db;
  const { eventId, creditTypeId } = earlier.setup;
  const presenter = base.users.privateMember.id;
  let [session] = await queryRows<{ id: string }>(
    db,
    sql`select s.id from event_sessions s join event_session_presenters p on p.session_id = s.id
        where s.event_id = ${eventId} and p.user_id = ${presenter} order by s.created_at limit 1`,
  );
  if (!session) {
    [session] = await db
      .insert(eventSessions)
      .values({
        eventId,
        title: "World session on screening",
        format: "presentation",
        mode: "in_person",
        learningObjectives: "Choose a screening tool",
        startsAt: new Date("2027-04-14T14:00:00Z"),
        endsAt: new Date("2027-04-14T15:00:00Z"),
      })
      .returning({ id: eventSessions.id });
    await db
      .insert(eventSessionPresenters)
      .values({ sessionId: session!.id, position: 0, userId: presenter, name: "World presenter" });
  }
  const member = base.users.memberA.id;
  let [registration] = await queryRows<{ id: string }>(
    db,
    sql`select id from event_registrations where event_id = ${eventId} and user_id = ${member}`,
  );
  if (!registration)
    [registration] = await db
      .insert(eventRegistrations)
      .values({ eventId, userId: member, status: "registered", checkInCode: "WORLDCREDIT" })
      .returning({ id: eventRegistrations.id });
  await db
    .insert(eventSessionAttendance)
    .values({ registrationId: registration!.id, sessionId: session!.id, source: "room_check_in" })
    .onConflictDoNothing();
  await db
    .insert(eventCreditClaims)
    .values({ registrationId: registration!.id, creditTypeId })
    .onConflictDoNothing();
  const [certificate] = await db
    .insert(eventCertificates)
    .values({
      code: "WRLD-0000-CERT",
      eventId,
      registrationId: registration!.id,
      userId: member,
      creditTypeId,
      attendeeName: "World Member A",
      activityTitle: "World State Regional Event on School Mental Health",
      startsOn: "2027-04-14",
      endsOn: "2027-04-15",
      format: "in_person",
      creditLabel: "NBCC clock hours",
      hours: "1.00",
      providerName: "World State Center for School Mental Health",
      approvalStatement: "An approved provider.",
      retainUntil: "2033-04-15",
    })
    .returning();
  return { sessionId: session!.id, certificateId: certificate!.id, code: certificate!.code };
}

export const creditParamRules: ParamRule[] = [
  { param: "certificateId", value: (w) => w.events.credit.certificateId },
  { param: "code", url: /^(\/api\/v1)?\/certificates\/:code/, value: (w) => w.events.credit.code },
  // The world's session, when program's rules do not name it first.
  { param: "sessionId", value: (w) => w.events.credit.sessionId },
];
