import { Type } from "@sinclair/typebox";
import { STATE_CODES } from "../../platform/geo/states";
import { Email, MultiLine, SingleLine, StringEnum, Uuid } from "../../platform/http/schemas";
import {
  COMMUNITY_KINDS,
  COMMUNITY_LEVELS,
  COMMUNITY_ROLES,
  COMMUNITY_TOPICS,
  EMAIL_FREQUENCIES,
  JOIN_POLICIES,
  VISIBILITIES,
  WATCH_LEVELS,
} from "./schema";
import { AGENDA_PRIORITIES, AGENDA_STATUSES, RSVP_RESPONSES } from "./agenda/schema";

/** One TypeBox schema per action: the API validates JSON with it, the pages validate forms with it. */
export const Slug = () => Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$", maxLength: 80 });
export const SlugParams = Type.Object({ slug: Slug() });
export const TopicParams = Type.Object({ slug: Slug(), topicId: Uuid() });
export const PostParams = Type.Object({ postId: Uuid() });
export const TokenParams = Type.Object({
  token: Type.String({ minLength: 10, maxLength: 300, pattern: "^[A-Za-z0-9._:-]+$" }),
});

export const TopicIdParams = Type.Object({ topicId: Uuid() });
export const PageNumber = () => Type.Integer({ minimum: 1, maximum: 100000, default: 1 });
export const TopicPageQuery = Type.Object({
  page: Type.Optional(PageNumber()),
  quote: Type.Optional(Uuid()),
});
export const PageOnlyQuery = Type.Object({ page: Type.Optional(PageNumber()) });
export const ReachQuery = Type.Object({ format: Type.Optional(StringEnum(["csv"] as const)) });
export const LikeForm = Type.Object({ liked: Type.Optional(StringEnum(["true", "false"] as const)) });
/** RFC 8058: a mail client's one-click unsubscribe posts `List-Unsubscribe=One-Click`. */
export const UnsubscribeForm = Type.Object({
  "List-Unsubscribe": Type.Optional(StringEnum(["One-Click"] as const)),
});

export const CommunityFilterQuery = Type.Object({
  kind: Type.Optional(StringEnum(COMMUNITY_KINDS)),
  level: Type.Optional(StringEnum(COMMUNITY_LEVELS)),
  state: Type.Optional(StringEnum(STATE_CODES)),
  topic: Type.Optional(StringEnum(COMMUNITY_TOPICS)),
  q: Type.Optional(SingleLine({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1 })),
});

export const JoinInput = Type.Object({ message: Type.Optional(MultiLine({ maxLength: 1000 })) });
export const WatchInput = Type.Object({ watch: StringEnum(WATCH_LEVELS) });
export const TopicWatchInput = Type.Object({ level: StringEnum(["following", "normal", "muted"] as const) });

export const TopicInput = Type.Object({
  title: SingleLine({ minLength: 3, maxLength: 200 }),
  body: MultiLine({ minLength: 1, maxLength: 20000 }),
});
export const ReplyInput = Type.Object({
  body: MultiLine({ minLength: 1, maxLength: 20000 }),
  quotedPostId: Type.Optional(Uuid()),
});
export const EditInput = Type.Object({ body: MultiLine({ minLength: 1, maxLength: 20000 }) });
export const FlagInput = Type.Object({ reason: SingleLine({ minLength: 3, maxLength: 500 }) });
export const ModerationInput = Type.Object({
  decision: StringEnum(["approve", "hide", "restore", "dismiss"] as const),
  reason: SingleLine({ minLength: 3, maxLength: 500 }),
});
export const TopicLeadInput = Type.Object({
  pinned: Type.Optional(Type.Boolean()),
  closed: Type.Optional(Type.Boolean()),
  moveToCommunityId: Type.Optional(Uuid()),
});
export const DecideRequestInput = Type.Object({
  requestId: Uuid(),
  decision: StringEnum(["approve", "decline"] as const),
});
export const InviteInput = Type.Object({ email: Email(), role: StringEnum(COMMUNITY_ROLES) });
export const EmailSettingsInput = Type.Object({ frequency: StringEnum(EMAIL_FREQUENCIES) });
export const MarkReadInput = Type.Object({ ids: Type.Optional(Type.Array(Uuid(), { maxItems: 200 })) });

export const SearchQuery = Type.Object({
  q: SingleLine({ minLength: 2, maxLength: 200 }),
  community: Type.Optional(Slug()),
  from: Type.Optional(Type.String({ format: "date" })),
  to: Type.Optional(Type.String({ format: "date" })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
});

export const NewCommunityInput = Type.Object({
  slug: Slug(),
  kind: StringEnum(COMMUNITY_KINDS),
  level: StringEnum(COMMUNITY_LEVELS),
  stateCode: Type.Optional(StringEnum(STATE_CODES)),
  nameEn: SingleLine({ maxLength: 200 }),
  nameEs: SingleLine({ maxLength: 200 }),
  purposeEn: MultiLine({ minLength: 1, maxLength: 2000 }),
  purposeEs: MultiLine({ minLength: 1, maxLength: 2000 }),
  visibility: Type.Optional(StringEnum(VISIBILITIES)),
  joinPolicy: Type.Optional(StringEnum(JOIN_POLICIES)),
  topics: Type.Optional(Type.Array(StringEnum(COMMUNITY_TOPICS), { maxItems: 10 })),
});

// --- Responses -------------------------------------------------------------------------------

const Localised = Type.Object({ en: Type.String(), es: Type.String() });
export const CommunitySummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  kind: Type.String(),
  level: Type.String(),
  stateCode: Type.Union([Type.String(), Type.Null()]),
  name: Localised,
  purpose: Localised,
  visibility: Type.String(),
  joinPolicy: Type.String(),
  topics: Type.Array(Type.String()),
  memberCount: Type.Integer(),
  viewerRole: Type.Union([Type.String(), Type.Null()]),
});
export const CommunityList = Type.Object({
  items: Type.Array(CommunitySummary),
  total: Type.Integer(),
  page: Type.Integer(),
});
export const Person = Type.Object({
  id: Type.String(),
  name: Type.String(),
  handle: Type.Union([Type.String(), Type.Null()]),
  stakeholderRole: Type.String(),
});
export const CommunityDetail = Type.Object({
  ...CommunitySummary.properties,
  leads: Type.Array(Person),
  membersByStakeholder: Type.Array(Type.Object({ stakeholderRole: Type.String(), n: Type.Integer() })),
});
export const TopicSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  pinned: Type.Boolean(),
  closed: Type.Boolean(),
  replyCount: Type.Integer(),
  lastPostAt: Type.String({ format: "date-time" }),
  authorName: Type.String(),
  unread: Type.Boolean(),
});
export const PostResponse = Type.Object({
  id: Type.String(),
  authorId: Type.String(),
  authorName: Type.String(),
  bodyHtml: Type.String(),
  bodyMarkdown: Type.String(),
  status: Type.String(),
  likeCount: Type.Integer(),
  createdAt: Type.String({ format: "date-time" }),
  editedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});
export const NotificationResponse = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  summary: Type.String(),
  link: Type.String(),
  read: Type.Boolean(),
  createdAt: Type.String({ format: "date-time" }),
});

// --- Agenda, meetings, people ------------------------------------------------------------------

export const AgendaInput = Type.Object({
  title: SingleLine({ minLength: 3, maxLength: 200 }),
  description: Type.Optional(MultiLine({ maxLength: 2000 })),
  priority: StringEnum(AGENDA_PRIORITIES),
  status: StringEnum(AGENDA_STATUSES),
  ownerId: Type.Optional(Uuid()),
  topicIds: Type.Optional(Type.Array(Uuid(), { maxItems: 20 })),
});
export const AgendaParams = Type.Object({ slug: Slug(), itemId: Uuid() });
export const AgendaFilterQuery = Type.Object({
  community: Type.Optional(Slug()),
  status: Type.Optional(StringEnum(AGENDA_STATUSES)),
  priority: Type.Optional(StringEnum(AGENDA_PRIORITIES)),
});

export const MeetingInput = Type.Object({
  title: SingleLine({ minLength: 3, maxLength: 200 }),
  startsAt: Type.String({
    pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$",
    maxLength: 16,
    description: "Local date and time, e.g. 2026-03-10T15:00",
  }),
  timeZone: Type.String({
    pattern: "^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$",
    maxLength: 64,
    description: "IANA time zone, e.g. America/Chicago",
  }),
  durationMinutes: Type.Integer({ minimum: 5, maximum: 720 }),
  onlineUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s<>"]+$', maxLength: 500 })),
  place: Type.Optional(SingleLine({ maxLength: 300 })),
  agenda: Type.Optional(MultiLine({ maxLength: 5000 })),
});
export const MeetingParams = Type.Object({ slug: Slug(), meetingId: Uuid() });
export const RsvpInput = Type.Object({ response: StringEnum(RSVP_RESPONSES) });
export const CalendarParams = Type.Object({
  // A feed token (platform/auth/feed-tokens.ts), usually ending in .ics for calendar apps.
  token: Type.String({ minLength: 10, maxLength: 300, pattern: "^[A-Za-z0-9._:-]+$" }),
});

export const PRIVACY_FLAGS = ["showEmail", "showState", "showOrganisation", "showCommunities"] as const;
export const ProfileForm = Type.Object({
  organisation: Type.Optional(SingleLine({ maxLength: 200 })),
  bio: Type.Optional(MultiLine({ maxLength: 1000 })),
  privacy: Type.Optional(Type.Array(StringEnum(PRIVACY_FLAGS), { maxItems: 4 })),
});
export const ProfileInput = Type.Object({
  organisation: Type.Optional(SingleLine({ maxLength: 200 })),
  bio: Type.Optional(MultiLine({ maxLength: 1000 })),
  showEmail: Type.Optional(Type.Boolean()),
  showState: Type.Optional(Type.Boolean()),
  showOrganisation: Type.Optional(Type.Boolean()),
  showCommunities: Type.Optional(Type.Boolean()),
});
export const HandleParams = Type.Object({
  handle: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{1,60}[a-z0-9]$", maxLength: 62 }),
});

/** A member of a community, named by their user id (leads removing a member). */
export const MemberParams = Type.Object({ slug: Slug(), userId: Uuid() });
/** Why a lead removes a member: told to the member and kept in the audit trail. */
export const RemoveMemberInput = Type.Object({ reason: MultiLine({ minLength: 3, maxLength: 1000 }) });
