import { type TSchema, Type } from "@sinclair/typebox";
import { STATE_CODES } from "../../platform/geo/states";
import { MultiLine, SingleLine, StringEnum, Uuid } from "../../platform/http/schemas";
import { describeLocale } from "./labels";
import { GRADES, LOCALE_CODES } from "./labels";
import { IMPORT_STATUSES, ORG_KINDS } from "./schema";
import type { Organisation } from "./service";

/**
 * The directory's request and response shapes. Each input schema is used by the JSON API and by
 * the matching HTML form (through parseForm), so both accept and refuse the same things.
 */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Kinds an administrator may create; the nation and the states are reference data. */
export const ADMIN_KINDS = ["district", "school", "partner", "state_initiative"] as const;

export const NcesId = () =>
  Type.String({
    pattern: "^(\\d{7}|\\d{12})$",
    description: "7 digits for a district (LEAID), 12 for a school (NCESSCH)",
  });

export const OrganisationInput = Type.Object(
  {
    kind: StringEnum(ADMIN_KINDS),
    name: SingleLine({ maxLength: 200 }),
    parentId: Type.Optional(Uuid("The organisation above: a district for a school, a state for a district")),
    stateCode: Type.Optional(StringEnum(STATE_CODES, { description: "USPS code" })),
    ncesId: Type.Optional(NcesId()),
    address: Type.Optional(SingleLine({ maxLength: 200 })),
    city: Type.Optional(SingleLine({ maxLength: 100 })),
    zip: Type.Optional(Type.String({ pattern: "^\\d{5}(-\\d{4})?$", description: "ZIP or ZIP+4" })),
    gradeLow: Type.Optional(StringEnum(GRADES)),
    gradeHigh: Type.Optional(StringEnum(GRADES)),
    locale: Type.Optional(StringEnum(LOCALE_CODES, { description: "NCES urban-centric locale code" })),
    enrollment: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    website: Type.Optional(Type.String({ format: "single-line", pattern: "^https?://", maxLength: 500 })),
    description: Type.Optional(MultiLine({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type OrganisationInputValue = (typeof OrganisationInput)["static"];

/** A change to some fields; null clears an optional field. */
export const OrganisationPatch = Type.Object(
  {
    kind: Type.Optional(StringEnum(ADMIN_KINDS)),
    name: Type.Optional(SingleLine({ maxLength: 200 })),
    parentId: Type.Optional(Nullable(Uuid())),
    stateCode: Type.Optional(Nullable(StringEnum(STATE_CODES))),
    ncesId: Type.Optional(Nullable(NcesId())),
    address: Type.Optional(Nullable(SingleLine({ maxLength: 200 }))),
    city: Type.Optional(Nullable(SingleLine({ maxLength: 100 }))),
    zip: Type.Optional(Nullable(Type.String({ pattern: "^\\d{5}(-\\d{4})?$" }))),
    gradeLow: Type.Optional(Nullable(StringEnum(GRADES))),
    gradeHigh: Type.Optional(Nullable(StringEnum(GRADES))),
    locale: Type.Optional(Nullable(StringEnum(LOCALE_CODES))),
    enrollment: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100000 }))),
    website: Type.Optional(
      Nullable(Type.String({ format: "single-line", pattern: "^https?://", maxLength: 500 })),
    ),
    description: Type.Optional(Nullable(MultiLine({ maxLength: 2000 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OrganisationPatchValue = (typeof OrganisationPatch)["static"];

export const OrganisationOut = Type.Object({
  id: Type.String({ format: "uuid" }),
  kind: StringEnum(ORG_KINDS),
  name: Type.String(),
  parentId: Nullable(Type.String()),
  ancestorIds: Type.Array(Type.String()),
  stateCode: Nullable(Type.String()),
  ncesId: Nullable(Type.String()),
  address: Nullable(Type.String()),
  city: Nullable(Type.String()),
  zip: Nullable(Type.String()),
  gradeLow: Nullable(Type.String()),
  gradeHigh: Nullable(Type.String()),
  locale: Nullable(Type.String()),
  localeDescription: Nullable(Type.String()),
  enrollment: Nullable(Type.Integer()),
  website: Nullable(Type.String()),
  description: Nullable(Type.String()),
  isDemo: Type.Boolean(),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});

/** The one place an organisation row becomes its API shape. */
export function presentOrganisation(org: Organisation) {
  return {
    id: org.id,
    kind: org.kind,
    name: org.name,
    parentId: org.parentId,
    ancestorIds: org.ancestorIds,
    stateCode: org.stateCode,
    ncesId: org.ncesId,
    address: org.address,
    city: org.city,
    zip: org.zip,
    gradeLow: org.gradeLow,
    gradeHigh: org.gradeHigh,
    locale: org.locale,
    localeDescription: org.locale ? describeLocale(org.locale, "en") : null,
    enrollment: org.enrollment,
    website: org.website,
    description: org.description,
    isDemo: org.isDemo,
    createdAt: new Date(org.createdAt).toISOString(),
    updatedAt: new Date(org.updatedAt).toISOString(),
  };
}

export const pagedOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    perPage: Type.Integer(),
    total: Type.Integer(),
  });

export const OrganisationListQuery = Type.Object(
  {
    kind: Type.Optional(StringEnum(ORG_KINDS)),
    state: Type.Optional(StringEnum(STATE_CODES)),
    q: Type.Optional(SingleLine({ minLength: 0, maxLength: 100 })),
    parentId: Type.Optional(Uuid()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
  },
  { additionalProperties: false },
);

/** What a link to the "new organisation" form may fill in ahead. */
export const OrganisationPrefill = Type.Object({
  kind: Type.Optional(StringEnum(ADMIN_KINDS)),
  parentId: Type.Optional(Uuid()),
  stateCode: Type.Optional(StringEnum(STATE_CODES)),
});

export const StateSummaryOut = Type.Object({
  code: Type.String(),
  name: Type.String(),
  fips: Type.String(),
  territory: Type.Boolean(),
  id: Nullable(Type.String()),
  districts: Type.Integer(),
  schools: Type.Integer(),
});

export const StateCodeParams = Type.Object({ code: Type.String({ pattern: "^[A-Za-z]{2}$" }) });

/** The search form of the directory (GET): the same rules for the page and its links. */
export const SchoolSearchQuery = Type.Object({
  q: Type.Optional(SingleLine({ minLength: 0, maxLength: 100 })),
  state: Type.Optional(StringEnum(STATE_CODES)),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
});

export const ImportErrorOut = Type.Object({
  line: Type.Integer(),
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
  value: Nullable(Type.String()),
});

export const ImportOut = Type.Object({
  id: Type.String({ format: "uuid" }),
  status: StringEnum(IMPORT_STATUSES),
  fileName: Type.String(),
  fileBytes: Type.Integer(),
  bytesRead: Type.Integer(),
  rowsSeen: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer(),
  districtsInserted: Type.Integer(),
  districtsUpdated: Type.Integer(),
  errorMessage: Nullable(Type.String()),
  createdAt: Type.String({ format: "date-time" }),
  startedAt: Nullable(Type.String({ format: "date-time" })),
  finishedAt: Nullable(Type.String({ format: "date-time" })),
  errors: Type.Array(ImportErrorOut),
  errorsTotal: Type.Integer(),
});
