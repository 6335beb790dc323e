import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import { organisations } from "../../directory/schema";
import { eventCreditTypes, events, eventTracks } from "./schema";

export type EventRow = typeof events.$inferSelect;
export type TrackRow = typeof eventTracks.$inferSelect;
export type CreditTypeRow = typeof eventCreditTypes.$inferSelect;

/** The scope that runs an event, as the policy and pages need it. */
export interface Organiser {
  id: string;
  ancestorIds: string[];
  kind: "nation" | "state";
  name: string;
  stateCode: string | null;
}

/** An event with its organiser. */
export type EventWithOrganiser = EventRow & { organiser: Organiser };

const organiserColumns = {
  id: organisations.id,
  ancestorIds: organisations.ancestorIds,
  kind: organisations.kind,
  name: organisations.name,
  stateCode: organisations.stateCode,
};

export async function eventRowBySlug(db: DbOrTx, slug: string): Promise<EventWithOrganiser | null> {
  const [found] = await db
    .select({ event: events, organiser: organiserColumns })
    .from(events)
    .innerJoin(organisations, eq(organisations.id, events.organiserId))
    .where(eq(events.slug, slug));
  if (!found) return null;
  return { ...found.event, organiser: found.organiser as Organiser };
}

export async function eventRowById(db: DbOrTx, id: string): Promise<EventWithOrganiser | null> {
  const [found] = await db
    .select({ event: events, organiser: organiserColumns })
    .from(events)
    .innerJoin(organisations, eq(organisations.id, events.organiserId))
    .where(eq(events.id, id));
  if (!found) return null;
  return { ...found.event, organiser: found.organiser as Organiser };
}

/** A nation or state organisation by id (the scopes that may organise events), or null. */
export async function organiserRow(db: DbOrTx, id: string): Promise<Organiser | null> {
  const [found] = await db.select(organiserColumns).from(organisations).where(eq(organisations.id, id));
  if (!found || (found.kind !== "nation" && found.kind !== "state")) return null;
  return found as Organiser;
}

export async function tracksOf(db: DbOrTx, eventId: string): Promise<TrackRow[]> {
  return db
    .select()
    .from(eventTracks)
    .where(eq(eventTracks.eventId, eventId))
    .orderBy(asc(eventTracks.position), asc(eventTracks.nameEn));
}

export async function creditTypesOf(db: DbOrTx, eventId: string): Promise<CreditTypeRow[]> {
  return db
    .select()
    .from(eventCreditTypes)
    .where(eq(eventCreditTypes.eventId, eventId))
    .orderBy(asc(eventCreditTypes.profession));
}

export async function creditTypeOf(db: DbOrTx, eventId: string, id: string): Promise<CreditTypeRow | null> {
  const [row] = await db
    .select()
    .from(eventCreditTypes)
    .where(and(eq(eventCreditTypes.eventId, eventId), eq(eventCreditTypes.id, id)));
  return row ?? null;
}
