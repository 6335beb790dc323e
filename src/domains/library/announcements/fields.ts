import { Type } from "@sinclair/typebox";
import { STAKEHOLDER_ROLES } from "../../../platform/auth/schema";
import { STATE_CODES } from "../../../platform/geo/states";
import { MultiLine, SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";

// One schema per action: the page's form and the API's JSON body are checked by the same one.

export const AnnouncementFields = Type.Object({
  titleEn: SingleLine({ maxLength: 200, description: "Title in English (the email's subject)" }),
  titleEs: Type.Optional(
    SingleLine({ maxLength: 200, description: "Title in Spanish, for members who read Spanish" }),
  ),
  bodyEn: MultiLine({ minLength: 1, maxLength: 20000, description: "Text in English (Markdown)" }),
  bodyEs: Type.Optional(
    MultiLine({ minLength: 1, maxLength: 20000, description: "Text in Spanish (Markdown)" }),
  ),
  stakeholderRoles: Type.Optional(
    Type.Array(StringEnum(STAKEHOLDER_ROLES), {
      maxItems: STAKEHOLDER_ROLES.length,
      description: "Only these stakeholder types (none: every type)",
    }),
  ),
  stateCodes: Type.Optional(
    Type.Array(StringEnum(STATE_CODES), {
      maxItems: STATE_CODES.length,
      description: "Only people in these states (none: every state; a state's team sends to its own)",
    }),
  ),
  communityIds: Type.Optional(
    Type.Array(Uuid(), {
      maxItems: 50,
      description: "Only members of these practice groups or communities (none: no such limit)",
    }),
  ),
});
export type AnnouncementInput = typeof AnnouncementFields.static;

export const SenderParams = Type.Object({ senderId: Uuid("The nation's or a state's id, or a community's") });
export const DraftParams = Type.Object({ draftId: Uuid() });
export const AnnouncementParams = Type.Object({ announcementId: Uuid() });
export const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 300 }) });
export const ArchiveQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
});
/** The one-click unsubscribe body (RFC 8058). */
export const OneClickFields = Type.Object({
  "List-Unsubscribe": Type.Optional(Type.Literal("One-Click")),
});
export const SettingsFields = Type.Object({
  announcements: StringEnum(["yes", "no"] as const, { description: "Receive announcement emails" }),
});

export const AnnouncementSummary = Type.Object({
  id: Type.String({ format: "uuid" }),
  title: Type.String(),
  sender: Type.String(),
  sentAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  communityOnly: Type.Boolean(),
  link: Type.String(),
});
export const AnnouncementDetail = Type.Object({
  ...AnnouncementSummary.properties,
  bodyMarkdown: Type.String(),
  bodyHtml: Type.String(),
  language: Type.String(),
  audience: Type.Object({
    stakeholderRoles: Type.Array(Type.String()),
    stateCodes: Type.Array(Type.String()),
    communities: Type.Array(Type.String()),
  }),
});
export const DraftDetail = Type.Object({
  id: Type.String({ format: "uuid" }),
  status: Type.String(),
  titleEn: Type.String(),
  titleEs: Type.Union([Type.String(), Type.Null()]),
  bodyEn: Type.String(),
  bodyEs: Type.Union([Type.String(), Type.Null()]),
  stakeholderRoles: Type.Array(Type.String()),
  stateCodes: Type.Array(Type.String()),
  communityIds: Type.Array(Type.String()),
  preview: Type.Object({
    recipients: Type.Integer({ description: "People the announcement would be emailed to now" }),
    inSpanish: Type.Integer({ description: "Of them, those who get the Spanish text" }),
    emails: Type.Array(
      Type.Object({
        language: Type.String(),
        subject: Type.String(),
        text: Type.String(),
        html: Type.String(),
      }),
    ),
  }),
});
