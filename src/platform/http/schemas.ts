import { type TSchema, type TString, Type } from "@sinclair/typebox";
import { FormatRegistry } from "@sinclair/typebox";

/**
 * Text formats shared by forms (TypeBox) and the API (Ajv), so both reject the same input:
 * control characters, invisible direction overrides, non-characters and broken surrogates.
 */
const FORBIDDEN_ANYWHERE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]/;
const LINE_BREAKS = /[\r\n\t]/;

export function isSafeMultiLine(value: string): boolean {
  return value.isWellFormed() && !FORBIDDEN_ANYWHERE.test(value);
}
export function isSafeSingleLine(value: string): boolean {
  return isSafeMultiLine(value) && !LINE_BREAKS.test(value);
}

export const textFormats: Record<string, (value: string) => boolean> = {
  "single-line": isSafeSingleLine,
  "multi-line": isSafeMultiLine,
};
for (const [name, check] of Object.entries(textFormats)) FormatRegistry.Set(name, check);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
FormatRegistry.Set("email", (v) => EMAIL.test(v));
FormatRegistry.Set("uuid", (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v));
/** A calendar date that exists: Date.parse rolls 2026-02-31 over into March, so the parts are compared back. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}
FormatRegistry.Set("date", isCalendarDate);

/** Registers the same formats on Fastify's Ajv instance. */
export function addTextFormats<A extends { addFormat(name: string, check: (v: string) => boolean): unknown }>(
  ajv: A,
): A {
  for (const [name, check] of Object.entries(textFormats)) ajv.addFormat(name, check);
  return ajv;
}

export const SingleLine = (
  opts: { minLength?: number; maxLength?: number; description?: string } = {},
): TString =>
  Type.String({
    format: "single-line",
    minLength: opts.minLength ?? 1,
    maxLength: opts.maxLength ?? 200,
    ...opts,
  });

export const MultiLine = (
  opts: { minLength?: number; maxLength?: number; description?: string } = {},
): TString =>
  Type.String({
    format: "multi-line",
    minLength: opts.minLength ?? 0,
    maxLength: opts.maxLength ?? 5000,
    ...opts,
  });

export const Email = () => Type.String({ format: "email", maxLength: 254, description: "Email address" });
export const Uuid = (description?: string) => Type.String({ format: "uuid", description });
export const Password = () =>
  Type.String({ minLength: 12, maxLength: 256, description: "At least 12 characters" });

/**
 * A closed list of string values. A union of literals (rather than a raw `enum` schema) so that
 * TypeBox can check it in forms as well as Ajv in the API.
 */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  opts: { description?: string } = {},
) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    opts,
  ) as unknown as TSchema & { static: T[number] };

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
});

export const IdParams = Type.Object({ id: Uuid() });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() }))),
  },
  { $id: "Problem", additionalProperties: true },
);

/** Standard error responses for a route's OpenAPI description. */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref("Problem")]));
}
