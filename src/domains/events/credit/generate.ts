import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";

/*
 * Bench data, set-based (src/domains/events/<cap>/generate.ts): for an event whose registrations
 * and attendance exist, every registered attendee claims the event's first credit type and
 * evaluates every session they attended and the event, so each certificate is unlocked. Ratings
 * come from a hash of the ids (repeatable); one response in four carries a comment.
 */
export async function generateEvaluations(db: DbOrTx, eventId: string): Promise<void> {
  await db.execute(sql`
    insert into event_credit_claims (registration_id, credit_type_id)
    select r.id, (select id from event_credit_types where event_id = ${eventId} order by label limit 1)
    from event_registrations r
    where r.event_id = ${eventId} and r.status = 'registered'
      and exists (select 1 from event_credit_types where event_id = ${eventId})
    on conflict do nothing`);
  await db.execute(sql`
    insert into event_evaluation_receipts (event_id, registration_id, session_id)
    select ${eventId}::uuid, a.registration_id, a.session_id
    from event_session_attendance a join event_registrations r on r.id = a.registration_id
    where r.event_id = ${eventId} and r.status = 'registered'
    union all
    select ${eventId}::uuid, r.id, null::uuid from event_registrations r
    where r.event_id = ${eventId} and r.status = 'registered'
    on conflict do nothing`);
  await db.execute(sql`
    insert into event_evaluation_responses (event_id, session_id, overall, presenter, relevance, objectives, comment)
    select ${eventId}::uuid, er.session_id,
      1 + abs(hashtext(er.id::text)) % 5,
      case when er.session_id is null then null else 1 + abs(hashtext(er.id::text || 'p')) % 5 end,
      1 + abs(hashtext(er.id::text || 'r')) % 5,
      case when er.session_id is null then '[]'::jsonb
           else jsonb_build_array(1 + abs(hashtext(er.id::text || 'o1')) % 5, 1 + abs(hashtext(er.id::text || 'o2')) % 5) end,
      case when abs(hashtext(er.id::text || 'c')) % 4 = 0 then 'Generated comment' else null end
    from event_evaluation_receipts er where er.event_id = ${eventId}`);
}
