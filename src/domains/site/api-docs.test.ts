import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp, TestClient } from "../../../test/support/app";
import { openApiProblems } from "../../../test/support/openapi";
import {
  groupOperations,
  HTTP_METHODS,
  type OpenApiDocument,
  publicApiDocument,
  typeLabel,
} from "./api-docs-model";

/** A hand-written document with the shapes the reference page must cope with. */
const sample: OpenApiDocument = {
  openapi: "3.1.0",
  info: { title: "Sample", version: "1" },
  components: {
    schemas: {
      Problem: { type: "object", properties: { title: { type: "string" } } },
      Address: {
        type: "object",
        required: ["city"],
        properties: { city: { type: "string", maxLength: 80 } },
      },
    },
  },
  paths: {
    "/api/v1/schools/{id}/notes": {
      post: {
        tags: ["notes"],
        summary: "Add a note",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["text"],
                properties: {
                  text: { type: "string", format: "multi-line", maxLength: 5000 },
                  kind: { type: "string", enum: ["plan", "minutes"] },
                  address: { $ref: "#/components/schemas/Address" },
                  tags: { type: "array", items: { type: "string" } },
                },
              },
            },
          },
        },
        responses: {
          "201": {
            description: "Created",
            content: {
              "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } },
            },
          },
          "400": {
            description: "Bad",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } },
          },
        },
      },
    },
    "/api/v1/health": { get: { responses: { "200": { description: "OK" } } } },
    "/": { get: { responses: { "200": { description: "home page" } } } },
  },
};

describe("OpenAPI structure checks", () => {
  it("accept a well-formed document", () => {
    expect(openApiProblems(sample)).toEqual([]);
  });

  it("catch each kind of mistake", () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test breaks the document in place, field by field
    const broken = structuredClone(sample) as unknown as Record<string, any>;
    broken.openapi = "3.0.3";
    delete broken.info.version;
    const op = broken.paths["/api/v1/schools/{id}/notes"].post;
    op.parameters = [];
    op.responses["400"].content["application/json"].schema.$ref = "#/components/schemas/Missing";
    broken.paths["/api/v1/health"].get.responses = {};
    broken.paths["/api/v1/health"].get.parameters = [{ name: "x", in: "path", required: false, schema: {} }];
    const problems = openApiProblems(broken).join("\n");
    expect(problems).toContain('expected "3.1.0"');
    expect(problems).toContain("info.version is missing");
    expect(problems).toContain("path parameter {id} is not declared");
    expect(problems).toContain("#/components/schemas/Missing does not resolve");
    expect(problems).toContain("/api/v1/health/get: has no responses");
    expect(problems).toContain("path parameter x must be required");
    expect(problems).toContain("path parameter x is not in the path");
  });
});

describe("API reference model", () => {
  it("keeps only the JSON API paths", () => {
    expect(Object.keys(publicApiDocument(sample).paths ?? {})).toEqual([
      "/api/v1/schools/{id}/notes",
      "/api/v1/health",
    ]);
  });

  it("groups operations by tag with parameters, body fields and responses", () => {
    const groups = groupOperations(publicApiDocument(sample), "Other");
    expect(groups.map((g) => g.tag)).toEqual(["notes", "Other"]);
    const op = groups[0]!.operations[0]!;
    expect(op.method).toBe("POST");
    expect(op.parameters).toMatchObject([{ name: "id", in: "path", required: true }]);
    expect(op.body?.fields.map((f) => [f.name, f.required])).toEqual([
      ["text", true],
      ["kind", false],
      ["address", false],
      ["address.city", true],
      ["tags", false],
    ]);
    expect(op.responses.map((r) => [r.status, r.isProblem])).toEqual([
      ["201", false],
      ["400", true],
    ]);
    expect(typeLabel(sample, { type: "array", items: { type: "string", format: "uuid" } })).toBe(
      "array of string (uuid)",
    );
  });
});

describe.each(DATABASES)("API documentation on %s", (kind) => {
  let t: TestApp;
  let doc: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp(kind);
    const res = await t.app.inject({ url: "/api/v1/openapi.json" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    doc = res.json();
  });
  afterAll(() => t?.close());

  it("publishes a structurally valid OpenAPI 3.1 document", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(openApiProblems(doc)).toEqual([]);
  });

  it("describes only the JSON API, including the routes the app registered, but not itself", () => {
    const paths = Object.keys(doc.paths ?? {});
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith("/api/"))).toBe(true);
    expect(paths).toContain("/api/v1/practice-groups");
    expect(paths).not.toContain("/api/v1/openapi.json");
    expect(paths).not.toContain("/api/v1/docs");
  });

  it("links a page per topic from the reference, and renders every operation on its topic's page, in English and Spanish", async () => {
    const client = new TestClient(t.app);
    const en = await client.get("/api/v1/docs");
    expect(en.statusCode).toBe(200);
    expect(en.headers["content-type"]).toContain("text/html");
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain("<h1>API reference</h1>");
    expect(en.body).toContain("Authorization: Bearer smh_pat_");
    expect(en.body).toContain("application/problem+json");
    expect(en.body).toContain('href="/api/v1/openapi.json"');
    const topics = [...en.body.matchAll(/href="(\/api\/v1\/docs\/[a-z0-9-]+)"/g)].map((m) => m[1]!);
    expect(topics.length).toBeGreaterThan(3);
    const pages = new Map<string, string>();
    for (const topic of topics) {
      // A large topic is paged: follow its "next" links to the end.
      let address: string | undefined = topic;
      while (address) {
        const res = await client.get(address);
        expect(res.statusCode, address).toBe(200);
        expect(res.body.match(/<h1[ >]/g), address).toHaveLength(1);
        expect(res.body.match(/class="font-mono-md"/g)?.length ?? 0, address).toBeLessThanOrEqual(12);
        // Paths may break after each slash (<wbr>) on narrow screens.
        pages.set(address, res.body.replaceAll("<wbr/>", ""));
        address = res.body
          .match(/href="([^"]+)" class="usa-pagination__link usa-pagination__next-page"/)?.[1]
          ?.replaceAll("&amp;", "&");
      }
    }
    expect([...pages.keys()].some((address) => address.includes("?page=2"))).toBe(true);
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of HTTP_METHODS.filter((m) => m in item)) {
        const heading = `>${method.toUpperCase()}</span><code>${path.replace(/&/g, "&amp;")}</code>`;
        const shownOn = [...pages].filter(([, body]) => body.includes(heading)).map(([topic]) => topic);
        expect(shownOn, `${method} ${path}`).toHaveLength(1);
      }
    }
    expect((await client.get("/api/v1/docs/no-such-topic")).statusCode).toBe(404);
    await client.get(`/language/es?next=${topics[0]}`);
    const es = await client.get(topics[0]!);
    expect(es.body).toContain('<html lang="es"');
    expect(es.body).toContain("Referencia de la API");
    expect(es.body).toContain("Respuestas");
  });
});
