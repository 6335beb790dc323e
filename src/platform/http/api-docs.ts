import swagger from "@fastify/swagger";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ProblemSchema } from "./schemas";

/** OpenAPI 3.1, generated from the schemas each route already declares. */
async function apiDocs(app: FastifyInstance) {
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "SMH Commons API",
        version: "1.0.0",
        description:
          "Everything the SMH Commons pages do, as JSON. Authenticate with the browser session or a personal access token (`Authorization: Bearer …`) created on the account page. Errors are RFC 9457 problem details (`application/problem+json`).",
        license: { name: "MIT", identifier: "MIT" },
      },
      servers: [{ url: app.config.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "Personal access token" },
          cookieAuth: { type: "apiKey", in: "cookie", name: "smh_session" },
        },
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
}

export default fp(apiDocs, { name: "api-docs" });
