import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import { queryRows } from "../../../platform/db/client";
import {
  eventAgendaFeeds,
  eventAgendaItems,
  eventPrograms,
  eventRooms,
  eventSessionPresenters,
  eventSessions,
} from "./schema";

// The program's queries; the rules are in service.ts.

export type SessionRow = typeof eventSessions.$inferSelect;
export type RoomRow = typeof eventRooms.$inferSelect;
export type PresenterRow = typeof eventSessionPresenters.$inferSelect;

export const selectSessions = (db: DbOrTx, eventId: string) =>
  db
    .select()
    .from(eventSessions)
    .where(eq(eventSessions.eventId, eventId))
    .orderBy(sql`${eventSessions.startsAt} asc nulls last`, asc(eventSessions.title), asc(eventSessions.id));

export async function selectSession(db: DbOrTx, sessionId: string): Promise<SessionRow | null> {
  const [row] = await db.select().from(eventSessions).where(eq(eventSessions.id, sessionId));
  return row ?? null;
}

export async function selectPresenters(db: DbOrTx, sessionIds: string[]): Promise<PresenterRow[]> {
  if (sessionIds.length === 0) return [];
  return db
    .select()
    .from(eventSessionPresenters)
    .where(inArray(eventSessionPresenters.sessionId, sessionIds))
    .orderBy(asc(eventSessionPresenters.sessionId), asc(eventSessionPresenters.position));
}

export const selectRooms = (db: DbOrTx, eventId: string) =>
  db.select().from(eventRooms).where(eq(eventRooms.eventId, eventId)).orderBy(asc(eventRooms.name));

export async function selectRoom(db: DbOrTx, roomId: string): Promise<RoomRow | null> {
  const [row] = await db.select().from(eventRooms).where(eq(eventRooms.id, roomId));
  return row ?? null;
}

export async function selectPublishedAt(db: DbOrTx, eventId: string): Promise<Date | null> {
  const [row] = await db
    .select({ publishedAt: eventPrograms.publishedAt })
    .from(eventPrograms)
    .where(eq(eventPrograms.eventId, eventId));
  return row?.publishedAt ?? null;
}

export async function selectAgendaSessionIds(db: DbOrTx, userId: string, eventId: string): Promise<string[]> {
  const rows = await db
    .select({ sessionId: eventAgendaItems.sessionId })
    .from(eventAgendaItems)
    .where(and(eq(eventAgendaItems.userId, userId), eq(eventAgendaItems.eventId, eventId)));
  return rows.map((r) => r.sessionId);
}

export async function selectFeedByHash(db: DbOrTx, tokenHash: string) {
  const [row] = await db.select().from(eventAgendaFeeds).where(eq(eventAgendaFeeds.tokenHash, tokenHash));
  return row ?? null;
}

export async function selectFeed(db: DbOrTx, userId: string, eventId: string) {
  const [row] = await db
    .select()
    .from(eventAgendaFeeds)
    .where(and(eq(eventAgendaFeeds.userId, userId), eq(eventAgendaFeeds.eventId, eventId)));
  return row ?? null;
}

/** Accounts by email (lower-cased), to link presenters typed by the organiser to their accounts. */
export async function selectUserIdsByEmail(db: DbOrTx, emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await queryRows<{ id: string; email: string }>(
    db,
    sql`select id, lower(email) as email from users where lower(email) in (${sql.join(
      emails.map((e) => sql`${e}`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.email, r.id]));
}
