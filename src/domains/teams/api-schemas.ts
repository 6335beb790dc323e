import { Type } from "@sinclair/typebox";
import { STAKEHOLDER_ROLES } from "../../platform/auth/schema";
import { Email, IdParams, MultiLine, SingleLine, StringEnum, Uuid } from "../../platform/http/schemas";
import { TEAM_ROLES } from "./schema";

/** One schema per action: the API validates JSON with it and the pages validate forms with it. */

/*
 * Team role as a union of literals rather than the platform's StringEnum: StringEnum is a
 * TypeBox "Unsafe" type, which parseForm (TypeBox Value) cannot check ("Unknown type").
 */
const TeamRoleField = () =>
  Type.Union(
    TEAM_ROLES.map((r) => Type.Literal(r)),
    { description: "member or lead" },
  );

export const JoinRequestInput = Type.Object(
  {
    message: Type.Optional(
      MultiLine({
        maxLength: 2000,
        description: "Optional note to the team leads. Do not include any information about students.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const RoleInput = Type.Object({ role: TeamRoleField() }, { additionalProperties: false });

export const InvitationInput = Type.Object(
  { email: Email(), role: TeamRoleField() },
  { additionalProperties: false },
);

export const AcceptInvitationInput = Type.Object(
  { token: SingleLine({ maxLength: 100, description: "The secret from the invitation link" }) },
  { additionalProperties: false },
);

/** A page form that is only a button: its CSRF token is all it sends. */
export { ButtonForm } from "../../platform/http/forms";

export const OrgParams = IdParams;
export const OrgChildParams = Type.Object({ id: Uuid(), childId: Uuid() });

const DateTime = () => Type.String({ format: "date-time" });

export const JoinRequestSchema = Type.Object({
  id: Uuid(),
  organisationId: Uuid(),
  userId: Uuid(),
  message: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(["pending", "approved", "declined", "withdrawn"] as const),
  createdAt: DateTime(),
});

export const PendingRequestSchema = Type.Object({
  ...JoinRequestSchema.properties,
  name: Type.String(),
  email: Type.String(),
  stakeholderRole: StringEnum(STAKEHOLDER_ROLES),
});

export const MemberSchema = Type.Object({
  id: Uuid("Membership id"),
  userId: Uuid(),
  name: Type.String(),
  stakeholderRole: StringEnum(STAKEHOLDER_ROLES),
  role: StringEnum(TEAM_ROLES),
  joinedAt: DateTime(),
});

export const MembershipSchema = Type.Object({
  id: Uuid(),
  userId: Uuid(),
  organisationId: Uuid(),
  role: StringEnum(TEAM_ROLES),
  createdAt: DateTime(),
});

export const InvitationSchema = Type.Object({
  id: Uuid(),
  organisationId: Uuid(),
  email: Type.String(),
  role: StringEnum(TEAM_ROLES),
  status: StringEnum(["pending", "accepted", "revoked"] as const),
  expiresAt: DateTime(),
  createdAt: DateTime(),
});

export const listOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item) });
