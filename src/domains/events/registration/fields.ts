import { Type } from "@sinclair/typebox";
import { STAKEHOLDER_ROLES } from "../../../platform/auth/schema";
import { SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import { REGISTRATION_STATUSES, TICKET_MODES } from "./schema";

// One schema per action: each page's form and its /api/v1 twin are checked by the same one.

export const RegisterFields = Type.Object({
  ticketTypeId: Uuid("The ticket type chosen (one offered to the person's stakeholder type)"),
  accessibility: Type.Optional(
    SingleLine({ maxLength: 500, description: "Accessibility needs (organisers only)" }),
  ),
  dietary: Type.Optional(SingleLine({ maxLength: 500, description: "Dietary needs (organisers only)" })),
  answers: Type.Optional(
    Type.Array(Type.String({ format: "single-line", maxLength: 500 }), {
      maxItems: 20,
      description: "Answers to the event's own questions, in their order (organisers only)",
    }),
  ),
  certificateName: Type.Optional(
    SingleLine({ maxLength: 200, description: "Name as printed on a CE certificate" }),
  ),
  licenceNumber: Type.Optional(SingleLine({ maxLength: 60, description: "Licence number for CE credit" })),
  creditTypeId: Type.Optional(
    Uuid(
      "The CE credit type the person will claim (one the event offers; changeable on the certificate page)",
    ),
  ),
});
export type RegisterInput = typeof RegisterFields.static;

export const SessionCodeFields = Type.Object({
  sessionId: Uuid("The online session attended"),
  code: SingleLine({ maxLength: 40, description: "The code announced during the session" }),
});

export const CheckInFields = Type.Object({
  code: SingleLine({
    minLength: 4,
    maxLength: 40,
    description: "The attendee's check-in code (typed or scanned)",
  }),
  sessionId: Type.Optional(Uuid("A session: check in to this session's room instead of the event's door")),
});

export const CheckInQuery = Type.Object({ sessionId: Type.Optional(Uuid()) });

export const TicketTypeFields = Type.Object({
  nameEn: SingleLine({ maxLength: 120, description: "Name in English" }),
  nameEs: Type.Optional(SingleLine({ maxLength: 120, description: "Name in Spanish" })),
  mode: StringEnum(TICKET_MODES, { description: "How the ticket holder takes part" }),
  priceDollars: Type.Integer({ minimum: 0, maximum: 10000, description: "Price in US dollars (0: free)" }),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: "Places of this type" })),
  stakeholderRoles: Type.Optional(
    Type.Array(StringEnum(STAKEHOLDER_ROLES), {
      maxItems: STAKEHOLDER_ROLES.length,
      description: "Offered only to these stakeholder types (none: everyone)",
    }),
  ),
});

export const QuestionFields = Type.Object({
  labelEn: SingleLine({ maxLength: 200, description: "Question in English" }),
  labelEs: Type.Optional(SingleLine({ maxLength: 200, description: "Question in Spanish" })),
});

export const CorrectionFields = Type.Object({
  sessionId: Uuid("The session"),
  registrationId: Uuid("The registration corrected"),
  present: StringEnum(["yes", "no"] as const, { description: "Attended (yes) or not (no)" }),
  reason: SingleLine({ minLength: 3, maxLength: 500, description: "Why (kept in the audit trail)" }),
});

export const RegistrationsQuery = Type.Object({
  status: Type.Optional(StringEnum(REGISTRATION_STATUSES)),
  ticketTypeId: Type.Optional(Uuid()),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
});

export const AttendanceQuery = Type.Object({
  sessionId: Type.Optional(Uuid()),
  /** Finds the person to correct: part of a name or email, or a check-in code. */
  q: Type.Optional(
    SingleLine({ minLength: 0, maxLength: 100, description: "Part of a name or email, or a check-in code" }),
  ),
  /** The person chosen from what the search found. */
  registrationId: Type.Optional(Uuid()),
});
export const TicketTypeParams = Type.Object({
  eventSlug: Type.String({ maxLength: 80 }),
  ticketTypeId: Uuid(),
});
export const RegistrationParams = Type.Object({
  eventSlug: Type.String({ maxLength: 80 }),
  registrationId: Uuid(),
});
export const EventParams = Type.Object({ eventSlug: Type.String({ maxLength: 80 }) });
