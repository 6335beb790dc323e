import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import { type Db, type DbOrTx, queryRows } from "../../../platform/db/client";
import { type EmailMessage, queueEmails } from "../../../platform/email";
import { type Locale, translator } from "../../../platform/i18n";
import { enqueueJob, type JobHandler } from "../../../platform/jobs";
import type { Actor, EventResource, EventSessionResource } from "../../../platform/policy";
import { formatHours, sessionCreditHours, totalHours } from "./hours";
import { creditCatalog } from "./messages";
import {
  attendedSessionIds,
  type CreditTypeRow,
  claimOf,
  creditTypesOf,
  type EventRow,
  eventBySlug,
  presenterUserIds,
  type RegistrationRow,
  receiptsOf,
  registrationOfPerson,
  type SessionRow,
  sessionById,
  sessionsOfEvent,
} from "./repo";
import {
  type CertificateStatus,
  eventCertificateRuns,
  eventCertificates,
  eventCreditClaims,
  eventEvaluationReceipts,
  eventEvaluationResponses,
} from "./schema";

export type { CreditTypeRow, EventRow, RegistrationRow, SessionRow };
export { attendedSessionIds, eventBySlug, sessionById, sessionsOfEvent, creditTypesOf, registrationOfPerson };
export type Certificate = typeof eventCertificates.$inferSelect;

/** Links in emails and on certificates need the public address; the routes plugin hands it over. */
const runtime = { publicUrl: "http://localhost:3000" };
export function configureCredit(options: { publicUrl: string }) {
  runtime.publicUrl = options.publicUrl.replace(/\/$/, "");
}
export const verificationUrl = (code: string) => `${runtime.publicUrl}/certificates/${code}`;

export const ISSUE_JOB = "events.credit-issue";
export const PURGE_JOB = "events.credit-purge";

// --- Resources ------------------------------------------------------------------------------------

export const eventResourceOf = (e: EventRow): EventResource => ({
  id: e.id,
  ancestorIds: [],
  organiser: { id: e.organiserId, ancestorIds: e.organiserAncestorIds },
  status: e.status,
});

export async function sessionResourceOf(
  db: DbOrTx,
  e: EventRow,
  session: SessionRow,
  actor: Actor | null,
): Promise<EventSessionResource> {
  const presenters = actor ? await presenterUserIds(db, session.id) : [];
  return {
    id: session.id,
    ancestorIds: [],
    event: eventResourceOf(e),
    presenter: !!actor && presenters.includes(actor.userId),
  };
}

/** The objectives of a session, one a line (as the program keeps them). */
export const objectivesOf = (s: Pick<SessionRow, "learningObjectives">) =>
  s.learningObjectives
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

// --- Where an attendee stands ---------------------------------------------------------------------

/** Why a certificate is still locked, each shown to the attendee with what to do. */
export type LockReason =
  | { code: "notRegistered" }
  | { code: "noCreditType" }
  | { code: "noCreditSessions" }
  | { code: "sessionNotEvaluated"; sessionId: string; title: string }
  | { code: "eventNotEvaluated" };

export interface AttendedSession {
  session: SessionRow;
  evaluated: boolean;
  hours: number;
}

export interface CreditStanding {
  registration: RegistrationRow | null;
  attended: AttendedSession[];
  eventEvaluated: boolean;
  creditTypes: CreditTypeRow[];
  claim: CreditTypeRow | null;
  /** Hours of the sessions attended, counted for credit and evaluated. */
  hours: number;
  reasons: LockReason[];
  unlocked: boolean;
  certificates: Certificate[];
  /** Organisers have pressed "Issue certificates" at least once: unlocked attendees may take theirs. */
  released: boolean;
}

export async function creditStanding(db: DbOrTx, e: EventRow, userId: string): Promise<CreditStanding> {
  const registration = await registrationOfPerson(db, e.id, userId);
  const creditTypes = await creditTypesOf(db, e.id);
  const released = await certificatesReleased(db, e.id);
  const active = registration?.status === "registered" ? registration : null;
  if (!active) {
    return {
      registration,
      attended: [],
      eventEvaluated: false,
      creditTypes,
      claim: null,
      hours: 0,
      reasons: [{ code: "notRegistered" }],
      unlocked: false,
      certificates: [],
      released,
    };
  }
  const [attendedIds, receipts, claimId, sessions] = [
    await attendedSessionIds(db, active.id),
    await receiptsOf(db, active.id),
    await claimOf(db, active.id),
    await sessionsOfEvent(db, e.id),
  ];
  const attended = sessions
    .filter((s) => attendedIds.has(s.id))
    .map((session) => ({ session, evaluated: receipts.has(session.id), hours: sessionCreditHours(session) }));
  const claim = creditTypes.find((c) => c.id === claimId) ?? null;
  const credited = attended.filter((a) => a.session.countsForCredit);
  const reasons: LockReason[] = [];
  if (!claim) reasons.push({ code: "noCreditType" });
  if (credited.length === 0) reasons.push({ code: "noCreditSessions" });
  for (const a of credited)
    if (!a.evaluated)
      reasons.push({ code: "sessionNotEvaluated", sessionId: a.session.id, title: a.session.title });
  const eventEvaluated = receipts.has("event");
  if (!eventEvaluated) reasons.push({ code: "eventNotEvaluated" });
  const hours = totalHours(credited.filter((a) => a.evaluated).map((a) => a.hours));
  const certificates = await db
    .select()
    .from(eventCertificates)
    .where(eq(eventCertificates.registrationId, active.id))
    .orderBy(eventCertificates.issuedAt);
  return {
    registration: active,
    attended,
    eventEvaluated,
    creditTypes,
    claim,
    hours,
    reasons,
    unlocked: reasons.length === 0,
    certificates,
    released,
  };
}

export async function certificatesReleased(db: DbOrTx, eventId: string): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from event_certificate_runs where event_id = ${eventId}`,
  );
  return (row?.n ?? 0) > 0;
}

export class CreditError extends Error {
  constructor(
    public readonly code:
      | "notAttended"
      | "alreadyEvaluated"
      | "notRegistered"
      | "locked"
      | "notReleased"
      | "unknownCreditType"
      | "notValid",
  ) {
    super(code);
  }
}

export async function chooseCreditType(db: Db, e: EventRow, actor: Actor, creditTypeId: string) {
  const registration = await registrationOfPerson(db, e.id, actor.userId);
  if (registration?.status !== "registered") throw new CreditError("notRegistered");
  await saveCreditClaim(db, e.id, registration.id, creditTypeId);
}

/**
 * Records the credit type a registration will claim (the certificate page's choice; the
 * registration form offers it too, inside its own transaction). One claim per registration: a
 * later choice replaces it. A type the event does not offer is refused.
 */
export async function saveCreditClaim(
  db: DbOrTx,
  eventId: string,
  registrationId: string,
  creditTypeId: string,
): Promise<void> {
  const types = await creditTypesOf(db, eventId);
  if (!types.some((t) => t.id === creditTypeId)) throw new CreditError("unknownCreditType");
  await db
    .insert(eventCreditClaims)
    .values({ registrationId, creditTypeId })
    .onConflictDoUpdate({
      target: eventCreditClaims.registrationId,
      set: { creditTypeId, chosenAt: new Date() },
    });
}

/** Removes the person's claim (they registered again and chose none). */
export async function clearCreditClaim(db: DbOrTx, registrationId: string): Promise<void> {
  await db.delete(eventCreditClaims).where(eq(eventCreditClaims.registrationId, registrationId));
}

// --- Evaluations ----------------------------------------------------------------------------------

export interface EvaluationInput {
  overall: number;
  presenter?: number;
  relevance: number;
  objectives: number[];
  comment?: string;
}

/**
 * Records an evaluation: the receipt (who) and the response (what) in one transaction, sharing
 * no key. A session's evaluation only from someone whose attendance was recorded; once each.
 */
export async function submitEvaluation(
  db: Db,
  e: EventRow,
  actor: Actor,
  session: SessionRow | null,
  input: EvaluationInput,
): Promise<void> {
  const registration = await registrationOfPerson(db, e.id, actor.userId);
  if (registration?.status !== "registered") throw new CreditError("notRegistered");
  if (session && !(await attendedSessionIds(db, registration.id)).has(session.id))
    throw new CreditError("notAttended");
  const objectives = session ? input.objectives.slice(0, objectivesOf(session).length) : [];
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(eventEvaluationReceipts)
      .values({ eventId: e.id, registrationId: registration.id, sessionId: session?.id ?? null })
      .onConflictDoNothing()
      .returning({ id: eventEvaluationReceipts.id });
    if (inserted.length === 0) throw new CreditError("alreadyEvaluated");
    await tx.insert(eventEvaluationResponses).values({
      eventId: e.id,
      sessionId: session?.id ?? null,
      overall: input.overall,
      presenter: session ? (input.presenter ?? null) : null,
      relevance: input.relevance,
      objectives,
      comment: input.comment?.trim() || null,
    });
  });
}

export async function hasEvaluated(db: DbOrTx, registrationId: string, sessionId: string | null) {
  return (await receiptsOf(db, registrationId)).has(sessionId ?? "event");
}

// --- Results --------------------------------------------------------------------------------------

/**
 * Below this many evaluations a session's (or the event's) results show only how many there
 * were: with one or two, a presenter who knows who came could tell who rated what and wrote which
 * comment. The same rule for organisers, pages, API and CSV.
 */
export const RESULTS_MIN_RESPONSES = 3;

export interface Results {
  responses: number;
  shown: boolean;
  overall: number | null;
  presenter: number | null;
  relevance: number | null;
  objectives: { objective: string; mean: number | null; n: number }[];
  /** Ratings 1–5: how many gave each, for the overall rating. */
  overallCounts: number[];
  comments: string[];
}

const mean = (values: number[]) =>
  values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;

export async function resultsOf(db: DbOrTx, eventId: string, session: SessionRow | null): Promise<Results> {
  const rows = await queryRows<{
    overall: number;
    presenter: number | null;
    relevance: number;
    objectives: number[];
    comment: string | null;
  }>(
    db,
    sql`select overall, presenter, relevance, objectives, comment from event_evaluation_responses
        where event_id = ${eventId} and ${session ? sql`session_id = ${session.id}` : sql`session_id is null`}
        order by md5(id::text)`,
  );
  const shown = rows.length >= RESULTS_MIN_RESPONSES;
  const objectives = session ? objectivesOf(session) : [];
  return {
    responses: rows.length,
    shown,
    overall: shown ? mean(rows.map((r) => r.overall)) : null,
    presenter: shown ? mean(rows.flatMap((r) => (r.presenter === null ? [] : [r.presenter]))) : null,
    relevance: shown ? mean(rows.map((r) => r.relevance)) : null,
    objectives: objectives.map((objective, i) => {
      const values = rows.flatMap((r) => (typeof r.objectives[i] === "number" ? [r.objectives[i]!] : []));
      return { objective, mean: shown ? mean(values) : null, n: values.length };
    }),
    overallCounts: [1, 2, 3, 4, 5].map((v) => (shown ? rows.filter((r) => r.overall === v).length : 0)),
    comments: shown ? rows.flatMap((r) => (r.comment ? [r.comment] : [])) : [],
  };
}

export async function eventResults(db: DbOrTx, e: EventRow) {
  const sessions = await sessionsOfEvent(db, e.id);
  const perSession = [];
  for (const session of sessions) perSession.push({ session, results: await resultsOf(db, e.id, session) });
  return { event: await resultsOf(db, e.id, null), sessions: perSession };
}

// --- Certificates ---------------------------------------------------------------------------------

/** A code people can read aloud and type: 12 hex digits in groups of four (48 random bits). */
const codeSql = sql`upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 4) || '-' ||
  substr(replace(gen_random_uuid()::text, '-', ''), 1, 4) || '-' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 4))`;

/**
 * Issues every unlocked certificate of an event not issued yet (nor revoked), in one statement:
 * registered people who chose a credit type, attended at least one session counted for credit,
 * evaluated every such session and the event. Hours, format and the printed text are kept on
 * the row. Returns the new certificates' ids, people and codes. `onlyRegistrationId` issues one.
 */
export async function issueUnlocked(
  tx: DbOrTx,
  eventId: string,
  issuedBy: string | null,
  onlyRegistrationId?: string,
): Promise<{ id: string; userId: string; code: string; registrationId: string }[]> {
  const one = onlyRegistrationId ? sql`and r.id = ${onlyRegistrationId}` : sql``;
  return queryRows(
    tx,
    sql`with regs as (
          select r.id, r.user_id, coalesce(nullif(r.certificate_name, ''), u.name) as name,
                 nullif(r.licence_number, '') as licence, c.credit_type_id
          from event_registrations r
          join event_credit_claims c on c.registration_id = r.id
          join users u on u.id = r.user_id
          where r.event_id = ${eventId} and r.status = 'registered' ${one}
        ), credited as (
          select a.registration_id, s.mode,
                 round(coalesce(s.credit_hours, extract(epoch from (s.ends_at - s.starts_at)) / 3600, 0)::numeric, 2) as hours,
                 exists (select 1 from event_evaluation_receipts er
                         where er.registration_id = a.registration_id and er.session_id = s.id) as evaluated
          from event_session_attendance a
          join regs on regs.id = a.registration_id
          join event_sessions s on s.id = a.session_id
          where s.event_id = ${eventId} and s.counts_for_credit
        ), totals as (
          select registration_id, sum(hours) as hours, bool_and(evaluated) as all_evaluated,
                 bool_or(mode = 'in_person') as in_person, bool_or(mode = 'online') as online
          from credited group by registration_id
        )
        insert into event_certificates (code, event_id, registration_id, user_id, credit_type_id,
          attendee_name, licence_number, activity_title, starts_on, ends_on, format, location, credit_label,
          hours, provider_name, approval_statement, issued_by, retain_until)
        select ${codeSql}, e.id, regs.id, regs.user_id, ct.id, regs.name, regs.licence,
          coalesce(e.ce_activity_title, e.title_en), e.starts_on, e.ends_on,
          case when t.in_person and t.online then 'in_person_and_online'
               when t.online then 'online' else 'in_person' end,
          case when t.in_person then e.venue else null end,
          ct.label, t.hours, ct.provider_name, ct.approval_statement, ${issuedBy},
          (e.ends_on::date + make_interval(years => ct.retention_years))::date
        from regs
        join totals t on t.registration_id = regs.id
        join event_credit_types ct on ct.id = regs.credit_type_id
        join events e on e.id = ${eventId}
        where t.all_evaluated and t.hours > 0
          and exists (select 1 from event_evaluation_receipts er
                      where er.registration_id = regs.id and er.session_id is null)
          and not exists (select 1 from event_certificates x
                          where x.registration_id = regs.id and x.credit_type_id = regs.credit_type_id
                            and x.status in ('valid', 'revoked'))
        returning id, user_id as "userId", code, registration_id as "registrationId"`,
  );
}

async function auditIssued(
  tx: DbOrTx,
  e: { id: string; organiserId: string },
  actorId: string | null,
  issued: { id: string; code: string; registrationId: string }[],
) {
  await recordAudit(
    tx,
    issued.map((c) => ({
      actorId,
      action: "event.certificate.issue",
      entityType: "event_certificate",
      entityId: c.id,
      scopeId: e.organiserId,
      after: { code: c.code, eventId: e.id, registrationId: c.registrationId },
    })),
  );
}

async function emailCertificates(
  tx: DbOrTx,
  e: { slug: string; titleEn: string; titleEs: string | null },
  ids: string[],
) {
  if (ids.length === 0) return;
  const people = await queryRows<{ email: string; locale: string; code: string }>(
    tx,
    sql`select u.email, u.locale, c.code from event_certificates c join users u on u.id = c.user_id
        where c.id = any(${`{${ids.join(",")}}`}::uuid[]) and u.disabled_at is null`,
  );
  const messages: EmailMessage[] = people.map((p) => {
    const locale: Locale = p.locale === "es" ? "es" : "en";
    const t = translator(creditCatalog, locale);
    const title = locale === "es" ? (e.titleEs ?? e.titleEn) : e.titleEn;
    return {
      to: p.email,
      subject: t("emailSubject", { event: title }),
      text: t("emailText", {
        event: title,
        link: `${runtime.publicUrl}/events/${e.slug}/certificate`,
        verify: verificationUrl(p.code),
      }),
    };
  });
  await queueEmails(tx, messages);
}

/** "Issue certificates": releases the event's certificates and queues the job that issues them. */
export async function requestIssue(db: Db, e: EventRow, actor: Actor): Promise<string> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(eventCertificateRuns)
      .values({ eventId: e.id, requestedBy: actor.userId })
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "event.certificates.request",
      entityType: "event",
      entityId: e.id,
      scopeId: e.organiserId,
      after: { runId: run!.id },
    });
    await enqueueJob(tx, ISSUE_JOB, { runId: run!.id });
    await schedulePurge(tx);
    return run!.id;
  });
}

/** The job: every unlocked certificate of the run's event, audited and emailed, in one transaction. */
export async function runIssue(db: Db, runId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(eventCertificateRuns).where(eq(eventCertificateRuns.id, runId));
    if (!run || run.finishedAt) return 0;
    const [e] = await queryRows<{
      id: string;
      slug: string;
      organiserId: string;
      titleEn: string;
      titleEs: string | null;
    }>(
      tx,
      sql`select id, slug, organiser_id as "organiserId", title_en as "titleEn", title_es as "titleEs"
          from events where id = ${run.eventId}`,
    );
    if (!e) return 0;
    const issued = await issueUnlocked(tx, e.id, run.requestedBy);
    await auditIssued(tx, e, run.requestedBy, issued);
    await emailCertificates(
      tx,
      e,
      issued.map((c) => c.id),
    );
    await tx
      .update(eventCertificateRuns)
      .set({ finishedAt: new Date(), issuedCount: issued.length })
      .where(eq(eventCertificateRuns.id, runId));
    return issued.length;
  });
}

/** An attendee takes their own certificate once the event's are released and theirs is unlocked. */
export async function claimCertificate(db: Db, e: EventRow, actor: Actor): Promise<Certificate> {
  const standing = await creditStanding(db, e, actor.userId);
  if (!standing.unlocked || !standing.registration) throw new CreditError("locked");
  if (!standing.released) throw new CreditError("notReleased");
  const existing = standing.certificates.find(
    (c) => c.status === "valid" && c.creditTypeId === standing.claim?.id,
  );
  if (existing) return existing;
  return db.transaction(async (tx) => {
    const issued = await issueUnlocked(tx, e.id, actor.userId, standing.registration!.id);
    if (issued.length === 0) throw new CreditError("locked");
    await auditIssued(tx, e, actor.userId, issued);
    const [row] = await tx.select().from(eventCertificates).where(eq(eventCertificates.id, issued[0]!.id));
    return row!;
  });
}

export async function certificateById(db: DbOrTx, id: string): Promise<Certificate | null> {
  const [row] = await db.select().from(eventCertificates).where(eq(eventCertificates.id, id));
  return row ?? null;
}

export async function certificateByCode(db: DbOrTx, code: string): Promise<Certificate | null> {
  const [row] = await db
    .select()
    .from(eventCertificates)
    .where(eq(eventCertificates.code, code.trim().toUpperCase()));
  return row ?? null;
}

/** What the public verification page may say about a certificate, and nothing else. */
export interface Verification {
  code: string;
  attendeeName: string;
  activityTitle: string;
  startsOn: string;
  endsOn: string;
  hours: string;
  creditLabel: string;
  status: "valid" | "reissued" | "revoked";
}

export const verificationOf = (c: Certificate): Verification => ({
  code: c.code,
  attendeeName: c.attendeeName,
  activityTitle: c.activityTitle,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  hours: formatHours(Number(c.hours)),
  creditLabel: c.creditLabel,
  status: c.status === "superseded" ? "reissued" : c.status,
});

export async function certificatesOfEvent(db: DbOrTx, eventId: string): Promise<Certificate[]> {
  return db
    .select()
    .from(eventCertificates)
    .where(eq(eventCertificates.eventId, eventId))
    .orderBy(eventCertificates.attendeeName, eventCertificates.issuedAt);
}

/** A person's certificates across events, newest first. */
export async function certificatesOfPerson(db: DbOrTx, userId: string): Promise<Certificate[]> {
  const rows = await db.select().from(eventCertificates).where(eq(eventCertificates.userId, userId));
  return rows.sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime());
}

/** The event's slug for a certificate (its page and PDF live under the event). */
export async function eventSlugOf(db: DbOrTx, eventId: string | null): Promise<string | null> {
  if (!eventId) return null;
  const [row] = await queryRows<{ slug: string }>(db, sql`select slug from events where id = ${eventId}`);
  return row?.slug ?? null;
}

/**
 * Reissues a certificate: a new code and row (marked "Reissued"), with the name and licence
 * number as the registration now gives them; the old one is superseded. Audited with the reason.
 */
export async function reissueCertificate(
  db: Db,
  e: EventRow,
  actor: Actor,
  old: Certificate,
  reason: string,
): Promise<Certificate> {
  if (old.status !== "valid") throw new CreditError("notValid");
  return db.transaction(async (tx) => {
    await tx
      .update(eventCertificates)
      .set({ status: "superseded" })
      .where(and(eq(eventCertificates.id, old.id), eq(eventCertificates.status, "valid")));
    const person = old.registrationId
      ? (
          await queryRows<{ name: string; licence: string | null }>(
            tx,
            sql`select coalesce(nullif(r.certificate_name, ''), u.name) as name, nullif(r.licence_number, '') as licence
                from event_registrations r join users u on u.id = r.user_id where r.id = ${old.registrationId}`,
          )
        )[0]
      : undefined;
    const [codeRow] = await queryRows<{ code: string }>(tx, sql`select ${codeSql} as code`);
    const {
      id: _id,
      code: _code,
      status: _status,
      issuedAt: _at,
      revokedAt: _r,
      revokedReason: _rr,
      ...kept
    } = old;
    const [fresh] = await tx
      .insert(eventCertificates)
      .values({
        ...kept,
        code: codeRow!.code,
        replacesId: old.id,
        attendeeName: person?.name ?? old.attendeeName,
        licenceNumber: person ? person.licence : old.licenceNumber,
        issuedBy: actor.userId,
      })
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "event.certificate.reissue",
      entityType: "event_certificate",
      entityId: fresh!.id,
      scopeId: e.organiserId,
      before: { id: old.id, code: old.code, attendeeName: old.attendeeName },
      after: { code: fresh!.code, attendeeName: fresh!.attendeeName, reason },
    });
    return fresh!;
  });
}

export async function revokeCertificate(db: Db, e: EventRow, actor: Actor, c: Certificate, reason: string) {
  if (c.status !== "valid") throw new CreditError("notValid");
  await db.transaction(async (tx) => {
    await tx
      .update(eventCertificates)
      .set({ status: "revoked" satisfies CertificateStatus, revokedAt: new Date(), revokedReason: reason })
      .where(eq(eventCertificates.id, c.id));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "event.certificate.revoke",
      entityType: "event_certificate",
      entityId: c.id,
      scopeId: e.organiserId,
      before: { status: c.status },
      after: { status: "revoked", reason },
    });
  });
}

// --- Retention ------------------------------------------------------------------------------------

/** Deletes the certificates past their retention day (and only those). Returns how many went. */
export async function purgeExpiredCertificates(db: DbOrTx, today = new Date()): Promise<number> {
  const day = today.toISOString().slice(0, 10);
  const gone = await queryRows<{ id: string }>(
    db,
    sql`delete from event_certificates where retain_until < ${day}::date returning id`,
  );
  return gone.length;
}

/** One purge a day while any certificate exists: queued when none is waiting. */
async function schedulePurge(db: DbOrTx, at = new Date()) {
  const [waiting] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from jobs where kind = ${PURGE_JOB} and status in ('queued', 'running')`,
  );
  if ((waiting?.n ?? 0) === 0) await enqueueJob(db, PURGE_JOB, {}, at);
}

// --- Reports --------------------------------------------------------------------------------------

/** Certificates and hours issued per credit type (valid ones), for the event's reports. */
export async function creditsIssuedByType(db: DbOrTx, eventId: string) {
  return queryRows<{ creditLabel: string; certificates: number; hours: string }>(
    db,
    sql`select credit_label as "creditLabel", count(*)::int as certificates, coalesce(sum(hours), 0)::text as hours
        from event_certificates where event_id = ${eventId} and status = 'valid'
        group by credit_label order by credit_label`,
  );
}

export const creditJobs: Record<string, JobHandler> = {
  [ISSUE_JOB]: async (payload, { db }) => {
    const { runId } = payload as { runId: string };
    await runIssue(db, runId);
  },
  [PURGE_JOB]: async (_payload, { db }) => {
    await purgeExpiredCertificates(db);
    await enqueueJob(db, PURGE_JOB, {}, new Date(Date.now() + 86_400_000));
  },
};
