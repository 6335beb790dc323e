import {
  type Static,
  type TArray,
  type TObject,
  type TOptional,
  type TProperties,
  type TSchema,
  type TString,
  Type,
} from "@sinclair/typebox";
import { Value, ValueErrorType } from "@sinclair/typebox/value";

/** A problem with one field, translated when the form is drawn (it knows the field's label). */
export type FieldError =
  | {
      code: "required" | "invalid" | "choice" | "tooShort" | "tooLong" | "number" | "date";
      min?: number;
      max?: number;
    }
  | { message: string };
export type FieldErrors = Record<string, FieldError>;
export type FormValues = Record<string, string | string[]>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; values: FormValues };

function classify(type: ValueErrorType, schema: TSchema): FieldError {
  switch (type) {
    case ValueErrorType.ObjectRequiredProperty:
      return { code: "required" };
    case ValueErrorType.StringMinLength:
      return schema.minLength === 1 ? { code: "required" } : { code: "tooShort", min: schema.minLength };
    case ValueErrorType.StringMaxLength:
      return { code: "tooLong", max: schema.maxLength };
    case ValueErrorType.Number:
    case ValueErrorType.Integer:
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
      return { code: "number", min: schema.minimum, max: schema.maximum };
    case ValueErrorType.Union:
    case ValueErrorType.Literal:
      return { code: "choice" };
    case ValueErrorType.StringFormat:
      return schema.format === "date" ? { code: "date" } : { code: "invalid" };
    default:
      return schema.enum ? { code: "choice" } : { code: "invalid" };
  }
}

/** Trims text and treats an empty field as not given, the way a person means it. */
function normalise(body: unknown): FormValues {
  const values: FormValues = {};
  if (!body || typeof body !== "object") return values;
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    if (key === "_csrf") continue;
    if (Array.isArray(raw)) values[key] = raw.filter((v): v is string => typeof v === "string");
    else if (typeof raw === "string") values[key] = raw;
  }
  return values;
}

/**
 * Validates a posted form with the same TypeBox schema the API uses. On failure the person's
 * input comes back untouched, with one message per field.
 */
export function parseForm<T extends TObject>(schema: T, body: unknown): FormResult<Static<T>> {
  const values = normalise(body);
  const candidate: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!(key in schema.properties)) continue;
    const fieldSchema = schema.properties[key] as TSchema;
    if (typeof value === "string") {
      const trimmed = fieldSchema.format === "multi-line" ? value : value.trim();
      if (trimmed === "") continue;
      candidate[key] = fieldSchema.type === "array" ? [trimmed] : trimmed;
    } else {
      candidate[key] = value;
    }
  }
  const converted = Value.Convert(schema, Value.Default(schema, candidate));
  const errors: FieldErrors = {};
  for (const error of Value.Errors(schema, converted)) {
    const field = error.path.split("/")[1] ?? "";
    if (!field || errors[field]) continue;
    errors[field] = classify(error.type, error.schema);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, value: converted as Static<T> };
}

export function formError(values: FormValues, field: string, error: FieldError): FormResult<never> {
  return { ok: false, errors: { [field]: error }, values };
}

type FormFieldSchema<T extends TSchema> = T extends TArray ? TOptional<TArray<TString>> : TOptional<TString>;

/**
 * The route schema of a page's form or query string: every field of `schema` as optional text
 * (a list for list fields), as a browser sends them. Fastify then types the request and refuses
 * what no form could send (an object, a list for a single field), while the page itself, with
 * `parseForm(schema, …)`, answers bad values with the form, the message beside each field and
 * the other input kept.
 */
export function formFieldsOf<P extends TProperties>(
  schema: TObject<P>,
): TObject<{ [K in keyof P]: FormFieldSchema<P[K]> }> {
  const fields: Record<string, TSchema> = {};
  for (const [key, field] of Object.entries(schema.properties)) {
    // Bounded well above any real form, so a flood is refused before parseForm reads it.
    const text = Type.String({ maxLength: 100_000 });
    fields[key] = Type.Optional(field.type === "array" ? Type.Array(text, { maxItems: 1000 }) : text);
  }
  return Type.Object(fields) as unknown as TObject<{ [K in keyof P]: FormFieldSchema<P[K]> }>;
}

/** The body of a form that is only a button (and its CSRF token). */
export const ButtonForm = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 1000 })) });
