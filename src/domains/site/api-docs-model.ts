/**
 * Reads the OpenAPI document into what the reference page shows: operations grouped by tag,
 * with flat tables of parameters, body fields and responses. Pure functions, no HTTP.
 */

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [k: string]: unknown };
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema>; [k: string]: unknown };
  tags?: { name: string; description?: string }[];
  [k: string]: unknown;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface ParameterRow {
  name: string;
  in: string;
  required: boolean;
  schema: JsonSchema;
  description?: string;
}

export interface FieldRow {
  /** Dotted path, `[]` marking array items: `address.city`, `tags[]`. */
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface ResponseRow {
  status: string;
  description?: string;
  contentTypes: string[];
  isProblem: boolean;
  fields: FieldRow[];
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  deprecated: boolean;
  parameters: ParameterRow[];
  body?: { contentTypes: string[]; required: boolean; fields: FieldRow[] };
  responses: ResponseRow[];
}

export interface TagGroup {
  tag: string;
  id: string;
  /** The group's own page: /api/v1/docs/{slug}. */
  slug: string;
  description?: string;
  operations: OperationView[];
}

/** Only the JSON API belongs in the published document; HTML pages are not part of it. */
export function publicApiDocument(doc: OpenApiDocument): OpenApiDocument {
  const paths = Object.fromEntries(
    Object.entries(doc.paths ?? {}).filter(([path]) => path.startsWith("/api/")),
  );
  return { ...doc, paths };
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Follows a local `#/…` reference (JSON pointer) inside the document; undefined if it does not resolve. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  const parts = ref
    .slice(1)
    .split("/")
    .slice(1)
    .map((p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"));
  let node: unknown = doc;
  for (const part of parts) {
    if (node === null || typeof node !== "object" || !(part in (node as object))) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function deref(doc: OpenApiDocument, schema: unknown, seen = new Set<string>()): JsonSchema {
  let current = (schema ?? {}) as JsonSchema;
  while (typeof current.$ref === "string" && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const target = resolvePointer(doc, current.$ref);
    if (!target || typeof target !== "object") break;
    const { $ref: _ignored, ...rest } = current;
    current = { ...(target as JsonSchema), ...rest };
  }
  return current;
}

/** Flattens an object schema into rows, descending into nested objects and arrays of objects. */
export function flattenFields(doc: OpenApiDocument, schema: unknown, prefix = "", depth = 0): FieldRow[] {
  const resolved = deref(doc, schema);
  const properties = resolved.properties as Record<string, unknown> | undefined;
  if (!properties || depth > 4) return [];
  const required = new Set((resolved.required as string[] | undefined) ?? []);
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries(properties)) {
    const field = deref(doc, raw);
    const fullName = `${prefix}${name}`;
    rows.push({ name: fullName, required: required.has(name), schema: field });
    if (field.type === "object" || field.properties)
      rows.push(...flattenFields(doc, field, `${fullName}.`, depth + 1));
    if (field.type === "array" && field.items) {
      const items = deref(doc, field.items);
      if (items.properties) rows.push(...flattenFields(doc, items, `${fullName}[].`, depth + 1));
    }
  }
  return rows;
}

function mediaSchema(content: unknown): { types: string[]; schema?: unknown } {
  if (!content || typeof content !== "object") return { types: [] };
  const entries = Object.entries(content as Record<string, { schema?: unknown }>);
  return { types: entries.map(([type]) => type), schema: entries[0]?.[1]?.schema };
}

function operationId(method: string, path: string) {
  return `op-${method}-${slug(path.replace(/[{}]/g, ""))}`;
}

function readOperation(
  doc: OpenApiDocument,
  path: string,
  method: string,
  raw: Record<string, unknown>,
  shared: unknown[],
): OperationView {
  const parameters = [...shared, ...((raw.parameters as unknown[]) ?? [])].map((p) => {
    const param = deref(doc, p);
    return {
      name: String(param.name),
      in: String(param.in),
      required: param.required === true,
      schema: deref(doc, param.schema),
      description:
        (param.description as string | undefined) ??
        (deref(doc, param.schema).description as string | undefined),
    };
  });
  let body: OperationView["body"];
  if (raw.requestBody) {
    const requestBody = deref(doc, raw.requestBody);
    const media = mediaSchema(requestBody.content);
    body = {
      contentTypes: media.types,
      required: requestBody.required === true,
      fields: flattenFields(doc, media.schema),
    };
  }
  const responses = Object.entries((raw.responses as Record<string, unknown>) ?? {}).map(([status, r]) => {
    const response = deref(doc, r);
    const media = mediaSchema(response.content);
    const schema = media.schema as JsonSchema | undefined;
    const isProblem =
      media.types.includes("application/problem+json") ||
      (typeof schema?.$ref === "string" && schema.$ref.endsWith("/Problem"));
    return {
      status,
      description: response.description as string | undefined,
      contentTypes: media.types,
      isProblem,
      fields: isProblem ? [] : flattenFields(doc, schema),
    };
  });
  return {
    id: operationId(method, path),
    method: method.toUpperCase(),
    path,
    summary: raw.summary as string | undefined,
    description: raw.description as string | undefined,
    deprecated: raw.deprecated === true,
    parameters,
    body,
    responses,
  };
}

/** Operations grouped by their first tag, tags in alphabetical order, untagged ones last. */
export function groupOperations(doc: OpenApiDocument, untaggedLabel: string): TagGroup[] {
  const groups = new Map<string, OperationView[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = (item.parameters as unknown[]) ?? [];
    for (const method of HTTP_METHODS) {
      const raw = item[method] as Record<string, unknown> | undefined;
      if (!raw) continue;
      const tag = ((raw.tags as string[] | undefined) ?? [])[0] ?? "";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push(readOperation(doc, path, method, raw, shared));
    }
  }
  const descriptions = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)))
    .map(([tag, operations]) => ({
      tag: tag || untaggedLabel,
      id: `tag-${slug(tag || "other")}`,
      slug: slug(tag || "other"),
      description: descriptions.get(tag),
      operations: operations.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method)),
    }));
}

/** A short type label: `string (uuid)`, `integer`, `array of string`, `string | null`. */
export function typeLabel(doc: OpenApiDocument, schema: JsonSchema): string {
  const s = deref(doc, schema);
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const options = ((s.anyOf ?? s.oneOf) as JsonSchema[]).map((o) => typeLabel(doc, o));
    return [...new Set(options)].join(" | ");
  }
  if ("const" in s) return JSON.stringify(s.const);
  const type = Array.isArray(s.type)
    ? (s.type as string[]).join(" | ")
    : ((s.type as string | undefined) ?? "any");
  if (type === "array") return `array of ${s.items ? typeLabel(doc, s.items as JsonSchema) : "any"}`;
  const format =
    typeof s.format === "string" && !["single-line", "multi-line"].includes(s.format) ? ` (${s.format})` : "";
  return `${type}${format}`;
}
