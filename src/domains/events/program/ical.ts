import { createEvents, type EventAttributes } from "ics";
import type { ProgramSession } from "./service";

// Calendar files of the program: one session (a download from its page) or a person's agenda
// (their feed). Times go out in UTC; calendar apps show them in the reader's own zone.

export interface CalendarSource {
  eventTitle: string;
  /** The event's address on this site, e.g. https://…/events/annual-2026. */
  eventUrl: string;
  venue: string | null;
  rooms: Map<string, string>;
}

const clean = (text: string) => text.replace(/[\r\n]+/g, " ").trim();

function sessionEvent(session: ProgramSession, source: CalendarSource): EventAttributes | null {
  if (!session.startsAt || !session.endsAt) return null;
  const room = session.roomId ? source.rooms.get(session.roomId) : undefined;
  const where = session.mode === "online" ? "Online" : [room, source.venue].filter(Boolean).join(", ");
  const presenters = session.presenters.map((p) =>
    p.organisation ? `${p.name} (${p.organisation})` : p.name,
  );
  return {
    uid: `${session.id}@smh-commons-events`,
    title: clean(session.title),
    start: session.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: session.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    description: [source.eventTitle, presenters.join(", "), session.abstract].filter(Boolean).join("\n\n"),
    location: where || undefined,
    url: `${source.eventUrl}/program/sessions/${session.id}`,
    categories: [clean(source.eventTitle)],
    productId: "SMH Commons//Events",
    calName: clean(source.eventTitle),
  };
}

/** A VCALENDAR of the sessions that have a time (an empty calendar when none has). */
export function sessionsCalendar(
  sessions: ProgramSession[],
  source: CalendarSource,
  calendarName: string,
): string {
  const events = sessions.flatMap((s) => sessionEvent(s, source) ?? []);
  if (events.length === 0) {
    // `ics` refuses an empty list; an empty calendar is still a valid feed.
    return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//SMH Commons//Events//EN\r\nX-WR-CALNAME:${clean(calendarName).replace(/[,;]/g, " ")}\r\nEND:VCALENDAR\r\n`;
  }
  const { error, value } = createEvents(events, {
    productId: "SMH Commons//Events",
    calName: clean(calendarName),
  });
  if (error || !value) throw error ?? new Error("Calendar could not be built");
  return value;
}
