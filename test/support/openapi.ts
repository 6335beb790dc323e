/**
 * Structural checks of an OpenAPI 3.1 document, written out because no validator package is
 * installed. Returns every problem found (an empty list means the document passed).
 */

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const PATH_ITEM_KEYS = new Set([...METHODS, "$ref", "summary", "description", "servers", "parameters"]);
const PARAM_LOCATIONS = new Set(["query", "header", "path", "cookie"]);
const COMPONENT_KEY = /^[a-zA-Z0-9._-]+$/;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function resolveLocalRef(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    if (!(part in (node as object))) return undefined;
    node = (node as Json)[part];
  }
  return node;
}

function collectRefs(node: unknown, at: string, out: { ref: string; at: string }[]) {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) collectRefs(v, `${at}/${i}`, out);
  } else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.push({ ref: v, at });
      else collectRefs(v, `${at}/${k}`, out);
    }
  }
}

function deref(doc: unknown, node: unknown): unknown {
  let current = node;
  for (let i = 0; i < 10 && isObject(current) && typeof current.$ref === "string"; i++) {
    current = resolveLocalRef(doc, current.$ref);
  }
  return current;
}

function checkParameters(doc: Json, where: string, list: unknown, problems: string[]): Json[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.push(`${where}: parameters must be an array`);
    return [];
  }
  const seen = new Set<string>();
  const params: Json[] = [];
  for (const [i, raw] of list.entries()) {
    const p = deref(doc, raw);
    if (!isObject(p)) {
      problems.push(`${where}/parameters/${i}: not an object`);
      continue;
    }
    if (typeof p.name !== "string" || p.name === "") problems.push(`${where}/parameters/${i}: name missing`);
    if (!PARAM_LOCATIONS.has(String(p.in)))
      problems.push(`${where}/parameters/${i}: "in" is ${String(p.in)}`);
    if (p.in === "path" && p.required !== true)
      problems.push(`${where}/parameters/${i}: path parameter ${p.name} must be required`);
    if (!("schema" in p) && !("content" in p))
      problems.push(`${where}/parameters/${i}: needs schema or content`);
    const key = `${p.in}:${p.name}`;
    if (seen.has(key)) problems.push(`${where}: parameter ${key} declared twice`);
    seen.add(key);
    params.push(p);
  }
  return params;
}

function checkResponses(doc: Json, where: string, responses: unknown, problems: string[]) {
  if (!isObject(responses) || Object.keys(responses).length === 0) {
    problems.push(`${where}: has no responses`);
    return;
  }
  for (const [status, raw] of Object.entries(responses)) {
    if (status !== "default" && !/^[1-5](\d\d|XX)$/.test(status))
      problems.push(`${where}/responses: bad status key ${status}`);
    const r = deref(doc, raw);
    if (!isObject(r)) problems.push(`${where}/responses/${status}: not an object`);
    else if (typeof r.description !== "string")
      problems.push(`${where}/responses/${status}: description is required`);
    else if (r.content !== undefined && !isObject(r.content))
      problems.push(`${where}/responses/${status}: content must be a map`);
  }
}

function checkOperation(
  doc: Json,
  path: string,
  method: string,
  op: unknown,
  shared: Json[],
  problems: string[],
  operationIds: Set<string>,
) {
  const where = `paths/${path}/${method}`;
  if (!isObject(op)) {
    problems.push(`${where}: not an object`);
    return;
  }
  checkResponses(doc, where, op.responses, problems);
  const own = checkParameters(doc, where, op.parameters, problems);
  const declared = new Set([...shared, ...own].filter((p) => p.in === "path").map((p) => String(p.name)));
  const inTemplate = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!));
  for (const name of inTemplate)
    if (!declared.has(name)) problems.push(`${where}: path parameter {${name}} is not declared`);
  for (const name of declared)
    if (!inTemplate.has(name)) problems.push(`${where}: path parameter ${name} is not in the path`);
  if (op.operationId !== undefined) {
    if (typeof op.operationId !== "string") problems.push(`${where}: operationId must be a string`);
    else if (operationIds.has(op.operationId))
      problems.push(`${where}: operationId ${op.operationId} is not unique`);
    else operationIds.add(op.operationId);
  }
  if (op.tags !== undefined && (!Array.isArray(op.tags) || op.tags.some((t) => typeof t !== "string"))) {
    problems.push(`${where}: tags must be strings`);
  }
  if (op.requestBody !== undefined) {
    const body = deref(doc, op.requestBody);
    if (!isObject(body) || !isObject(body.content) || Object.keys(body.content).length === 0) {
      problems.push(`${where}: requestBody needs content`);
    } else if (["get", "head", "delete"].includes(method)) {
      problems.push(`${where}: a ${method.toUpperCase()} operation should not take a body`);
    }
  }
  if (op.security !== undefined) checkSecurity(doc, `${where}/security`, op.security, problems);
}

function checkSecurity(doc: Json, where: string, security: unknown, problems: string[]) {
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : {};
  if (!Array.isArray(security)) {
    problems.push(`${where}: must be an array`);
    return;
  }
  for (const requirement of security) {
    if (!isObject(requirement)) problems.push(`${where}: requirement is not an object`);
    else
      for (const name of Object.keys(requirement))
        if (!(name in schemes)) problems.push(`${where}: unknown security scheme ${name}`);
  }
}

export function openApiProblems(input: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(input)) return ["document is not an object"];
  const doc = input;
  if (doc.openapi !== "3.1.0") problems.push(`openapi is ${JSON.stringify(doc.openapi)}, expected "3.1.0"`);
  if (!isObject(doc.info)) problems.push("info is missing");
  else {
    if (typeof doc.info.title !== "string" || doc.info.title === "") problems.push("info.title is missing");
    if (typeof doc.info.version !== "string" || doc.info.version === "")
      problems.push("info.version is missing");
    if (
      doc.info.license !== undefined &&
      (!isObject(doc.info.license) || typeof doc.info.license.name !== "string")
    ) {
      problems.push("info.license.name is missing");
    }
  }
  if (!isObject(doc.paths)) problems.push("paths is missing");
  if (doc.servers !== undefined) {
    if (!Array.isArray(doc.servers) || doc.servers.some((s) => !isObject(s) || typeof s.url !== "string")) {
      problems.push("servers must be a list of objects with a url");
    }
  }
  if (doc.security !== undefined) checkSecurity(doc, "security", doc.security, problems);
  if (doc.components !== undefined) {
    if (!isObject(doc.components)) problems.push("components must be an object");
    else
      for (const [section, entries] of Object.entries(doc.components)) {
        if (!isObject(entries)) problems.push(`components/${section} must be a map`);
        else
          for (const key of Object.keys(entries))
            if (!COMPONENT_KEY.test(key)) problems.push(`components/${section}: bad key ${key}`);
      }
  }
  const operationIds = new Set<string>();
  const templates = new Map<string, string>();
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!path.startsWith("/")) problems.push(`paths: ${path} does not start with /`);
    const normalised = path.replace(/\{[^}]+\}/g, "{}");
    if (templates.has(normalised))
      problems.push(`paths: ${path} and ${templates.get(normalised)} are the same template`);
    templates.set(normalised, path);
    if (!isObject(item)) {
      problems.push(`paths/${path}: not an object`);
      continue;
    }
    for (const key of Object.keys(item))
      if (!PATH_ITEM_KEYS.has(key)) problems.push(`paths/${path}: unexpected key ${key}`);
    const shared = checkParameters(doc, `paths/${path}`, item.parameters, problems);
    const methods = METHODS.filter((m) => m in item);
    if (methods.length === 0) problems.push(`paths/${path}: has no operations`);
    for (const method of methods)
      checkOperation(doc, path, method, item[method], shared, problems, operationIds);
  }
  const refs: { ref: string; at: string }[] = [];
  collectRefs(doc, "#", refs);
  for (const { ref, at } of refs) {
    if (!ref.startsWith("#/")) problems.push(`${at}: $ref ${ref} points outside the document`);
    else if (resolveLocalRef(doc, ref) === undefined) problems.push(`${at}: $ref ${ref} does not resolve`);
  }
  return problems;
}
