import { type Static, Type } from "@sinclair/typebox";
import { STAKEHOLDER_ROLES, SYSTEM_ROLES } from "../../platform/auth/schema";
import { Email, SingleLine, StringEnum, Uuid } from "../../platform/http/schemas";

/**
 * One schema per admin action: the API validates with it and the HTML forms parse with it,
 * so both reject the same input with the same rules.
 */
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
};

export const SystemRoleSchema = StringEnum(SYSTEM_ROLES, { description: "System role" });
export const StakeholderRoleSchema = StringEnum(STAKEHOLDER_ROLES, { description: "Stakeholder role" });

export const UsersQuery = Type.Object({
  q: Type.Optional(SingleLine({ maxLength: 200, description: "Part of a name or email address" })),
  systemRole: Type.Optional(SystemRoleSchema),
  stakeholderRole: Type.Optional(StakeholderRoleSchema),
  ...Paging,
});
export type UsersQuery = Static<typeof UsersQuery>;

/** A change to an account: its system role, or whether it may sign in. */
export const UpdateUserBody = Type.Object(
  {
    systemRole: Type.Optional(SystemRoleSchema),
    disabled: Type.Optional(Type.Boolean({ description: "true disables the account and ends its sessions" })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const OutboxQuery = Type.Object({
  to: Type.Optional(Email()),
  ...Paging,
});
export type OutboxQuery = Static<typeof OutboxQuery>;

const DateOnly = (description: string) => Type.String({ format: "date", maxLength: 10, description });

export const AuditQuery = Type.Object({
  entityType: Type.Optional(SingleLine({ maxLength: 100, description: "e.g. user, organisation" })),
  action: Type.Optional(SingleLine({ maxLength: 100, description: "e.g. user.update" })),
  actorEmail: Type.Optional(Email()),
  from: Type.Optional(DateOnly("First day, YYYY-MM-DD (UTC)")),
  to: Type.Optional(DateOnly("Last day, YYYY-MM-DD (UTC)")),
  ...Paging,
});
export type AuditQuery = Static<typeof AuditQuery>;

/** A page form that is only a button: its CSRF token is all it sends. */
export { ButtonForm } from "../../platform/http/forms";

export const JobIdParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

// ---- Responses ----

const Pagination = {
  page: Type.Integer(),
  perPage: Type.Integer(),
  total: Type.Integer(),
};

const Timestamp = (description?: string) => Type.String({ format: "date-time", description });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const UserSummarySchema = Type.Object({
  id: Uuid(),
  name: Type.String(),
  email: Type.String(),
  systemRole: Type.String(),
  stakeholderRole: Type.String(),
  stateCode: Nullable(Type.String()),
  emailVerified: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Timestamp(),
});

export const UserListResponse = Type.Object({ items: Type.Array(UserSummarySchema), ...Pagination });

export const UserDetailResponse = Type.Composite([
  UserSummarySchema,
  Type.Object({
    emailVerifiedAt: Nullable(Timestamp()),
    disabledAt: Nullable(Timestamp()),
    memberships: Type.Array(
      Type.Object({
        organisationId: Uuid(),
        organisationName: Type.String(),
        organisationKind: Type.String(),
        stateCode: Nullable(Type.String()),
        role: Type.String(),
        since: Timestamp(),
      }),
    ),
  }),
]);

const OutboxSummarySchema = Type.Object({
  id: Uuid(),
  to: Type.String(),
  subject: Type.String(),
  status: Type.String(),
  createdAt: Timestamp(),
  sentAt: Nullable(Timestamp()),
});

export const OutboxListResponse = Type.Object({ items: Type.Array(OutboxSummarySchema), ...Pagination });

export const OutboxMessageResponse = Type.Composite([
  OutboxSummarySchema,
  Type.Object({
    text: Type.String({ description: "Plain-text body" }),
    links: Type.Array(Type.String(), { description: "Web addresses found in the body, in order" }),
  }),
]);

export const AuditListResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      at: Timestamp(),
      actorId: Nullable(Uuid()),
      actorEmail: Nullable(Type.String()),
      action: Type.String(),
      entityType: Type.String(),
      entityId: Type.String(),
      scopeId: Nullable(Uuid()),
      before: Type.Unknown(),
      after: Type.Unknown(),
      changes: Type.Array(
        Type.Object(
          { key: Type.String(), before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) },
          { description: "Keys whose value differs; a key missing on one side was added or removed" },
        ),
      ),
    }),
  ),
  ...Pagination,
});

export const JobsResponse = Type.Object({
  counts: Type.Array(Type.Object({ kind: Type.String(), status: Type.String(), count: Type.Integer() })),
  failed: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      attempts: Type.Integer(),
      lastError: Nullable(Type.String()),
      createdAt: Timestamp(),
    }),
  ),
});

export const JobRetryResponse = Type.Object({ id: Type.Integer(), status: Type.String() });

export const ResendVerificationResponse = Type.Object({ queued: Type.Boolean() });
