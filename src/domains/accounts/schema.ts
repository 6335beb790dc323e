import { Type } from "@sinclair/typebox";
import { STAKEHOLDER_ROLES } from "../../platform/auth/schema";
import { STATE_CODES } from "../../platform/geo/states";
import { Email, Password, SingleLine, StringEnum } from "../../platform/http/schemas";
import { LOCALES } from "../../platform/i18n";

/**
 * One schema per action. Each validates both the HTML form (through parseForm) and the JSON
 * body of the API route, so a form and the API accept exactly the same input.
 */
const Name = () => SingleLine({ maxLength: 120, description: "Full name" });

const StateCode = () => StringEnum(STATE_CODES, { description: "USPS code of a state, DC or territory" });
const Role = () => StringEnum(STAKEHOLDER_ROLES, { description: "Which best describes the person" });
/** A password being typed to prove who you are: any length, so old rules never lock anyone out. */
const CurrentPassword = () => Type.String({ minLength: 1, maxLength: 256 });
/** A single-use token from an emailed link. */
export const EmailLinkToken = () =>
  Type.String({ pattern: "^[A-Za-z0-9_-]{20,100}$", description: "Token from the emailed link" });

export const RegisterBody = Type.Object(
  { name: Name(), email: Email(), password: Password(), stateCode: StateCode(), stakeholderRole: Role() },
  { additionalProperties: false },
);

export const SignInBody = Type.Object(
  { email: Email(), password: CurrentPassword() },
  { additionalProperties: false },
);

export const ForgotPasswordBody = Type.Object({ email: Email() }, { additionalProperties: false });

export const ResetPasswordForm = Type.Object({ password: Password() }, { additionalProperties: false });
export const ResetPasswordBody = Type.Object(
  { token: EmailLinkToken(), password: Password() },
  { additionalProperties: false },
);

export const VerifyEmailBody = Type.Object({ token: EmailLinkToken() }, { additionalProperties: false });

/** The language pages, notifications and emails are written in for this person. */
export const AccountLocale = () =>
  StringEnum(LOCALES, { description: "Language of pages, notifications and emails" });

export const ProfileForm = Type.Object(
  { name: Name(), stateCode: StateCode(), stakeholderRole: Role(), locale: AccountLocale() },
  { additionalProperties: false },
);
export const ProfilePatch = Type.Partial(ProfileForm, { additionalProperties: false, minProperties: 1 });

export const ChangePasswordBody = Type.Object(
  { currentPassword: CurrentPassword(), newPassword: Password() },
  { additionalProperties: false },
);

export const ChangeEmailBody = Type.Object(
  { newEmail: Email(), currentPassword: CurrentPassword() },
  { additionalProperties: false },
);

export const ConfirmEmailChangeBody = Type.Object(
  { token: EmailLinkToken() },
  { additionalProperties: false },
);

export const CreateTokenBody = Type.Object(
  { name: SingleLine({ maxLength: 80, description: "A name to recognise the token by" }) },
  { additionalProperties: false },
);

export const SessionParams = Type.Object({ id: Type.String({ pattern: "^[0-9a-f]{64}$" }) });

export const CreateFeedTokenBody = Type.Object(
  {
    purpose: Type.Optional(
      Type.Literal("calendar", {
        default: "calendar",
        description: "What the link is for (today only calendars)",
      }),
    ),
  },
  { additionalProperties: false },
);

// --- Pages: what the browser sends --------------------------------------------------------
// Loose on purpose: the handlers check these themselves, so a bad value gets the form (or the
// "this link does not work" page) in the person's language rather than a bare 400.

/** `?next=` on pages that send the person on afterwards (checked by safeNextPath). */
export const NextQuery = Type.Object({ next: Type.Optional(Type.String()) });
/** A token from an emailed link, in the path. */
export const LinkTokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
/** The id of one of the person's own rows (session, token, feed link), in the path. */
export const OwnRowParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
/** A form with only a button (and perhaps where to go next). */
export const ButtonForm = Type.Object({ next: Type.Optional(Type.String()) });

const Timestamp = () => Type.String({ format: "date-time" });
const NullableTimestamp = () => Type.Union([Timestamp(), Type.Null()]);

export const AccountView = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  email: Type.String(),
  stateCode: Type.Union([Type.String(), Type.Null()]),
  stakeholderRole: Type.String(),
  systemRole: Type.String(),
  locale: Type.String(),
  emailVerified: Type.Boolean(),
  createdAt: Timestamp(),
});

export const SessionView = Type.Object({
  id: Type.String(),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp(),
  lastSeenAt: Timestamp(),
  expiresAt: Timestamp(),
  current: Type.Boolean(),
});

export const TokenView = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Timestamp(),
  lastUsedAt: NullableTimestamp(),
});

export const CreatedTokenView = Type.Composite([
  TokenView,
  Type.Object({ secret: Type.String({ description: "Shown only in this response" }) }),
]);

export const MembershipView = Type.Object({
  membershipId: Type.String(),
  organisationId: Type.String(),
  organisationName: Type.String(),
  organisationKind: Type.String(),
  stateCode: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  since: Timestamp(),
});

export const FeedTokenView = Type.Object({
  id: Type.String({ format: "uuid" }),
  purpose: Type.String(),
  prefix: Type.String({ description: "The first characters of the link's token" }),
  createdAt: Timestamp(),
  lastUsedAt: NullableTimestamp(),
});

export const CreatedFeedTokenView = Type.Composite([
  FeedTokenView,
  Type.Object({ url: Type.String({ description: "The feed's address: shown only in this response" }) }),
]);

export const AcceptedView = Type.Object({ status: Type.String(), detail: Type.String() });
