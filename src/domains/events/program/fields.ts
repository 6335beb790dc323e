import { type Static, Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import { SESSION_FORMATS, SESSION_MODES } from "./schema";

// One schema per action: the organisers' forms and the API's JSON bodies are checked by the same one.

export const SESSION_LANGUAGES = ["en", "es"] as const;
const TIME = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
const Time = (description: string) => Type.String({ pattern: TIME, description });

export const RoomFields = Type.Object({
  name: SingleLine({ maxLength: 120, description: "What the room is called on signs and in the program" }),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: "Seats in the room" })),
});
export type RoomInput = Static<typeof RoomFields>;

export const SessionFields = Type.Object({
  title: SingleLine({ maxLength: 300, description: "The session's title" }),
  abstract: Type.Optional(MultiLine({ maxLength: 5000, description: "What it is about (Markdown)" })),
  learningObjectives: Type.Optional(
    MultiLine({ maxLength: 3000, description: "One learning objective per line (needed for CE)" }),
  ),
  format: StringEnum(SESSION_FORMATS, { description: SESSION_FORMATS.join(", ") }),
  mode: StringEnum(SESSION_MODES, {
    description: "in_person (in a room) or online (live, by a session code)",
  }),
  language: StringEnum(SESSION_LANGUAGES, { description: "The language it is given in: en or es" }),
  trackId: Type.Optional(Uuid("One of the event's tracks")),
  roomId: Type.Optional(Uuid("One of the event's rooms")),
  day: Type.Optional(
    Type.String({ format: "date", description: "The day, YYYY-MM-DD, in the event's time zone" }),
  ),
  startTime: Type.Optional(Time("Start, HH:MM in the event's time zone")),
  endTime: Type.Optional(Time("End, HH:MM in the event's time zone")),
  capacity: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100_000, description: "Places; the room's when empty" }),
  ),
  countsForCredit: StringEnum(["yes", "no"] as const, {
    description: "Whether attending it counts towards CE credit",
  }),
  creditHours: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 24,
      multipleOf: 0.25,
      description: "CE hours; from its length when empty",
    }),
  ),
  presenters: Type.Optional(
    MultiLine({
      maxLength: 3000,
      description: "One presenter per line: name; organisation; email of their account (optional)",
    }),
  ),
});
export type SessionInput = Static<typeof SessionFields>;

export const AgendaFields = Type.Object({
  sessionId: Uuid("A session of the event's program"),
});

export const ProgramFilterQuery = Type.Object({
  day: Type.Optional(Type.String({ format: "date", description: "One day of the event (YYYY-MM-DD)" })),
  track: Type.Optional(Uuid("A track of the event")),
  format: Type.Optional(StringEnum(SESSION_FORMATS)),
  mode: Type.Optional(StringEnum(SESSION_MODES)),
  language: Type.Optional(StringEnum(SESSION_LANGUAGES)),
});
export type ProgramFilters = Static<typeof ProgramFilterQuery>;

export const EventSlugParams = Type.Object({ eventSlug: Type.String({ minLength: 1, maxLength: 80 }) });
export const SessionParams = Type.Object({
  eventSlug: Type.String({ minLength: 1, maxLength: 80 }),
  sessionId: Uuid(),
});
export const RoomParams = Type.Object({
  eventSlug: Type.String({ minLength: 1, maxLength: 80 }),
  roomId: Uuid(),
});
export const FeedParams = Type.Object({
  eventSlug: Type.String({ minLength: 1, maxLength: 80 }),
  feedToken: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }),
});
