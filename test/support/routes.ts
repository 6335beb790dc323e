import diagnostics from "node:diagnostics_channel";
import type { FastifyInstance, FastifyRequest, FastifySchema, RouteOptions } from "fastify";
import { type DatabaseKind, startTestApp, type TestApp } from "./app";

export interface CollectedRoute {
  method: string;
  /** As registered, with `:param` placeholders. */
  url: string;
  schema?: FastifySchema;
  /** The plugin context the route lives in (its validator compiler is the one the route uses). */
  instance: FastifyInstance;
}

/** Which parts of its input each route's handler (and its own hooks) read: "METHOD url" → parts. */
export type InputReads = Map<string, Set<"body" | "query">>;

export interface ServerError {
  method: string;
  url: string;
  message: string;
}

/**
 * Builds the app as the tests do and records every route it registers, with its schema.
 * Fastify announces each new instance on the `fastify.initialization` diagnostics channel, which
 * lets the harness add an onRoute hook before any plugin registers a route, without a test-only
 * option in buildApp.
 */
export async function startTestAppWithRoutes(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<{ t: TestApp; routes: CollectedRoute[]; serverErrors: ServerError[]; inputReads: InputReads }> {
  const routes: CollectedRoute[] = [];
  const inputReads: InputReads = new Map();
  const serverErrors: ServerError[] = [];
  const channel = diagnostics.channel("fastify.initialization");
  const onInit = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook("onRoute", function (this: FastifyInstance, route: RouteOptions) {
      for (const method of [route.method].flat()) {
        routes.push({ method, url: route.url, schema: route.schema, instance: this });
      }
      // Last hook before the handler (the platform's CSRF check has read `_csrf` by then).
      const existing = route.preHandler ? [route.preHandler].flat() : [];
      route.preHandler = [...existing, recordInputReads(inputReads)] as RouteOptions["preHandler"];
    });
    // The logger is silent in tests; keep what broke so a failing test can say why.
    fastify.addHook("onError", async (request, _reply, error) => {
      const status =
        (error as { statusCode?: number; status?: number }).statusCode ??
        (error as { status?: number }).status ??
        500;
      if (status >= 500)
        serverErrors.push({
          method: request.method,
          url: request.url.slice(0, 200),
          message: String(error.stack ?? error).slice(0, 600),
        });
    });
  };
  channel.subscribe(onInit);
  let t: TestApp;
  try {
    t = await startTestApp(kind, env);
  } finally {
    channel.unsubscribe(onInit);
  }
  const unique = new Map(routes.map((r) => [`${r.method} ${r.url}`, r]));
  return { t, routes: [...unique.values()].filter((r) => r.method !== "HEAD"), serverErrors, inputReads };
}

/**
 * Watches the query and body a handler receives: any field it looks at (or listing the fields)
 * is noted against the route, so a test can tell which routes read a part they declare no
 * schema for. Reading `_csrf` (the platform's check) does not count.
 */
function recordInputReads(reads: InputReads) {
  return async function inputReadRecorder(request: FastifyRequest) {
    const key = `${request.method} ${request.routeOptions.url}`;
    const note = (part: "body" | "query") => {
      const parts = reads.get(key) ?? new Set();
      parts.add(part);
      reads.set(key, parts);
    };
    const watch = <T>(value: T, part: "body" | "query"): T => {
      if (typeof value !== "object" || value === null) return value;
      return new Proxy(value as object, {
        get(target, name, receiver) {
          if (typeof name === "string" && name !== "_csrf") note(part);
          return Reflect.get(target, name, receiver);
        },
        has(target, name) {
          if (name !== "_csrf") note(part);
          return Reflect.has(target, name);
        },
        ownKeys(target) {
          note(part);
          return Reflect.ownKeys(target);
        },
      }) as T;
    };
    request.query = watch(request.query, "query");
    request.body = watch(request.body, "body");
  };
}

export type Validate = (data: unknown) => boolean;

/**
 * The app's own request validator for one part of a route (same Ajv options, formats and shared
 * schemas as Fastify uses), so a generated request counts as bad only if the app would reject it.
 */
export function validatorFor(
  route: CollectedRoute,
  part: "body" | "querystring" | "params",
): Validate | null {
  let schema = route.schema?.[part] as Record<string, unknown> | undefined;
  // A body declared per content type ({ content: { "application/json": { schema } } }):
  // the generated requests are JSON, so check them against the JSON schema.
  if (schema && "content" in schema) {
    const json = (schema.content as Record<string, { schema?: Record<string, unknown> }>)["application/json"];
    schema = json?.schema;
  }
  if (!schema) return null;
  const compile = route.instance.validatorCompiler as unknown as (input: {
    schema: unknown;
    method: string;
    url: string;
    httpPart: string;
  }) => (data: unknown) => boolean | { error?: unknown };
  const validate = compile({ schema, method: route.method, url: route.url, httpPart: part });
  return (data) => {
    // Ajv coerces and strips in place; check a copy.
    const result = validate(structuredClone(data));
    return typeof result === "boolean" ? result : !result?.error;
  };
}
