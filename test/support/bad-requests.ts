/**
 * Generates bad input from a route's own JSON schema (and, for HTML forms, from the form's
 * fields): wrong types, missing required fields, text too long, numbers out of range, bad
 * formats, control characters, odd Unicode, extra nesting. Pure functions, no HTTP.
 */

export type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Text that no text field should take (platform/http/schemas.ts): control characters, direction overrides, broken Unicode. */
export const BAD_TEXT: Record<string, string> = {
  nul: "a\u0000b",
  bell: "ding\u0007",
  ansiEscape: "\u001b[31mred",
  loneSurrogate: "x\ud800y",
  rtlOverride: "abc\u202Etxt.exe",
  nonCharacter: "\ufffe",
};

/** Longer than any text field takes, shorter than the body limit (so the field's rule answers, not the parser). */
export const TOO_LONG_TEXT = "x".repeat(100_000);
/** Over the body limits of pages (1 MB) and the API (2 MB). */
export const OVER_BODY_LIMIT = "x".repeat(2 * 1024 * 1024 + 1);

/**
 * Redirect targets: a bad `next` is not refused but replaced by the home page (the safe-redirect
 * rule, tested on its own in platform/http/safe-next-path.test.ts), so it is no bad input here.
 */
export const REDIRECT_FIELDS = new Set(["next"]);

/**
 * Passwords are secrets compared as given (any character may be in one, NIST SP 800-63B): odd
 * characters in one are a wrong password — refused, and counted against guessing — not bad text.
 */
export const isSecret = (name: string) => /password/i.test(name);

/** Bad values for a path segment: ids of the wrong shape, names of nothing, text no id contains. */
export const BAD_PARAMS: Record<string, string> = {
  notAnId: "not-an-id",
  unknownUuid: "00000000-0000-4000-8000-000000000000",
  number: "12345",
  injection: "1' OR '1'='1",
  nul: "a\u0000b",
  traversal: "../../etc/passwd",
};

export interface BadCase {
  label: string;
  value: unknown;
  /** The rule every text field follows (no control characters, bounded length): sent even when the route's schema would let it through. */
  textRule?: boolean;
  /** The field the case is about (a top-level property), when it is about one. */
  field?: string;
}

function deref(schema: unknown, shared: Record<string, Json>): Json {
  let s = (schema ?? {}) as Json;
  for (let i = 0; i < 5 && typeof s.$ref === "string"; i++)
    s = shared[String(s.$ref).replace(/#.*$/, "")] ?? {};
  return s;
}

const typeOf = (s: Json): string | undefined =>
  Array.isArray(s.type) ? (s.type[0] as string) : (s.type as string);

/** The JSON schema of a body declared per content type, or the schema itself. */
export function jsonSchemaOf(schema: unknown): Json | undefined {
  if (!isObject(schema)) return undefined;
  if ("content" in schema) {
    const json = (schema.content as Record<string, { schema?: Json }>)["application/json"];
    return json?.schema;
  }
  return schema;
}

/** A value the schema accepts, as far as a generator can tell (format-aware for our formats). */
export function sampleValue(
  schema: unknown,
  shared: Record<string, Json>,
  hints: Record<string, string> = {},
  name = "",
): unknown {
  const s = deref(schema, shared);
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.default !== undefined) return s.default;
  if (hints[name] !== undefined) return hints[name];
  const options = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(options)) return sampleValue(options[0], shared, hints, name);
  switch (typeOf(s)) {
    case "string": {
      if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
      if (s.format === "email") return "someone@example.org";
      if (s.format === "date") return "2026-01-15";
      if (s.format === "date-time") return "2026-01-15T10:00:00Z";
      const min = typeof s.minLength === "number" ? s.minLength : 0;
      const max = typeof s.maxLength === "number" ? s.maxLength : 1000;
      return "Valid text".padEnd(Math.max(min, 10), "x").slice(0, Math.max(max, min));
    }
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 1;
    case "boolean":
      return true;
    case "array":
      return typeof s.minItems === "number" && s.minItems > 0
        ? Array.from({ length: s.minItems }, () => sampleValue(s.items, shared, hints))
        : [];
    case "null":
      return null;
    default: {
      // An object: its required properties sampled (all of them when the schema names no type).
      const out: Json = {};
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      for (const [key, prop] of Object.entries(properties)) {
        if (required.has(key) || typeOf(s) !== "object") out[key] = sampleValue(prop, shared, hints, key);
      }
      return out;
    }
  }
}

const BAD_FORMATS: Record<string, string> = {
  uuid: "not-a-uuid",
  email: "not-an-email",
  date: "2026-02-31",
  "date-time": "yesterday",
  uri: "not a uri",
};

/** Bad values for one property, read from its own schema. */
export function badValuesFor(schema: unknown, shared: Record<string, Json>, depth = 0): BadCase[] {
  const s = deref(schema, shared);
  const cases: BadCase[] = [];
  const choices = Array.isArray(s.enum) || "const" in s || Array.isArray(s.anyOf) || Array.isArray(s.oneOf);
  if (choices) cases.push({ label: "not one of the choices", value: "not-a-choice" });
  switch (typeOf(s)) {
    case "string": {
      cases.push({ label: "number instead of text", value: 12345 });
      cases.push({ label: "object instead of text", value: { $gt: "" } });
      cases.push({ label: "list instead of text", value: ["a", "b"] });
      if (typeof s.format === "string" && BAD_FORMATS[s.format])
        cases.push({ label: `not a ${s.format}`, value: BAD_FORMATS[s.format] });
      if (typeof s.maxLength === "number")
        cases.push({ label: `${s.maxLength + 1} characters`, value: "x".repeat(s.maxLength + 1) });
      if (typeof s.minLength === "number" && s.minLength > 1)
        cases.push({ label: `${s.minLength - 1} characters`, value: "x".repeat(s.minLength - 1) });
      if (!choices) {
        for (const [label, value] of Object.entries(BAD_TEXT)) cases.push({ label, value, textRule: true });
        cases.push({ label: "100,000 characters", value: TOO_LONG_TEXT, textRule: true });
      }
      break;
    }
    case "integer":
    case "number":
      cases.push({ label: "text instead of a number", value: "abc" });
      cases.push({ label: "boolean instead of a number", value: true });
      cases.push({ label: "null instead of a number", value: null });
      if (typeof s.maximum === "number") cases.push({ label: `above ${s.maximum}`, value: s.maximum + 1 });
      if (typeof s.minimum === "number") cases.push({ label: `below ${s.minimum}`, value: s.minimum - 1 });
      if (typeOf(s) === "integer") cases.push({ label: "a fraction", value: 1.5 });
      cases.push({ label: "1e308", value: 1e308 });
      break;
    case "boolean":
      cases.push({ label: "text instead of a boolean", value: "yes" });
      cases.push({ label: "number instead of a boolean", value: 1 });
      cases.push({ label: "null instead of a boolean", value: null });
      break;
    case "array": {
      cases.push({ label: "object instead of a list", value: { a: 1 } });
      cases.push({ label: "list of lists", value: [[["x"]]] });
      const items = deref(s.items, shared);
      if (typeof s.maxItems === "number")
        cases.push({
          label: `${s.maxItems + 1} items`,
          value: Array.from({ length: s.maxItems + 1 }, () => sampleValue(items, shared)),
        });
      const [firstBad] = badValuesFor(items, shared, depth + 1);
      if (firstBad)
        cases.push({ label: `item ${firstBad.label}`, value: [firstBad.value], textRule: firstBad.textRule });
      break;
    }
    case "object":
      cases.push({ label: "text instead of an object", value: "text" });
      if (depth < 2) {
        const base = sampleValue(s, shared);
        for (const inner of objectVariants(s, shared, base, depth + 1).slice(0, 12))
          cases.push({ label: `.${inner.label}`, value: inner.value, textRule: inner.textRule });
      }
      break;
    default:
      if (!choices) {
        cases.push({ label: "object", value: { $gt: "" } });
        cases.push({ label: "list of lists", value: [[["x"]]] });
      }
  }
  return cases;
}

/** Each property given each of its bad values, and each required property left out, from a valid base. */
function objectVariants(s: Json, shared: Record<string, Json>, base: unknown, depth: number): BadCase[] {
  if (!isObject(base)) return [];
  const perProperty: BadCase[][] = [];
  for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
    if (REDIRECT_FIELDS.has(key)) continue;
    perProperty.push(
      badValuesFor(prop, shared, depth)
        .filter((c) => !(isSecret(key) && c.label in BAD_TEXT))
        .map((c) => ({
          label: c.label.startsWith(".") ? `${key}${c.label}` : `${key} ${c.label}`,
          value: { ...base, [key]: c.value },
          textRule: c.textRule,
          field: key,
        })),
    );
  }
  const missing = ((s.required as string[] | undefined) ?? []).map((key) => {
    const { [key]: _missing, ...rest } = base;
    return { label: `${key} missing`, value: rest, field: key };
  });
  if (s.additionalProperties === false)
    perProperty.push([{ label: "an unknown field", value: { ...base, zzUnknown: "x" } }]);
  return [...missing, ...roundRobin(perProperty)];
}

/** Takes one case from each list in turn, so a cap keeps every field represented. */
export function roundRobin<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++)
    for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}

/**
 * Bad variants of an object-shaped input (a JSON body or a query string) from its schema:
 * required fields missing, then every field's bad values taken in turn (capped at `limit`),
 * then wholesale replacements (a list, text, null, 500 levels of nesting) for bodies.
 */
export function badVariants(
  schema: unknown,
  shared: Record<string, Json>,
  options: { hints?: Record<string, string>; limit?: number; wholesale?: boolean } = {},
): BadCase[] {
  const s = deref(schema, shared);
  const base = sampleValue(s, shared, options.hints ?? {});
  const cases = objectVariants(s, shared, base, 0).slice(0, options.limit ?? 40);
  if (options.wholesale !== false) {
    cases.push({ label: "a list instead of an object", value: [base] });
    cases.push({ label: "text instead of an object", value: "text" });
    cases.push({ label: "null instead of an object", value: null });
    let deep: unknown = "x";
    for (let i = 0; i < 500; i++) deep = { a: deep };
    cases.push({ label: "500 levels of nesting", value: deep });
  }
  return cases;
}

/** A field of an HTML form, as scraped from the page that shows it. */
export interface FormField {
  name: string;
  /** input type, or "select" / "textarea". */
  type: string;
  required: boolean;
  value: string;
  /** For a select or radio group: the values offered. */
  options: string[];
}

/** A value a person could have typed or chosen in the field (the page's own value when it has one). */
export function plausibleValue(field: FormField): string {
  if (field.value) return field.value;
  if (REDIRECT_FIELDS.has(field.name)) return "/";
  switch (field.type) {
    case "email":
      return "someone@example.org";
    case "number":
      return "1";
    case "date":
      return "2026-01-15";
    case "time":
      return "10:00";
    case "datetime-local":
      return "2026-01-15T10:00";
    case "url":
      return "https://example.org/";
    case "password":
      return "correct horse battery staple 9";
    case "select":
    case "radio":
      return field.options.find((o) => o !== "") ?? "";
    case "checkbox":
      return field.required ? (field.options[0] ?? "on") : "";
    case "hidden":
      return "";
    default:
      return "Valid text for the form";
  }
}

/** Bad values for a form field, by its kind: text no field takes, and values its kind refuses. */
export function badFormValues(field: FormField): BadCase[] {
  const cases: BadCase[] = [];
  const byType: Record<string, string> = {
    number: "abc",
    email: "not-an-email",
    date: "2026-02-31",
    time: "25:61",
    "datetime-local": "yesterday",
    url: "not a url",
    select: "not-a-choice",
    radio: "not-a-choice",
    checkbox: "not-a-choice",
  };
  if (byType[field.type])
    cases.push({ label: `${field.name} = ${byType[field.type]}`, value: byType[field.type] });
  if (!isSecret(field.name) && field.type !== "password")
    for (const label of ["nul", "ansiEscape", "rtlOverride", "nonCharacter"])
      cases.push({ label: `${field.name} ${label}`, value: BAD_TEXT[label], textRule: true });
  cases.push({ label: `${field.name} 100,000 characters`, value: TOO_LONG_TEXT, textRule: true });
  return cases;
}

/** Percent-encodes like encodeURIComponent but survives lone surrogates (sent as the raw UTF-8 bytes). */
export function encodeLoose(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out += `%${[0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => b.toString(16).toUpperCase()).join("%")}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** A query string from flat values; arrays become repeated keys, objects become `key[sub]=`. */
export function toQueryString(values: unknown): string {
  if (!isObject(values)) return "";
  const parts: string[] = [];
  const add = (key: string, v: unknown) => {
    if (v === undefined) return;
    if (Array.isArray(v)) for (const item of v) add(key, item);
    else if (isObject(v)) for (const [k, inner] of Object.entries(v)) add(`${key}[${k}]`, inner);
    else parts.push(`${encodeLoose(key)}=${encodeLoose(v === null ? "" : String(v))}`);
  };
  for (const [k, v] of Object.entries(values)) add(k, v);
  return parts.join("&");
}

/** What a server makes of a query string: repeated keys become arrays, everything is a string. */
export function parseQueryString(query: string): Json {
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(query)) {
    const existing = out[k];
    out[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  return out;
}
