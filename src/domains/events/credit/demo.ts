import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import { DEMO_PAST_CONFERENCE_SLUG } from "../setup/service";
import {
  eventCertificateRuns,
  eventCreditClaims,
  eventEvaluationReceipts,
  eventEvaluationResponses,
} from "./schema";
import { issueUnlocked } from "./service";

/** The demo counsellor (the school team lead, a school mental health professional). */
export const DEMO_COUNSELLOR_EMAIL = "school.lead@demo.smhcommons.org";
/** The demo counsellor's certificate: /certificates/DEMO-2026-CE01. */
export const DEMO_CERTIFICATE_CODE = "DEMO-2026-CE01";

const COMMENTS = [
  "Practical tools I can use with our school team next week.",
  "The screening walkthrough was the most useful part.",
  "More time for questions, please.",
  "Clear, well paced and grounded in practice.",
  "Would love the slides in Spanish for our families.",
];

/**
 * The past conference's evaluations (most attendees evaluate what they attended, ratings drawn
 * from a fixed sequence) and the demo counsellor's certificate: counselor credit chosen, every
 * attended session and the event evaluated, the certificate issued by a finished run. Nothing
 * happens until the past conference, its sessions and its attendance exist (setup, program and
 * registration seed them first).
 */
export async function seedCreditDemo(db: Db): Promise<void> {
  const [event] = await queryRows<{ id: string; organiserId: string }>(
    db,
    sql`select id, organiser_id as "organiserId" from events where slug = ${DEMO_PAST_CONFERENCE_SLUG}`,
  );
  if (!event) return;
  const attendance = await queryRows<{
    registrationId: string;
    sessionId: string;
    objectives: string;
    userId: string;
  }>(
    db,
    sql`select a.registration_id as "registrationId", a.session_id as "sessionId", s.learning_objectives as objectives,
          r.user_id as "userId"
        from event_session_attendance a join event_sessions s on s.id = a.session_id
        join event_registrations r on r.id = a.registration_id
        where s.event_id = ${event.id} and r.status = 'registered' order by r.registered_at, s.starts_at`,
  );
  if (attendance.length === 0) return;
  const [counsellor] = await queryRows<{ id: string }>(
    db,
    sql`select id from users where lower(email) = ${DEMO_COUNSELLOR_EMAIL}`,
  );
  let n = 0;
  const rate = () => [5, 4, 4, 3, 5, 4, 2, 5][n++ % 8]!;
  const registrations = new Set<string>();
  for (const a of attendance) {
    const isCounsellor = a.userId === counsellor?.id;
    // Four in five evaluate; the counsellor evaluates everything (so their certificate unlocks).
    if (!isCounsellor && n % 5 === 4) {
      n++;
      continue;
    }
    registrations.add(a.registrationId);
    const objectives = a.objectives
      .split("\n")
      .filter((l) => l.trim())
      .map(() => rate());
    await db
      .insert(eventEvaluationReceipts)
      .values({
        eventId: event.id,
        registrationId: a.registrationId,
        sessionId: a.sessionId,
        submittedOn: "2026-06-12",
      })
      .onConflictDoNothing();
    await db.insert(eventEvaluationResponses).values({
      eventId: event.id,
      sessionId: a.sessionId,
      overall: rate(),
      presenter: rate(),
      relevance: rate(),
      objectives,
      comment: n % 3 === 0 ? COMMENTS[n % COMMENTS.length]! : null,
    });
  }
  for (const registrationId of registrations) {
    await db
      .insert(eventEvaluationReceipts)
      .values({ eventId: event.id, registrationId, sessionId: null, submittedOn: "2026-06-12" })
      .onConflictDoNothing();
    await db
      .insert(eventEvaluationResponses)
      .values({ eventId: event.id, overall: rate(), relevance: rate() });
  }
  const counsellorRegistration = attendance.find((a) => a.userId === counsellor?.id)?.registrationId;
  if (!counsellorRegistration) return;
  const [credit] = await queryRows<{ id: string }>(
    db,
    sql`select id from event_credit_types where event_id = ${event.id}
        order by (profession = 'counselor') desc, label limit 1`,
  );
  if (!credit) return;
  await db
    .insert(eventCreditClaims)
    .values({ registrationId: counsellorRegistration, creditTypeId: credit.id })
    .onConflictDoNothing();
  const issued = await issueUnlocked(db, event.id, null, counsellorRegistration);
  // A fixed code, so the README can name the demo certificate's verification page.
  if (issued[0])
    await db.execute(
      sql`update event_certificates set code = ${DEMO_CERTIFICATE_CODE} where id = ${issued[0].id}`,
    );
  await db
    .insert(eventCertificateRuns)
    .values({ eventId: event.id, finishedAt: new Date(), issuedCount: issued.length });
}
