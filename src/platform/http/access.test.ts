import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "../policy";
import {
  type Access,
  declareAccessOfPluginRoutes,
  declaredRoutesOf,
  enforceAccessDeclarations,
  UndeclaredAccessError,
  uuidParam,
} from "./access";
import { HttpProblem, notFound } from "./problem";

/*
 * The access hook on a tiny app: the caller is named by a test header, errors answer their
 * status, and each route says what its handler saw.
 */

const SCHOOL = { id: "6f1c8a52-1f0e-4c9e-9b7a-3d2f1e0a9b11", ancestorIds: ["district-1"] };
const actors: Record<string, Actor> = {
  member: {
    userId: "u-member",
    systemRole: "user",
    emailVerified: true,
    memberships: [{ organisationId: SCHOOL.id, role: "member" }],
  },
  district: {
    userId: "u-district",
    systemRole: "user",
    emailVerified: true,
    memberships: [{ organisationId: "district-1", role: "member" }],
  },
  outsider: { userId: "u-outsider", systemRole: "user", emailVerified: true, memberships: [] },
};

let app: FastifyInstance;
afterEach(() => app?.close());

/** A tiny app with the access hook; `who` header names the actor (none: signed out). */
function tinyApp() {
  const instance = Fastify({ logger: false });
  instance.decorateRequest("actor", async function (this: { headers: Record<string, unknown> }) {
    const who = this.headers["x-who"];
    return typeof who === "string" ? (actors[who] ?? null) : null;
  } as never);
  instance.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error instanceof HttpProblem ? error.status : (error.statusCode ?? 500);
    return reply.status(status).send({ status, message: error.message });
  });
  enforceAccessDeclarations(instance);
  return instance;
}

const loads: string[] = [];
const schoolById: Access = {
  action: "scope.readPrivate",
  load: async (request) => {
    const id = uuidParam(request, "id");
    loads.push(id);
    if (id !== SCHOOL.id) throw notFound();
    return SCHOOL;
  },
};

async function withRoutes(register: (a: FastifyInstance) => void) {
  app = tinyApp();
  register(app);
  await app.ready();
  return app;
}

const as = (who?: string) => (who ? { "x-who": who } : {});

describe("the access hook", () => {
  it("lets anyone through a public route", async () => {
    await withRoutes((a) => a.get("/open", { config: { access: "public" } }, async () => ({ ok: true })));
    const res = await app.inject({ url: "/open" });
    expect(res.statusCode).toBe(200);
  });

  it("sends a signed-out visitor of a page to sign in and back, and answers 401 from the API", async () => {
    await withRoutes((a) => {
      a.get("/mine", { config: { access: "signedIn" } }, async () => ({ ok: true }));
      a.get("/api/v1/mine", { config: { access: "signedIn" } }, async () => ({ ok: true }));
      a.post("/mine", { config: { access: "signedIn" } }, async () => ({ ok: true }));
    });
    const page = await app.inject({ url: "/mine?tab=2" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/sign-in?next=${encodeURIComponent("/mine?tab=2")}`);
    // After a form there is no page to come back to: home.
    const form = await app.inject({ method: "POST", url: "/mine" });
    expect(form.headers.location).toBe(`/sign-in?next=${encodeURIComponent("/")}`);
    expect((await app.inject({ url: "/api/v1/mine" })).statusCode).toBe(401);
    expect((await app.inject({ url: "/mine", headers: as("outsider") })).statusCode).toBe(200);
    expect((await app.inject({ url: "/api/v1/mine", headers: as("outsider") })).statusCode).toBe(200);
  });

  it("asks the policy about the resource the loader finds, and hands the resource to the handler", async () => {
    await withRoutes((a) =>
      a.get("/api/v1/schools/:id", { config: { access: schoolById } }, async (request) => ({
        resource: request.accessResource,
      })),
    );
    const url = `/api/v1/schools/${SCHOOL.id}`;
    const member = await app.inject({ url, headers: as("member") });
    expect(member.statusCode).toBe(200);
    expect(member.json().resource).toEqual(SCHOOL);
    expect((await app.inject({ url, headers: as("district") })).statusCode).toBe(200);
    expect((await app.inject({ url, headers: as("outsider") })).statusCode).toBe(403);
    expect((await app.inject({ url })).statusCode).toBe(401);
  });

  it("answers 404 instead of 403 when the route hides what it refuses", async () => {
    await withRoutes((a) =>
      a.get("/schools/:id", { config: { access: { ...schoolById, refuse: 404 } as Access } }, async () => ({
        ok: true,
      })),
    );
    const url = `/schools/${SCHOOL.id}`;
    expect((await app.inject({ url, headers: as("outsider") })).statusCode).toBe(404);
    expect((await app.inject({ url, headers: as("member") })).statusCode).toBe(200);
    // A signed-out visitor is still asked to sign in: they may be allowed once they have.
    const signedOut = await app.inject({ url });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toMatch(/^\/sign-in\?next=/);
  });

  it("answers 404 for an id that is not a uuid without asking the database, and for one that names nothing", async () => {
    loads.length = 0;
    await withRoutes((a) =>
      a.get("/api/v1/schools/:id", { config: { access: schoolById } }, async () => ({ ok: true })),
    );
    for (const bad of ["not-a-uuid", "1%20or%201=1", `${SCHOOL.id}x`]) {
      expect(
        (await app.inject({ url: `/api/v1/schools/${bad}`, headers: as("member") })).statusCode,
        bad,
      ).toBe(404);
    }
    expect(loads).toEqual([]);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await app.inject({ url: `/api/v1/schools/${unknown}`, headers: as("member") })).statusCode).toBe(
      404,
    );
    expect(loads).toEqual([unknown]);
  });

  it("decides before the body is validated, so a refused caller learns nothing from validation", async () => {
    let handled = 0;
    await withRoutes((a) =>
      a.post(
        "/api/v1/schools/:id/notes",
        {
          schema: { body: { type: "object", required: ["text"], properties: { text: { type: "string" } } } },
          config: { access: schoolById },
        },
        async () => {
          handled++;
          return { ok: true };
        },
      ),
    );
    const url = `/api/v1/schools/${SCHOOL.id}/notes`;
    const bad = { method: "POST" as const, url, payload: { wrong: 1 } };
    expect((await app.inject({ ...bad, headers: as("outsider") })).statusCode).toBe(403);
    expect((await app.inject(bad)).statusCode).toBe(401);
    expect((await app.inject({ ...bad, headers: as("member") })).statusCode).toBe(400);
    expect(handled).toBe(0);
    expect((await app.inject({ ...bad, payload: { text: "hi" }, headers: as("member") })).statusCode).toBe(
      200,
    );
    expect(handled).toBe(1);
  });

  it("lists every route with its declaration (HEAD left out), plugin routes with the access declared for them", async () => {
    await withRoutes((a) => {
      a.get("/open", { config: { access: "public" } }, async () => "");
      a.post("/api/v1/schools/:id", { config: { access: schoolById } }, async () => "");
      a.register(async (plugin) => {
        declareAccessOfPluginRoutes(plugin, "public");
        plugin.get("/plugin-file", async () => "");
      });
    });
    const listed = declaredRoutesOf(app).map(
      (r) => `${r.method} ${r.url} ${typeof r.access === "string" ? r.access : r.access.action}`,
    );
    expect(listed).toEqual([
      "GET /open public",
      "POST /api/v1/schools/:id scope.readPrivate",
      "GET /plugin-file public",
    ]);
  });

  it("does not let a route without a declaration go unnoticed", async () => {
    let refused: unknown = null;
    try {
      await withRoutes((a) => a.get("/forgotten", async () => ""));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(UndeclaredAccessError);
    expect(String(refused)).toContain("GET /forgotten declares no access rule");
    expect(declaredRoutesOf(app).map((r) => r.url)).not.toContain("/forgotten");
  });
});
