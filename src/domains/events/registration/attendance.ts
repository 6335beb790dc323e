import { recordAudit } from "../../../platform/audit";
import type { Db } from "../../../platform/db/client";
import { normaliseCode } from "./codes";
import {
  deleteAttendance,
  insertAttendance,
  markCheckedIn,
  type RegistrationAtDoor,
  type RegistrationRow,
  registrationAtDoorByCode,
  type SessionForAttendance,
} from "./repo";

/*
 * Attendance: the check-in at the door (one per registration), a room's check-in per session, the
 * session code an online attendee enters while the session runs, and organisers' corrections. All
 * are idempotent: recording twice leaves one record and says when the first was made.
 */

/** How long after its end a session's code is still accepted (people type it as the session closes). */
export const SESSION_CODE_GRACE_MINUTES = 10;

export type CheckInResult =
  | { kind: "checked_in"; registration: RegistrationAtDoor }
  | { kind: "already"; registration: RegistrationAtDoor; at: Date }
  | { kind: "not_registered"; registration: RegistrationAtDoor }
  | { kind: "unknown_code" };

/**
 * Checks a person in at the door by their code. One conditional update: of fifty staff scanning
 * the same code at once, exactly one records the check-in and the others are told when it was.
 */
export async function checkInAtDoor(
  db: Db,
  eventId: string,
  typedCode: string,
  staffId: string,
): Promise<CheckInResult> {
  const code = normaliseCode(typedCode);
  const updated = await markCheckedIn(db, eventId, code, staffId);
  if (updated) return { kind: "checked_in", registration: updated };
  const found = await registrationAtDoorByCode(db, eventId, code);
  if (!found) return { kind: "unknown_code" };
  if (found.status !== "registered") return { kind: "not_registered", registration: found };
  return { kind: "already", registration: found, at: found.checkedInAt! };
}

export type SessionCheckInResult =
  | { kind: "recorded"; registration: RegistrationAtDoor }
  | { kind: "already"; registration: RegistrationAtDoor }
  | { kind: "not_registered"; registration: RegistrationAtDoor }
  | { kind: "unknown_code" };

/** A room's check-in for one session: records attendance at that session (once). */
export async function checkInToSession(
  db: Db,
  eventId: string,
  sessionId: string,
  typedCode: string,
  staffId: string,
): Promise<SessionCheckInResult> {
  const registration = await registrationAtDoorByCode(db, eventId, normaliseCode(typedCode));
  if (!registration) return { kind: "unknown_code" };
  if (registration.status !== "registered") return { kind: "not_registered", registration };
  const added = await insertAttendance(db, {
    registrationId: registration.id,
    sessionId,
    source: "room_check_in",
    recordedBy: staffId,
  });
  return { kind: added ? "recorded" : "already", registration };
}

export type SessionCodeResult =
  | { kind: "recorded" }
  | { kind: "already" }
  | { kind: "not_registered" }
  | { kind: "no_code" }
  | { kind: "wrong_code" }
  | { kind: "too_early"; opensAt: Date }
  | { kind: "too_late"; closedAt: Date };

/** When a session's code is accepted: from its start to its end plus the grace period. */
export function sessionCodeWindow(session: Pick<SessionForAttendance, "startsAt" | "endsAt">) {
  if (!session.startsAt || !session.endsAt) return null;
  return {
    opensAt: session.startsAt,
    closesAt: new Date(session.endsAt.getTime() + SESSION_CODE_GRACE_MINUTES * 60_000),
  };
}

/**
 * An attendee records their attendance at an online session with the code announced in it.
 * Refused outside the session's time (plus the grace period), for a wrong code, and for anyone
 * without a confirmed place. The code is checked before the time so a wrong code learns nothing.
 */
export async function recordSessionCode(
  db: Db,
  registration: RegistrationRow | null,
  session: SessionForAttendance,
  typedCode: string,
  now: Date = new Date(),
): Promise<SessionCodeResult> {
  if (registration?.status !== "registered") return { kind: "not_registered" };
  if (!session.attendanceCode) return { kind: "no_code" };
  if (normaliseCode(typedCode) !== normaliseCode(session.attendanceCode)) return { kind: "wrong_code" };
  const window = sessionCodeWindow(session);
  if (!window) return { kind: "no_code" };
  if (now < window.opensAt) return { kind: "too_early", opensAt: window.opensAt };
  if (now > window.closesAt) return { kind: "too_late", closedAt: window.closesAt };
  const added = await insertAttendance(db, {
    registrationId: registration.id,
    sessionId: session.id,
    source: "session_code",
    recordedBy: registration.userId,
  });
  return { kind: added ? "recorded" : "already" };
}

export interface Correction {
  registrationId: string;
  sessionId: string;
  present: boolean;
  reason: string;
}

/**
 * An organiser's correction of one person's attendance at one session, with the reason, in the
 * audit trail with the change. Returns whether anything changed (adding what is there, or
 * removing what is not, records nothing).
 */
export async function correctAttendance(
  db: Db,
  eventId: string,
  correction: Correction,
  actorId: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = correction.present
      ? await insertAttendance(tx, {
          registrationId: correction.registrationId,
          sessionId: correction.sessionId,
          source: "correction",
          recordedBy: actorId,
        })
      : await deleteAttendance(tx, correction.registrationId, correction.sessionId);
    if (!changed) return false;
    await recordAudit(tx, {
      actorId,
      action: correction.present ? "event_attendance.add" : "event_attendance.remove",
      entityType: "event_registration",
      entityId: correction.registrationId,
      scopeId: eventId,
      before: { sessionId: correction.sessionId, present: !correction.present },
      after: { sessionId: correction.sessionId, present: correction.present, reason: correction.reason },
    });
    return true;
  });
}
