import { type Static, Type } from "@sinclair/typebox";
import { MultiLine, SingleLine, StringEnum } from "../../../platform/http/schemas";
import { CREDIT_PROFESSIONS, EVENT_KINDS, EVENT_MODES, EVENT_STATUSES } from "./schema";

/*
 * One schema per action, used by the HTML form and the JSON API alike (same field names). The
 * time zone is checked against the runtime's zone data by the service (a bad one is a 400).
 */

const SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$";
export const EventSlug = () => Type.String({ pattern: SLUG_PATTERN, minLength: 3, maxLength: 80 });
const Day = () => Type.String({ format: "date", maxLength: 10 });

export const EventFields = Type.Object({
  slug: Type.Optional(EventSlug()),
  kind: StringEnum(EVENT_KINDS),
  titleEn: SingleLine({ maxLength: 200 }),
  titleEs: Type.Optional(SingleLine({ maxLength: 200 })),
  summaryEn: Type.Optional(MultiLine({ maxLength: 4000 })),
  summaryEs: Type.Optional(MultiLine({ maxLength: 4000 })),
  startsOn: Day(),
  endsOn: Day(),
  timeZone: SingleLine({ maxLength: 64, description: "IANA time zone, e.g. America/New_York" }),
  mode: StringEnum(EVENT_MODES),
  venue: Type.Optional(SingleLine({ maxLength: 300 })),
  onlineUrl: Type.Optional(Type.String({ pattern: '^https://[^\\s<>"]+$', maxLength: 2000 })),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  ceActivityTitle: Type.Optional(SingleLine({ maxLength: 300 })),
});
export type EventFieldsInput = Static<typeof EventFields>;

/** The HTML form: the event's fields and its tracks as lines ("English | Español"). */
export const EventForm = Type.Object({
  ...EventFields.properties,
  tracks: Type.Optional(MultiLine({ maxLength: 10_000 })),
});
export type EventFormInput = Static<typeof EventForm>;

export const TrackFields = Type.Object({
  nameEn: SingleLine({ maxLength: 200 }),
  nameEs: Type.Optional(SingleLine({ maxLength: 200 })),
});
export const TracksBody = Type.Object({ tracks: Type.Array(TrackFields, { maxItems: 40 }) });

/** Creating through the API: the event's fields and, optionally, its tracks (else the practice groups). */
export const NewEventBody = Type.Object({
  ...EventFields.properties,
  tracks: Type.Optional(Type.Array(TrackFields, { maxItems: 40 })),
});

export const CreditTypeFields = Type.Object({
  profession: StringEnum(CREDIT_PROFESSIONS),
  label: SingleLine({ maxLength: 200 }),
  providerName: SingleLine({ maxLength: 300 }),
  approvalStatement: MultiLine({ minLength: 1, maxLength: 2000 }),
  retentionYears: Type.Integer({ minimum: 1, maximum: 50, default: 6 }),
});
export type CreditTypeFieldsInput = Static<typeof CreditTypeFields>;

export const WHENS = ["upcoming", "past"] as const;
/** The list's filters (GET parameters, so they work without JavaScript). */
export const EventsQuery = Type.Object({
  kind: Type.Optional(StringEnum(EVENT_KINDS)),
  mode: Type.Optional(StringEnum(EVENT_MODES)),
  /** A state's two-letter code, or "national". */
  state: Type.Optional(Type.String({ pattern: "^([A-Z]{2}|national)$" })),
});
export const EventsApiQuery = Type.Object({
  ...EventsQuery.properties,
  when: Type.Optional(StringEnum(WHENS)),
  status: Type.Optional(StringEnum(EVENT_STATUSES)),
});

export const EventParams = Type.Object({ eventSlug: Type.String({ maxLength: 100 }) });
export const OrganiserParams = Type.Object({ organiserId: Type.String({ format: "uuid" }) });
export const CreditTypeParams = Type.Object({
  eventSlug: Type.String({ maxLength: 100 }),
  creditTypeId: Type.String({ format: "uuid" }),
});

// --- Responses ------------------------------------------------------------------------------------

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const EventSummaryResponse = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  title: Type.Object({ en: Type.String(), es: Nullable(Type.String()) }),
  summary: Type.Object({ en: Type.String(), es: Nullable(Type.String()) }),
  startsOn: Type.String(),
  endsOn: Type.String(),
  timeZone: Type.String(),
  mode: Type.String(),
  venue: Nullable(Type.String()),
  organiser: Type.Object({
    id: Type.String(),
    name: Type.String(),
    kind: Type.String(),
    stateCode: Nullable(Type.String()),
  }),
  links: Type.Object({ page: Type.String() }),
});

export const EventListResponse = Type.Object({ items: Type.Array(EventSummaryResponse) });

export const TrackResponse = Type.Object({
  id: Type.String(),
  nameEn: Type.String(),
  nameEs: Nullable(Type.String()),
  communityId: Nullable(Type.String()),
  position: Type.Integer(),
});

export const CreditTypeResponse = Type.Object({
  id: Type.String(),
  profession: Type.String(),
  label: Type.String(),
  providerName: Type.String(),
  approvalStatement: Type.String(),
  retentionYears: Type.Integer(),
});

export const EventResponse = Type.Object({
  ...EventSummaryResponse.properties,
  onlineUrl: Nullable(Type.String()),
  capacity: Type.Union([Type.Integer(), Type.Null()]),
  ceActivityTitle: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  tracks: Type.Array(TrackResponse),
  creditTypes: Type.Array(CreditTypeResponse),
});
