import { utcToZoned } from "../setup/time";

// The schedule's conflict rules, pure so they can be checked by hand. Organisers may save a
// schedule that breaks them (a draft is often half-placed); the flags say what to fix.

export interface ScheduledPresenter {
  /** The presenter's account, when they have one: the surest way to know two rows are one person. */
  userId: string | null;
  name: string;
}

export interface ScheduledSession {
  id: string;
  startsAt: Date | null;
  endsAt: Date | null;
  roomId: string | null;
  capacity: number | null;
  presenters: ScheduledPresenter[];
}

export interface ScheduledRoom {
  id: string;
  capacity: number | null;
}

/** The event's days (YYYY-MM-DD, in its own zone) and its zone. */
export interface EventDays {
  startsOn: string;
  endsOn: string;
  timeZone: string;
}

export type Conflict =
  | { kind: "presenterTwice"; sessionIds: [string, string]; presenter: string }
  | { kind: "roomTwice"; sessionIds: [string, string]; roomId: string }
  | { kind: "overRoomCapacity"; sessionId: string; capacity: number; roomCapacity: number }
  | { kind: "outsideEvent"; sessionId: string };

type Timed = ScheduledSession & { startsAt: Date; endsAt: Date };
const isTimed = (s: ScheduledSession): s is Timed => !!s.startsAt && !!s.endsAt;

/** Two sessions overlap when each starts before the other ends: back-to-back is not a clash. */
export const overlaps = (a: Timed, b: Timed) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

const nameKey = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");

/** The same person: by account when both rows have one, otherwise by name (case and spaces ignored). */
export function samePerson(a: ScheduledPresenter, b: ScheduledPresenter): boolean {
  if (a.userId && b.userId) return a.userId === b.userId;
  return nameKey(a.name) === nameKey(b.name);
}

/** Every overlapping pair of timed sessions, earliest first (a sweep: sorted by start). */
function overlappingPairs(sessions: ScheduledSession[]): [Timed, Timed][] {
  const timed = sessions.filter(isTimed).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const pairs: [Timed, Timed][] = [];
  for (let i = 0; i < timed.length; i++) {
    const a = timed[i]!;
    for (let j = i + 1; j < timed.length && timed[j]!.startsAt < a.endsAt; j++) pairs.push([a, timed[j]!]);
  }
  return pairs;
}

function sharedPresenter(a: ScheduledSession, b: ScheduledSession): string | null {
  for (const p of a.presenters) if (b.presenters.some((q) => samePerson(p, q))) return p.name;
  return null;
}

/** Whether a session starts before the event's first day or ends after its last (in its zone). */
export function outsideEvent(session: ScheduledSession, event: EventDays): boolean {
  if (!isTimed(session)) return false;
  const first = utcToZoned(session.startsAt, event.timeZone).day;
  // A session ending at midnight belongs to the day it ran on.
  const last = utcToZoned(new Date(session.endsAt.getTime() - 60_000), event.timeZone).day;
  return first < event.startsOn || last > event.endsOn;
}

/** What is wrong with a schedule: double bookings, rooms too small, sessions off the event's days. */
export function scheduleConflicts(
  sessions: ScheduledSession[],
  rooms: ScheduledRoom[],
  event: EventDays,
): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const [a, b] of overlappingPairs(sessions)) {
    if (a.roomId && a.roomId === b.roomId)
      conflicts.push({ kind: "roomTwice", sessionIds: [a.id, b.id], roomId: a.roomId });
    const presenter = sharedPresenter(a, b);
    if (presenter !== null) conflicts.push({ kind: "presenterTwice", sessionIds: [a.id, b.id], presenter });
  }
  const roomCapacity = new Map(rooms.map((r) => [r.id, r.capacity]));
  for (const s of sessions) {
    const limit = s.roomId ? roomCapacity.get(s.roomId) : null;
    if (s.capacity !== null && limit !== null && limit !== undefined && s.capacity > limit)
      conflicts.push({
        kind: "overRoomCapacity",
        sessionId: s.id,
        capacity: s.capacity,
        roomCapacity: limit,
      });
    if (outsideEvent(s, event)) conflicts.push({ kind: "outsideEvent", sessionId: s.id });
  }
  return conflicts;
}

/** The sessions a conflict is about (to flag each of them on the schedule). */
export const sessionsOfConflict = (c: Conflict): string[] =>
  "sessionIds" in c ? c.sessionIds : [c.sessionId];

/**
 * The CE hours a session carries: its own figure when the organiser set one, otherwise its length
 * in hours rounded down to a quarter hour (a 50-minute session is 0.75 h). A session that does not
 * count for credit, or has no time yet, carries none.
 */
export function creditHoursOf(session: {
  countsForCredit: boolean;
  creditHours: string | number | null;
  startsAt: Date | null;
  endsAt: Date | null;
}): number {
  if (!session.countsForCredit) return 0;
  if (session.creditHours !== null) return Number(session.creditHours);
  if (!session.startsAt || !session.endsAt) return 0;
  const minutes = Math.floor((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000);
  return Math.floor(minutes / 15) / 4;
}
