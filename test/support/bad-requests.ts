/**
 * Generates bad input from a route's JSON schema: wrong types, missing required fields, huge
 * strings, control characters, odd Unicode and extra nesting. Pure functions, no HTTP.
 */

export type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export const ONE_MEGABYTE = "x".repeat(1024 * 1024);

/** Text that no text field should take: control characters, direction overrides, broken Unicode. */
export const BAD_TEXT: Record<string, string> = {
  nul: "a\u0000b",
  bell: "ding\u0007",
  ansiEscape: "\u001b[31mred",
  loneSurrogate: "x\ud800y",
  rtlOverride: "abc\u202Etxt.exe",
  nonCharacter: "\ufffe",
  oneMegabyte: ONE_MEGABYTE,
};

/** Values of the wrong type, and values nested deeper than any field expects. */
export const WRONG_SHAPES: Record<string, unknown> = {
  number: 12345,
  float: 1.5,
  boolean: true,
  null: null,
  emptyArray: [],
  arrayOfObjects: [{ a: 1 }],
  object: { a: "b" },
  operatorObject: { $gt: "" },
  nested: { a: { b: { c: { d: "x" } } } },
  nestedArray: [[["x"]]],
  negative: -1,
  huge: 1e308,
};

export interface BadCase {
  label: string;
  value: unknown;
}

function deref(schema: unknown, shared: Record<string, Json>): Json {
  let s = (schema ?? {}) as Json;
  for (let i = 0; i < 5 && typeof s.$ref === "string"; i++)
    s = shared[String(s.$ref).replace(/#.*$/, "")] ?? {};
  return s;
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
  const options = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(options)) return sampleValue(options[0], shared, hints, name);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "string": {
      if (s.format === "uuid") return hints[name] ?? hints.id ?? "00000000-0000-4000-8000-000000000000";
      if (s.format === "email") return "someone@example.org";
      if (s.format === "date") return "2026-01-15";
      if (s.format === "date-time") return "2026-01-15T10:00:00Z";
      const min = typeof s.minLength === "number" ? s.minLength : 0;
      return "Valid text".padEnd(Math.max(min, 10), "x");
    }
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 1;
    case "boolean":
      return true;
    case "array":
      return [];
    default: {
      // An object: its required properties sampled (all of them when the schema names no type).
      const out: Json = {};
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      for (const [key, prop] of Object.entries(properties)) {
        if (required.has(key) || type !== "object") out[key] = sampleValue(prop, shared, hints, key);
      }
      return out;
    }
  }
}

/**
 * Bad variants of an object-shaped input (body, query or params): each field in turn given each
 * bad value, each required field left out, and a few wholesale replacements.
 */
export function badVariants(
  schema: unknown,
  shared: Record<string, Json>,
  hints: Record<string, string> = {},
): BadCase[] {
  const s = deref(schema, shared);
  const base = sampleValue(s, shared, hints);
  const cases: BadCase[] = [];
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  const required = (s.required as string[] | undefined) ?? [];
  if (isObject(base)) {
    for (const key of Object.keys(properties)) {
      for (const [label, value] of [...Object.entries(WRONG_SHAPES), ...Object.entries(BAD_TEXT)]) {
        cases.push({ label: `${key} = ${label}`, value: { ...base, [key]: value } });
      }
      const nested = deref(properties[key], shared);
      if (nested.type === "object" && nested.properties) {
        for (const inner of badVariants(nested, shared, hints).slice(0, 40)) {
          cases.push({ label: `${key}.${inner.label}`, value: { ...base, [key]: inner.value } });
        }
      }
    }
    for (const key of required) {
      const { [key]: _missing, ...rest } = base;
      cases.push({ label: `${key} missing`, value: rest });
    }
  }
  cases.push({ label: "array instead of object", value: [base] });
  cases.push({ label: "string instead of object", value: "text" });
  let deep: unknown = "x";
  for (let i = 0; i < 500; i++) deep = { a: deep };
  cases.push({ label: "500 levels of nesting", value: deep });
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
export function toQueryString(values: Json): string {
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
