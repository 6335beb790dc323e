import diagnostics from "node:diagnostics_channel";
import type { FastifyInstance, FastifySchema, RouteOptions } from "fastify";
import { type DatabaseKind, startTestApp, type TestApp } from "./app";

export interface CollectedRoute {
  method: string;
  /** As registered, with `:param` placeholders. */
  url: string;
  schema?: FastifySchema;
  /** The plugin context the route lives in (its validator compiler is the one the route uses). */
  instance: FastifyInstance;
}

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
): Promise<{ t: TestApp; routes: CollectedRoute[]; serverErrors: ServerError[] }> {
  const routes: CollectedRoute[] = [];
  const serverErrors: ServerError[] = [];
  const channel = diagnostics.channel("fastify.initialization");
  const onInit = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook("onRoute", function (this: FastifyInstance, route: RouteOptions) {
      for (const method of [route.method].flat()) {
        routes.push({ method, url: route.url, schema: route.schema, instance: this });
      }
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
  return { t, routes: [...unique.values()].filter((r) => r.method !== "HEAD"), serverErrors };
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
