import { createHash, randomBytes, randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import { eventById } from "../setup/service";
import { zonedToUtc } from "../setup/time";
import { type Conflict, creditHoursOf, type EventDays, scheduleConflicts } from "./conflicts";
import type { RoomInput, SessionInput } from "./fields";
import {
  type PresenterRow,
  type RoomRow,
  type SessionRow,
  selectAgendaSessionIds,
  selectFeed,
  selectFeedByHash,
  selectPresenters,
  selectPublishedAt,
  selectRoom,
  selectRooms,
  selectSession,
  selectSessions,
  selectUserIdsByEmail,
} from "./repo";
import {
  eventAgendaFeeds,
  eventAgendaItems,
  eventPrograms,
  eventRooms,
  eventSessionPresenters,
  eventSessions,
  type SessionFormat,
  type SessionMode,
} from "./schema";

export { creditHoursOf, scheduleConflicts, type Conflict } from "./conflicts";
export {
  loadedEvent,
  loadedRoom,
  loadedSession,
  programEventInPath,
  roomInPath,
  sessionInPath,
  sessionOfEventInPath,
  type ProgramEvent,
} from "./access";
export type { PresenterRow, RoomRow, SessionRow } from "./repo";

/** A session with its presenters, in the order they are listed. */
export interface ProgramSession extends SessionRow {
  presenters: PresenterRow[];
}

export interface NewPresenter {
  name: string;
  organisation?: string;
  /** Their account, when they have one (they may then see the session's results and its code). */
  userId?: string | null;
}

/** What a session is made of; times are instants (UTC), already converted from the event's zone. */
export interface NewSession {
  eventId: string;
  proposalId?: string | null;
  title: string;
  abstract?: string;
  learningObjectives?: string;
  format: SessionFormat;
  mode: SessionMode;
  language?: string;
  trackId?: string | null;
  roomId?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  capacity?: number | null;
  countsForCredit?: boolean;
  creditHours?: number | null;
  presenters: NewPresenter[];
}

async function withPresenters(db: DbOrTx, sessions: SessionRow[]): Promise<ProgramSession[]> {
  const presenters = await selectPresenters(
    db,
    sessions.map((s) => s.id),
  );
  const bySession = new Map<string, PresenterRow[]>();
  for (const p of presenters) bySession.set(p.sessionId, [...(bySession.get(p.sessionId) ?? []), p]);
  return sessions.map((s) => ({ ...s, presenters: bySession.get(s.id) ?? [] }));
}

/** The event's sessions, earliest first (sessions not yet placed in time last), with presenters. */
export async function sessionsOf(db: DbOrTx, eventId: string): Promise<ProgramSession[]> {
  return withPresenters(db, await selectSessions(db, eventId));
}

export async function sessionById(db: DbOrTx, sessionId: string): Promise<ProgramSession | null> {
  const row = await selectSession(db, sessionId);
  return row ? (await withPresenters(db, [row]))[0]! : null;
}

/** The CE hours a session carries (0 when it does not count for credit); see conflicts.ts. */
export const sessionCreditHours = (session: SessionRow): number => creditHoursOf(session);

const CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** A short code to announce during an online session: no 0/O or 1/I to misread. */
export function newAttendanceCode(): string {
  return Array.from({ length: 6 }, () => CODE_LETTERS[randomInt(CODE_LETTERS.length)]).join("");
}

function sessionColumns(session: NewSession) {
  return {
    eventId: session.eventId,
    proposalId: session.proposalId ?? null,
    title: session.title,
    abstract: session.abstract ?? "",
    learningObjectives: session.learningObjectives ?? "",
    format: session.format,
    mode: session.mode,
    language: session.language ?? "en",
    trackId: session.trackId ?? null,
    roomId: session.roomId ?? null,
    startsAt: session.startsAt ?? null,
    endsAt: session.endsAt ?? null,
    capacity: session.capacity ?? null,
    countsForCredit: session.countsForCredit ?? true,
    creditHours:
      session.creditHours === null || session.creditHours === undefined ? null : String(session.creditHours),
  };
}

async function writePresenters(tx: DbOrTx, sessionId: string, presenters: NewPresenter[]) {
  await tx.delete(eventSessionPresenters).where(eq(eventSessionPresenters.sessionId, sessionId));
  if (presenters.length === 0) return;
  await tx.insert(eventSessionPresenters).values(
    presenters.map((p, position) => ({
      sessionId,
      position,
      userId: p.userId ?? null,
      name: p.name,
      organisation: p.organisation ?? "",
    })),
  );
}

const auditOf = (session: NewSession) => ({ ...sessionColumns(session), presenters: session.presenters });

/** Writes a new session inside the caller's transaction: online sessions get their attendance code here. */
async function insertSession(
  tx: DbOrTx,
  actorId: string | null,
  session: NewSession,
): Promise<ProgramSession> {
  const [row] = await tx
    .insert(eventSessions)
    .values({
      ...sessionColumns(session),
      attendanceCode: session.mode === "online" ? newAttendanceCode() : null,
    })
    .returning();
  await writePresenters(tx, row!.id, session.presenters);
  await recordAudit(tx, {
    actorId,
    action: "events.session.create",
    entityType: "event_session",
    entityId: row!.id,
    after: auditOf(session),
  });
  return (await sessionById(tx, row!.id))!;
}

/** Adds a session to an event's program by hand (organisers' page and API). */
export async function createSession(
  db: Db,
  actorId: string | null,
  session: NewSession,
): Promise<ProgramSession> {
  return db.transaction((tx) => insertSession(tx, actorId, session));
}

/** What an accepted proposal brings to the program (the calls capability's proposal, minus its review). */
export interface ConfirmedProposal {
  id: string;
  eventId: string;
  title: string;
  abstract: string;
  learningObjectives: string[];
  format: SessionFormat;
  language: string;
  trackId: string | null;
  presenters: { name: string; organisation: string; email: string; userId: string | null }[];
}

/**
 * The session a confirmed proposal becomes, written inside the caller's transaction (the
 * presenter's confirmation and its session stand or fall together) under the same rules as a
 * session organisers add: not yet placed in a room or time; online at an online event, so it has
 * its attendance code from the start (organisers may change the mode when they place it); its
 * presenters linked to their accounts by email, including accounts made after the proposal was sent.
 */
export async function createSessionFromProposal(
  tx: DbOrTx,
  actorId: string | null,
  proposal: ConfirmedProposal,
): Promise<ProgramSession> {
  const event = await eventById(tx, proposal.eventId);
  if (!event) throw new Error(`No event ${proposal.eventId}`);
  const accounts = await selectUserIdsByEmail(
    tx,
    proposal.presenters.filter((p) => !p.userId).map((p) => p.email.toLowerCase()),
  );
  return insertSession(tx, actorId, {
    eventId: proposal.eventId,
    proposalId: proposal.id,
    title: proposal.title,
    abstract: proposal.abstract,
    learningObjectives: proposal.learningObjectives.join("\n"),
    format: proposal.format,
    mode: event.mode === "online" ? "online" : "in_person",
    language: proposal.language,
    trackId: proposal.trackId,
    presenters: proposal.presenters.map((p) => ({
      name: p.name,
      organisation: p.organisation,
      userId: p.userId ?? accounts.get(p.email.toLowerCase()) ?? null,
    })),
  });
}

export async function updateSession(
  db: Db,
  actorId: string,
  before: ProgramSession,
  session: NewSession,
): Promise<ProgramSession> {
  return db.transaction(async (tx) => {
    await tx
      .update(eventSessions)
      .set({
        ...sessionColumns(session),
        proposalId: before.proposalId,
        // An online session keeps the code already announced; one turned online gets one.
        attendanceCode:
          session.mode === "online" ? (before.attendanceCode ?? newAttendanceCode()) : before.attendanceCode,
      })
      .where(eq(eventSessions.id, before.id));
    await writePresenters(tx, before.id, session.presenters);
    await recordAudit(tx, {
      actorId,
      action: "events.session.update",
      entityType: "event_session",
      entityId: before.id,
      before: {
        ...before,
        presenters: before.presenters.map(({ name, organisation, userId }) => ({
          name,
          organisation,
          userId,
        })),
      },
      after: auditOf(session),
    });
    return (await sessionById(tx, before.id))!;
  });
}

export async function deleteSession(db: Db, actorId: string, session: ProgramSession): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(eventSessions).where(eq(eventSessions.id, session.id));
    await recordAudit(tx, {
      actorId,
      action: "events.session.delete",
      entityType: "event_session",
      entityId: session.id,
      before: { title: session.title, startsAt: session.startsAt, roomId: session.roomId },
    });
  });
}

// --- From a form or a JSON body to a session ------------------------------------------------

/** The event a session belongs to, as much as the schedule's rules need of it. */
export interface ScheduleEvent extends EventDays {
  id: string;
  trackIds: string[];
}

/** A field and the catalog key of what is wrong with it (messages.ts). */
export type SessionProblems = Partial<
  Record<keyof SessionInput, "timesIncomplete" | "endBeforeStart" | "notOfEvent" | "presenterLine">
>;

export class SessionCheckError extends Error {
  constructor(readonly problems: SessionProblems) {
    super(`Session not valid: ${Object.keys(problems).join(", ")}`);
  }
}

/** "Name; Organisation; email" lines: organisation and email may be left out. */
export function parsePresenterLines(
  text: string | undefined,
): { name: string; organisation: string; email: string | null }[] | null {
  const lines = (text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const parsed = lines.map((line) => {
    const [name = "", organisation = "", email = ""] = line.split(";").map((p) => p.trim());
    return { name, organisation, email: email ? email.toLowerCase() : null };
  });
  const valid = parsed.every(
    (p) =>
      p.name.length > 0 && p.name.length <= 200 && (!p.email || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.email)),
  );
  return valid && parsed.length <= 20 ? parsed : null;
}

/**
 * The account a presenter line without an email keeps when the session is edited: the one the
 * same name had before. The schedule's form shows presenters as "name; organisation" (emails are
 * not written back into it), so without this, placing a confirmed proposal in a room would cut
 * its presenters off their session's attendance code and results.
 */
function keptAccount(before: Pick<ProgramSession, "presenters"> | undefined, name: string): string | null {
  const same = (a: string) => a.trim().toLowerCase() === name.trim().toLowerCase();
  return before?.presenters.find((p) => p.userId && same(p.name))?.userId ?? null;
}

/**
 * Checks what the schema cannot see (times in order, rooms and tracks of this event) and builds
 * the session; `before` is the session being edited (its presenters keep their accounts).
 */
export async function sessionOfInput(
  db: DbOrTx,
  event: ScheduleEvent,
  input: SessionInput,
  before?: Pick<ProgramSession, "presenters">,
): Promise<NewSession> {
  const problems: SessionProblems = {};
  const times = [input.day, input.startTime, input.endTime];
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  if (times.some(Boolean) && !times.every(Boolean))
    problems[input.day ? (input.startTime ? "endTime" : "startTime") : "day"] = "timesIncomplete";
  else if (input.day && input.startTime && input.endTime) {
    startsAt = zonedToUtc(input.day, input.startTime, event.timeZone);
    endsAt = zonedToUtc(input.day, input.endTime, event.timeZone);
    if (endsAt <= startsAt) problems.endTime = "endBeforeStart";
  }
  if (input.trackId && !event.trackIds.includes(input.trackId)) problems.trackId = "notOfEvent";
  if (input.roomId) {
    const room = await selectRoom(db, input.roomId);
    if (room?.eventId !== event.id) problems.roomId = "notOfEvent";
  }
  const presenters = parsePresenterLines(input.presenters);
  if (!presenters) problems.presenters = "presenterLine";
  if (Object.keys(problems).length > 0) throw new SessionCheckError(problems);
  const accounts = await selectUserIdsByEmail(
    db,
    presenters!.flatMap((p) => (p.email ? [p.email] : [])),
  );
  return {
    eventId: event.id,
    title: input.title,
    abstract: input.abstract ?? "",
    learningObjectives: input.learningObjectives ?? "",
    format: input.format,
    mode: input.mode,
    language: input.language,
    trackId: input.trackId ?? null,
    roomId: input.roomId ?? null,
    startsAt,
    endsAt,
    capacity: input.capacity ?? null,
    countsForCredit: input.countsForCredit === "yes",
    creditHours: input.creditHours ?? null,
    presenters: presenters!.map((p) => ({
      name: p.name,
      organisation: p.organisation,
      userId: p.email ? (accounts.get(p.email) ?? null) : keptAccount(before, p.name),
    })),
  };
}

// --- Rooms ------------------------------------------------------------------------------------

export const roomsOf = (db: DbOrTx, eventId: string): Promise<RoomRow[]> => selectRooms(db, eventId);
export const roomById = (db: DbOrTx, roomId: string) => selectRoom(db, roomId);

export async function createRoom(
  db: Db,
  actorId: string | null,
  eventId: string,
  input: RoomInput,
): Promise<RoomRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(eventRooms)
      .values({ eventId, name: input.name, capacity: input.capacity ?? null })
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "events.room.create",
      entityType: "event_room",
      entityId: row!.id,
      after: input,
    });
    return row!;
  });
}

export async function updateRoom(db: Db, actorId: string, room: RoomRow, input: RoomInput): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(eventRooms)
      .set({ name: input.name, capacity: input.capacity ?? null })
      .where(eq(eventRooms.id, room.id));
    await recordAudit(tx, {
      actorId,
      action: "events.room.update",
      entityType: "event_room",
      entityId: room.id,
      before: { name: room.name, capacity: room.capacity },
      after: input,
    });
  });
}

/** Removes a room; its sessions stay in the program, unplaced (the conflict list shows them). */
export async function deleteRoom(db: Db, actorId: string, room: RoomRow): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(eventRooms).where(eq(eventRooms.id, room.id));
    await recordAudit(tx, {
      actorId,
      action: "events.room.delete",
      entityType: "event_room",
      entityId: room.id,
      before: room,
    });
  });
}

// --- The schedule's state ---------------------------------------------------------------------

/** The schedule's conflicts (see conflicts.ts), for the organisers' pages and the API. */
export function conflictsOf(event: EventDays, sessions: ProgramSession[], rooms: RoomRow[]): Conflict[] {
  return scheduleConflicts(sessions, rooms, event);
}

/** When the program was published, or null while only organisers see it. */
export const programPublishedAt = (db: DbOrTx, eventId: string) => selectPublishedAt(db, eventId);

export async function setProgramPublished(
  db: Db,
  actorId: string | null,
  eventId: string,
  published: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    const publishedAt = published ? new Date() : null;
    await tx
      .insert(eventPrograms)
      .values({ eventId, publishedAt, publishedBy: actorId })
      .onConflictDoUpdate({ target: eventPrograms.eventId, set: { publishedAt, publishedBy: actorId } });
    await recordAudit(tx, {
      actorId,
      action: published ? "events.program.publish" : "events.program.unpublish",
      entityType: "event",
      entityId: eventId,
    });
  });
}

// --- Personal agendas and their calendar feeds ------------------------------------------------

export const agendaSessionIds = (db: DbOrTx, userId: string, eventId: string) =>
  selectAgendaSessionIds(db, userId, eventId);

export async function addToAgenda(db: DbOrTx, userId: string, session: SessionRow): Promise<void> {
  await db
    .insert(eventAgendaItems)
    .values({ userId, sessionId: session.id, eventId: session.eventId })
    .onConflictDoNothing();
}

export async function removeFromAgenda(db: DbOrTx, userId: string, sessionId: string): Promise<void> {
  await db
    .delete(eventAgendaItems)
    .where(and(eq(eventAgendaItems.userId, userId), eq(eventAgendaItems.sessionId, sessionId)));
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Makes (or replaces) a person's feed address for an event; the token is shown once, only its hash kept. */
export async function createAgendaFeed(db: DbOrTx, userId: string, eventId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insert(eventAgendaFeeds)
    .values({ userId, eventId, tokenHash: hashToken(token) })
    .onConflictDoUpdate({
      target: [eventAgendaFeeds.userId, eventAgendaFeeds.eventId],
      set: { tokenHash: hashToken(token), createdAt: new Date() },
    });
  return token;
}

export async function revokeAgendaFeed(db: DbOrTx, userId: string, eventId: string): Promise<void> {
  await db
    .delete(eventAgendaFeeds)
    .where(and(eq(eventAgendaFeeds.userId, userId), eq(eventAgendaFeeds.eventId, eventId)));
}

export const hasAgendaFeed = async (db: DbOrTx, userId: string, eventId: string) =>
  !!(await selectFeed(db, userId, eventId));

/** Whose agenda a feed token opens, or null once revoked. */
export async function agendaFeedOwner(
  db: DbOrTx,
  token: string,
): Promise<{ userId: string; eventId: string } | null> {
  const feed = await selectFeedByHash(db, hashToken(token));
  return feed ? { userId: feed.userId, eventId: feed.eventId } : null;
}
