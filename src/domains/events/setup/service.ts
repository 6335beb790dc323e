import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import { type Db, type DbOrTx, queryRows } from "../../../platform/db/client";
import { forbidden } from "../../../platform/http/problem";
import { type Actor, can, eventReadSql, type ScopeResource } from "../../../platform/policy";
import { eventResourceOf } from "./access";
import {
  type CreditTypeRow,
  creditTypeOf,
  creditTypesOf,
  type EventRow,
  type EventWithOrganiser,
  eventRowById,
  eventRowBySlug,
  type Organiser,
  organiserRow,
  type TrackRow,
  tracksOf,
} from "./repo";
import {
  type CreditProfession,
  type EventKind,
  type EventMode,
  type EventStatus,
  eventCreditTypes,
  events,
  eventTracks,
} from "./schema";
import { isTimeZone } from "./time";

export {
  EVENTS_TAG,
  eventAttendAccess,
  eventInPath,
  eventOrganiseAccess,
  eventReadAccess,
  eventResourceOf,
  eventTag,
  loadedEvent,
  loadedOrganiser,
  organiserAccess,
  organiserInPath,
} from "./access";
export type { CreditTypeRow, EventRow, EventWithOrganiser, Organiser, TrackRow } from "./repo";
export {
  CREDIT_PROFESSIONS,
  EVENT_KINDS,
  EVENT_MODES,
  EVENT_STATUSES,
  type CreditProfession,
  type EventKind,
  type EventMode,
  type EventStatus,
} from "./schema";
export { isTimeZone, utcToZoned, zonedToUtc } from "./time";
export {
  addEventReport,
  type CreditFigures,
  type EvaluationFigures,
  type EventReport,
  eventReport,
} from "./reports";

// --- The demo's events (other capabilities seed their rows onto these, found by slug) -----------

/** The past national conference (2026), with program, attendance, evaluations and certificates. */
export const DEMO_PAST_CONFERENCE_SLUG = "annual-conference-2026";
/** The upcoming national conference (2027), its call for proposals open. */
export const DEMO_UPCOMING_CONFERENCE_SLUG = "annual-conference-2027";
/** A Maryland (demo state) webinar. */
export const DEMO_STATE_WEBINAR_SLUG = "maryland-webinar-2027";
export const DEMO_EVENT_SLUGS = [
  DEMO_PAST_CONFERENCE_SLUG,
  DEMO_UPCOMING_CONFERENCE_SLUG,
  DEMO_STATE_WEBINAR_SLUG,
] as const;

/**
 * Words under /events/ that are pages of the domain, never an event's address: an event named
 * so would be hidden behind the page. Capabilities adding a top-level word add it here.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "new",
  "manage",
  "organise",
  "organisers",
  "reviews",
  "review",
  "agenda",
  "calendar",
  "certificates",
  "my",
  "mine",
  "search",
  "feeds",
  "feed",
  "past",
  "upcoming",
  "api",
  "checkin",
  "check-in",
]);

/** The US time zones an event is offered in (the states and territories the platform serves). */
export const US_TIME_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Puerto_Rico",
  "Pacific/Guam",
  "Pacific/Pago_Pago",
] as const;

// --- Reading ------------------------------------------------------------------------------------

export async function eventBySlug(db: DbOrTx, slug: string): Promise<EventWithOrganiser | null> {
  return eventRowBySlug(db, slug);
}

export async function eventById(db: DbOrTx, id: string): Promise<EventWithOrganiser | null> {
  return eventRowById(db, id);
}

export { creditTypeOf as eventCreditTypeOf, creditTypesOf as eventCreditTypesOf, tracksOf as eventTracksOf };

/** The nation or a state (the scopes that may organise events), or null for anything else. */
export async function organiserById(db: DbOrTx, id: string): Promise<Organiser | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return organiserRow(db, id);
}

/** Whether the actor may read the event (the page's rule, for lists that hold one row). */
export function canReadEvent(actor: Actor | null, event: EventWithOrganiser): boolean {
  return can(actor, "event.read", eventResourceOf(event));
}

export function canOrganiseEvent(actor: Actor | null, event: EventWithOrganiser): boolean {
  return can(actor, "event.organise", eventResourceOf(event));
}

/** The event's title in a language (Spanish falls back to English when not translated). */
export function eventTitle(event: Pick<EventRow, "titleEn" | "titleEs">, locale: string): string {
  return locale === "es" && event.titleEs ? event.titleEs : event.titleEn;
}

export function eventSummary(event: Pick<EventRow, "summaryEn" | "summaryEs">, locale: string): string {
  return locale === "es" && event.summaryEs ? event.summaryEs : event.summaryEn;
}

/** `event.read` as a condition on the `events` table (aliased `e`, joined to organisations `o`). */
export function readableEventCondition(actor: Actor | null, e = "e", o = "o") {
  return eventReadSql(actor, {
    status: sql.raw(`${e}.status`),
    organiserId: sql.raw(`${e}.organiser_id`),
    organiserAncestorIds: sql.raw(`${o}.ancestor_ids`),
  });
}

/** `event.organise` on the events table (aliased `e`, organisations `o`): the rule's SQL twin. */
function organisesCondition(actor: Actor) {
  if (actor.systemRole === "admin") return sql`true`;
  const teams = actor.memberships.map((m) => sql`${m.organisationId}`);
  if (teams.length === 0) return sql`false`;
  const ids = sql.join(teams, sql`, `);
  return sql`(e.organiser_id::text in (${ids}) or o.ancestor_ids && array[${ids}]::uuid[])`;
}

/**
 * The scopes the actor may create events for: the nation or states whose team they are on (and,
 * for the national team or an admin, the nation).
 */
export async function organisersFor(db: DbOrTx, actor: Actor): Promise<Organiser[]> {
  const ids = actor.memberships.map((m) => m.organisationId);
  const found: Organiser[] = [];
  if (actor.systemRole === "admin") {
    const [nation] = await queryRows<{ id: string }>(
      db,
      sql`select id from organisations where kind = 'nation' limit 1`,
    );
    if (nation) ids.unshift(nation.id);
  }
  for (const id of new Set(ids)) {
    const organiser = await organiserRow(db, id);
    if (organiser && can(actor, "event.organise", organiser)) found.push(organiser);
  }
  return found;
}

export interface EventFilters {
  kind?: EventKind;
  mode?: EventMode;
  /** Two-letter USPS code of the organising state; "national" for the nation's events. */
  state?: string;
  /** Upcoming (ends today or later) or past (ended before today), by the UTC day. */
  when?: "upcoming" | "past";
  /** Only events this organiser runs (nation or state id). */
  organiserId?: string;
  status?: EventStatus;
  /** Only events this person organises (`event.organise`: their team's scope or one below it). */
  organisedBy?: Actor;
}

export interface EventListItem {
  id: string;
  slug: string;
  kind: EventKind;
  status: EventStatus;
  titleEn: string;
  titleEs: string | null;
  summaryEn: string;
  summaryEs: string | null;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  mode: EventMode;
  venue: string | null;
  organiserId: string;
  organiserName: string;
  organiserKind: "nation" | "state";
  stateCode: string | null;
}

/** The events the actor may read (the page's rule, in SQL), filtered; upcoming soonest first, past latest first. */
export async function listEvents(
  db: DbOrTx,
  actor: Actor | null,
  filters: EventFilters = {},
  today = new Date().toISOString().slice(0, 10),
  limit = 200,
): Promise<EventListItem[]> {
  const where = [readableEventCondition(actor)];
  if (filters.kind) where.push(sql`e.kind = ${filters.kind}`);
  if (filters.mode) where.push(sql`e.mode = ${filters.mode}`);
  if (filters.status) where.push(sql`e.status = ${filters.status}`);
  if (filters.organiserId) where.push(sql`e.organiser_id = ${filters.organiserId}::uuid`);
  if (filters.state === "national") where.push(sql`o.kind = 'nation'`);
  else if (filters.state) where.push(sql`o.kind = 'state' and o.state_code = ${filters.state.toUpperCase()}`);
  if (filters.organisedBy) where.push(organisesCondition(filters.organisedBy));
  if (filters.when === "upcoming") where.push(sql`e.ends_on >= ${today}`);
  if (filters.when === "past") where.push(sql`e.ends_on < ${today}`);
  const order = filters.when === "past" ? sql`e.starts_on desc, e.title_en` : sql`e.starts_on, e.title_en`;
  return queryRows<EventListItem>(
    db,
    sql`select e.id, e.slug, e.kind, e.status, e.title_en as "titleEn", e.title_es as "titleEs",
          e.summary_en as "summaryEn", e.summary_es as "summaryEs", e.starts_on as "startsOn",
          e.ends_on as "endsOn", e.time_zone as "timeZone", e.mode, e.venue,
          e.organiser_id as "organiserId", o.name as "organiserName", o.kind as "organiserKind",
          o.state_code as "stateCode"
        from events e join organisations o on o.id = e.organiser_id
        where ${sql.join(where, sql` and `)}
        order by ${order} limit ${limit}`,
  );
}

/** The states that organise events the actor may read (for the state filter). */
export async function eventStates(
  db: DbOrTx,
  actor: Actor | null,
): Promise<{ code: string; name: string }[]> {
  return queryRows<{ code: string; name: string }>(
    db,
    sql`select distinct o.state_code as code, o.name from events e join organisations o on o.id = e.organiser_id
        where o.kind = 'state' and o.state_code is not null and ${readableEventCondition(actor)} order by o.name`,
  );
}

// --- Writing (each a transaction with its audit entry) ------------------------------------------

/** A refusal, named so a page shows it beside the field and the API answers 400 (or 409). */
export class EventSetupError extends Error {
  constructor(
    readonly problem:
      | "slugTaken"
      | "slugReserved"
      | "badTimeZone"
      | "endsBeforeStarts"
      | "venueMissing"
      | "onlineUrlMissing"
      | "notDraft"
      | "alreadyCancelled"
      | "professionTaken"
      | "creditTypeMissing",
    readonly field = "form",
  ) {
    super(problem);
  }
}

export interface EventInput {
  slug?: string;
  kind: EventKind;
  titleEn: string;
  titleEs?: string | null;
  summaryEn?: string;
  summaryEs?: string | null;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  mode: EventMode;
  venue?: string | null;
  onlineUrl?: string | null;
  capacity?: number | null;
  ceActivityTitle?: string | null;
}

export interface TrackInput {
  nameEn: string;
  nameEs?: string | null;
  communityId?: string | null;
}

export interface CreditTypeInput {
  profession: CreditProfession;
  label: string;
  providerName: string;
  approvalStatement: string;
  retentionYears: number;
}

export function slugFrom(title: string): string {
  const base = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70)
    .replace(/-+$/g, "");
  return base.length >= 3 ? base : `event-${base || "new"}`;
}

const blank = (s: string | null | undefined) => {
  const trimmed = s?.trim();
  return trimmed ? trimmed : null;
};

/** Checks what the schema cannot: a real time zone, the order of days, where or how to join. */
function checkInput(input: EventInput) {
  if (!isTimeZone(input.timeZone)) throw new EventSetupError("badTimeZone", "timeZone");
  if (input.endsOn < input.startsOn) throw new EventSetupError("endsBeforeStarts", "endsOn");
  if (input.mode !== "online" && !blank(input.venue)) throw new EventSetupError("venueMissing", "venue");
  if (input.mode !== "in_person" && !blank(input.onlineUrl))
    throw new EventSetupError("onlineUrlMissing", "onlineUrl");
}

function contentOf(input: EventInput) {
  return {
    kind: input.kind,
    titleEn: input.titleEn.trim(),
    titleEs: blank(input.titleEs),
    summaryEn: input.summaryEn?.trim() ?? "",
    summaryEs: blank(input.summaryEs),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    timeZone: input.timeZone,
    mode: input.mode,
    venue: input.mode === "online" ? null : blank(input.venue),
    onlineUrl: input.mode === "in_person" ? null : blank(input.onlineUrl),
    capacity: input.capacity ?? null,
    ceActivityTitle: blank(input.ceActivityTitle),
  };
}

async function freeSlug(tx: DbOrTx, wanted: string, explicit: boolean): Promise<string> {
  if (RESERVED_SLUGS.has(wanted)) {
    if (explicit) throw new EventSetupError("slugReserved", "slug");
    wanted = `${wanted}-event`;
  }
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? wanted : `${wanted}-${n}`;
    const [taken] = await tx.select({ id: events.id }).from(events).where(eq(events.slug, candidate));
    if (!taken) return candidate;
    if (explicit) throw new EventSetupError("slugTaken", "slug");
  }
  throw new EventSetupError("slugTaken", "slug");
}

/** The national practice groups, as the tracks a new event starts with. */
export async function defaultTracks(db: DbOrTx): Promise<TrackInput[]> {
  const groups = await queryRows<{ id: string; nameEn: string; nameEs: string }>(
    db,
    sql`select id, name_en as "nameEn", name_es as "nameEs" from communities
        where kind = 'practice_group' and level = 'national' order by name_en`,
  );
  return groups.map((g) => ({ nameEn: g.nameEn, nameEs: g.nameEs, communityId: g.id }));
}

function trackValues(eventId: string, tracks: TrackInput[]) {
  return tracks
    .map((t) => ({ ...t, nameEn: t.nameEn.trim() }))
    .filter((t) => t.nameEn)
    .map((t, position) => ({
      eventId,
      nameEn: t.nameEn,
      nameEs: blank(t.nameEs),
      communityId: t.communityId ?? null,
      position,
    }));
}

/**
 * A new draft event run by `organiser` (the nation or a state), with its tracks (by default one
 * per national practice group).
 */
export async function createEvent(
  db: Db,
  actor: Actor,
  organiser: ScopeResource,
  input: EventInput,
  tracks?: TrackInput[],
): Promise<EventRow> {
  if (!can(actor, "event.organise", organiser)) throw forbidden();
  checkInput(input);
  const trackList = tracks ?? (await defaultTracks(db));
  return db.transaction(async (tx) => {
    const slug = await freeSlug(tx, blank(input.slug) ?? slugFrom(input.titleEn), !!blank(input.slug));
    const [row] = await tx
      .insert(events)
      .values({ ...contentOf(input), slug, organiserId: organiser.id, createdBy: actor.userId })
      .returning();
    const values = trackValues(row!.id, trackList);
    if (values.length > 0) await tx.insert(eventTracks).values(values);
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "event.create",
      entityType: "event",
      entityId: row!.id,
      scopeId: organiser.id,
      after: { slug, ...contentOf(input), tracks: values.map((t) => t.nameEn) },
    });
    return row!;
  });
}

function requireOrganiser(actor: Actor, event: EventWithOrganiser) {
  if (!can(actor, "event.organise", eventResourceOf(event))) throw forbidden();
}

/** Changes an event's details (its address stays: links to it are out in the world). */
export async function updateEvent(
  db: Db,
  actor: Actor,
  event: EventWithOrganiser,
  input: EventInput,
): Promise<EventRow> {
  requireOrganiser(actor, event);
  checkInput(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(events)
      .set({ ...contentOf(input), updatedAt: new Date() })
      .where(eq(events.id, event.id))
      .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "event.update",
      entityType: "event",
      entityId: event.id,
      scopeId: event.organiserId,
      before: contentOf(event as EventInput),
      after: contentOf(input),
    });
    return row!;
  });
}

/** Publishes a draft (it shows to everyone) or cancels an event (it stays listed, marked cancelled). */
export async function setEventStatus(
  db: Db,
  actor: Actor,
  event: EventWithOrganiser,
  status: "published" | "cancelled",
): Promise<EventRow> {
  requireOrganiser(actor, event);
  if (status === "published" && event.status !== "draft") throw new EventSetupError("notDraft");
  if (status === "cancelled" && event.status === "cancelled") throw new EventSetupError("alreadyCancelled");
  return db.transaction(async (tx) => {
    // Guarded by the status read above, so two clicks do not publish or cancel twice.
    const [row] = await tx
      .update(events)
      .set({
        status,
        updatedAt: new Date(),
        ...(status === "published" ? { publishedAt: new Date() } : {}),
      })
      .where(and(eq(events.id, event.id), eq(events.status, event.status)))
      .returning();
    if (!row) throw new EventSetupError(status === "published" ? "notDraft" : "alreadyCancelled");
    await recordAudit(tx, {
      actorId: actor.userId,
      action: status === "published" ? "event.publish" : "event.cancel",
      entityType: "event",
      entityId: event.id,
      scopeId: event.organiserId,
      before: { status: event.status },
      after: { status },
    });
    return row;
  });
}

/** Replaces an event's tracks by a new list (names edited, added, removed; order as given). */
export async function replaceTracks(
  db: Db,
  actor: Actor,
  event: EventWithOrganiser,
  tracks: TrackInput[],
): Promise<TrackRow[]> {
  requireOrganiser(actor, event);
  const existing = await tracksOf(db, event.id);
  return db.transaction(async (tx) => {
    const wanted = trackValues(event.id, tracks);
    // Keep the rows of tracks whose name stays (sessions and proposals point at them).
    const kept = new Map(existing.map((t) => [t.nameEn, t]));
    const out: TrackRow[] = [];
    for (const t of wanted) {
      const same = kept.get(t.nameEn);
      if (same) {
        kept.delete(t.nameEn);
        const [row] = await tx
          .update(eventTracks)
          .set({ nameEs: t.nameEs, position: t.position, communityId: t.communityId ?? same.communityId })
          .where(eq(eventTracks.id, same.id))
          .returning();
        out.push(row!);
      } else {
        const [row] = await tx.insert(eventTracks).values(t).returning();
        out.push(row!);
      }
    }
    for (const gone of kept.values()) await tx.delete(eventTracks).where(eq(eventTracks.id, gone.id));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "event.tracks",
      entityType: "event",
      entityId: event.id,
      scopeId: event.organiserId,
      before: { tracks: existing.map((t) => t.nameEn) },
      after: { tracks: out.map((t) => t.nameEn) },
    });
    return out;
  });
}

function creditContent(input: CreditTypeInput) {
  return {
    profession: input.profession,
    label: input.label.trim(),
    providerName: input.providerName.trim(),
    approvalStatement: input.approvalStatement.trim(),
    retentionYears: input.retentionYears,
  };
}

/** Adds a CE credit type (one per profession) or changes one (`id`). */
export async function saveCreditType(
  db: Db,
  actor: Actor,
  event: EventWithOrganiser,
  input: CreditTypeInput,
  id?: string,
): Promise<CreditTypeRow> {
  requireOrganiser(actor, event);
  const before = id ? await creditTypeOf(db, event.id, id) : null;
  if (id && !before) throw new EventSetupError("creditTypeMissing", "creditType");
  const clash = (await creditTypesOf(db, event.id)).find(
    (c) => c.profession === input.profession && c.id !== id,
  );
  if (clash) throw new EventSetupError("professionTaken", "profession");
  return db.transaction(async (tx) => {
    const [row] = before
      ? await tx
          .update(eventCreditTypes)
          .set(creditContent(input))
          .where(eq(eventCreditTypes.id, before.id))
          .returning()
      : await tx
          .insert(eventCreditTypes)
          .values({ ...creditContent(input), eventId: event.id })
          .returning();
    await recordAudit(tx, {
      actorId: actor.userId,
      action: before ? "event.creditType.update" : "event.creditType.create",
      entityType: "event_credit_type",
      entityId: row!.id,
      scopeId: event.organiserId,
      before: before ? creditContent(before) : null,
      after: creditContent(input),
    });
    return row!;
  });
}

export async function removeCreditType(
  db: Db,
  actor: Actor,
  event: EventWithOrganiser,
  id: string,
): Promise<void> {
  requireOrganiser(actor, event);
  const before = await creditTypeOf(db, event.id, id);
  if (!before) throw new EventSetupError("creditTypeMissing", "creditType");
  await db.transaction(async (tx) => {
    await tx.delete(eventCreditTypes).where(eq(eventCreditTypes.id, id));
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "event.creditType.remove",
      entityType: "event_credit_type",
      entityId: id,
      scopeId: event.organiserId,
      before: creditContent(before),
    });
  });
}
