import { type Static, Type } from "@sinclair/typebox";
import { STAKEHOLDER_ROLES } from "../../../platform/auth/schema";
import { MultiLine, SingleLine, StringEnum } from "../../../platform/http/schemas";
import { RESOURCE_LANGUAGES, RESOURCE_STATUSES, RESOURCE_TYPES } from "./schema";

/*
 * One schema per action, used by the HTML form and the JSON API alike (the form's fields are
 * the same names; list fields come as repeated form fields).
 */

/** The quality assessment's seven domains (src/seed/instruments/quality.ts), as resources are tagged. */
export const DOMAIN_KEYS = [
  "teaming",
  "needs",
  "screening",
  "promotion",
  "intervention",
  "funding",
  "impact",
] as const;
export type DomainKey = (typeof DOMAIN_KEYS)[number];

const SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$";
export const Slug = () => Type.String({ pattern: SLUG_PATTERN, minLength: 3, maxLength: 80 });

const ListOf = <T extends ReturnType<typeof StringEnum>>(item: T) =>
  Type.Array(item, { maxItems: 20, uniqueItems: true });

export const ResourceFields = Type.Object({
  title: SingleLine({ maxLength: 200 }),
  slug: Type.Optional(Slug()),
  type: StringEnum(RESOURCE_TYPES),
  language: StringEnum(RESOURCE_LANGUAGES),
  summary: MultiLine({ minLength: 1, maxLength: 4000 }),
  body: Type.Optional(MultiLine({ maxLength: 40_000 })),
  /** One name per line in the form; a list in the API. */
  authors: Type.Optional(Type.Array(SingleLine({ maxLength: 200 }), { maxItems: 30 })),
  organisations: Type.Optional(Type.Array(SingleLine({ maxLength: 200 }), { maxItems: 30 })),
  licence: Type.Optional(SingleLine({ minLength: 0, maxLength: 200 })),
  externalUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s<>"]+$', maxLength: 2000 })),
  domainKeys: Type.Optional(ListOf(StringEnum(DOMAIN_KEYS))),
  tiers: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1, maximum: 3 }), { maxItems: 3, uniqueItems: true }),
  ),
  audiences: Type.Optional(ListOf(StringEnum(STAKEHOLDER_ROLES))),
  stateCode: Type.Optional(Type.String({ pattern: "^[A-Z]{2}$" })),
  year: Type.Integer({ minimum: 1990, maximum: 2100 }),
  communityOnly: Type.Optional(Type.Boolean()),
  /** The slug of the same resource in the other language, to link the two. */
  translationOf: Type.Optional(Slug()),
});
export type ResourceInput = Static<typeof ResourceFields>;

export const REVIEW_ACTIONS = ["comment", "approve", "return"] as const;
export const ReviewFields = Type.Object({
  decision: StringEnum(REVIEW_ACTIONS),
  comment: Type.Optional(MultiLine({ maxLength: 4000 })),
  /** Approve: publish on this day (from its start, UTC) instead of now. */
  publishOn: Type.Optional(Type.String({ format: "date", maxLength: 10 })),
});
export type ReviewInput = Static<typeof ReviewFields>;

export const NewVersionFields = Type.Object({
  changeNote: MultiLine({ minLength: 1, maxLength: 2000 }),
  title: SingleLine({ maxLength: 200 }),
  summary: MultiLine({ minLength: 1, maxLength: 4000 }),
  body: Type.Optional(MultiLine({ maxLength: 40_000 })),
  externalUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s<>"]+$', maxLength: 2000 })),
  year: Type.Integer({ minimum: 1990, maximum: 2100 }),
});
export type NewVersionInput = Static<typeof NewVersionFields>;

export const LIBRARY_SORTS = ["relevance", "newest", "most_used"] as const;
export type LibrarySort = (typeof LIBRARY_SORTS)[number];

/** The browse and search page's query (GET parameters, so it works without JavaScript). */
export const LibraryQuery = Type.Object({
  q: Type.Optional(SingleLine({ maxLength: 200 })),
  type: Type.Optional(ListOf(StringEnum(RESOURCE_TYPES))),
  domain: Type.Optional(ListOf(StringEnum(DOMAIN_KEYS))),
  tier: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 3 }), { maxItems: 3 })),
  audience: Type.Optional(ListOf(StringEnum(STAKEHOLDER_ROLES))),
  language: Type.Optional(ListOf(StringEnum(RESOURCE_LANGUAGES))),
  state: Type.Optional(Type.Array(Type.String({ pattern: "^[A-Z]{2}$" }), { maxItems: 60 })),
  group: Type.Optional(Type.Array(Slug(), { maxItems: 50 })),
  year: Type.Optional(Type.Array(Type.Integer({ minimum: 1990, maximum: 2100 }), { maxItems: 50 })),
  sort: Type.Optional(StringEnum(LIBRARY_SORTS)),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export type LibraryFilters = Static<typeof LibraryQuery>;

export const ResourceParams = Type.Object({ resourceSlug: Slug() });
export const VersionParams = Type.Object({
  resourceSlug: Slug(),
  versionNumber: Type.Integer({ minimum: 1, maximum: 100_000 }),
});
export const ShelfParams = Type.Object({ shelfSlug: Slug() });

// --- API answers ---------------------------------------------------------------------------

export const ResourceSummaryResponse = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  type: Type.String(),
  status: StringEnum(RESOURCE_STATUSES),
  language: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  year: Type.Integer(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  domainKeys: Type.Array(Type.String()),
  tiers: Type.Array(Type.Integer()),
  audiences: Type.Array(Type.String()),
  stateCode: Type.Union([Type.String(), Type.Null()]),
  community: Type.Union([Type.Object({ slug: Type.String(), name: Type.String() }), Type.Null()]),
  communityOnly: Type.Boolean(),
  version: Type.Integer(),
  links: Type.Object({ page: Type.String() }),
});

export const ResourceResponse = Type.Intersect([
  ResourceSummaryResponse,
  Type.Object({
    body: Type.String(),
    authors: Type.Array(Type.String()),
    organisations: Type.Array(Type.String()),
    licence: Type.String(),
    externalUrl: Type.Union([Type.String(), Type.Null()]),
    publishAt: Type.Union([Type.String(), Type.Null()]),
    citation: Type.String(),
    translations: Type.Array(
      Type.Object({ language: Type.String(), slug: Type.String(), title: Type.String() }),
    ),
  }),
]);

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));
export const LibrarySearchResponse = Type.Object({
  items: Type.Array(ResourceSummaryResponse),
  total: Type.Integer(),
  page: Type.Integer(),
  pages: Type.Integer(),
  facets: Type.Object({
    type: FacetCounts,
    domain: FacetCounts,
    tier: FacetCounts,
    audience: FacetCounts,
    language: FacetCounts,
    state: FacetCounts,
    group: FacetCounts,
    year: FacetCounts,
  }),
});

export const VersionResponse = Type.Object({
  number: Type.Integer(),
  changeNote: Type.String(),
  createdAt: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  body: Type.String(),
  year: Type.Integer(),
});
export const VersionListResponse = Type.Object({ items: Type.Array(VersionResponse) });

/** The resource form as a browser sends it: authors and organisations one per line. */
export const ResourceForm = Type.Object({
  ...ResourceFields.properties,
  authors: Type.Optional(MultiLine({ maxLength: 6000 })),
  organisations: Type.Optional(MultiLine({ maxLength: 6000 })),
});
export type ResourceFormInput = Static<typeof ResourceForm>;

const splitLines = (text: string | undefined) =>
  (text ?? "")
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The form's input as the API's: each line a name. */
export function resourceInputFromForm(form: ResourceFormInput): ResourceInput {
  return { ...form, authors: splitLines(form.authors), organisations: splitLines(form.organisations) };
}
