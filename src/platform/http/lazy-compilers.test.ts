import { Type } from "@sinclair/typebox";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { lazyCompilers } from "./lazy-compilers";

async function appWith(register: (app: ReturnType<typeof Fastify>) => void) {
  const app = Fastify({ schemaController: { compilersFactory: lazyCompilers as never } });
  register(app);
  await app.ready();
  return app;
}

describe("lazy schema compilers", () => {
  it("validate bodies and serialize responses exactly like Fastify's own, compiled on first use", async () => {
    const app = await appWith((a) =>
      a.post(
        "/things",
        {
          schema: {
            body: Type.Object({ name: Type.String({ minLength: 2 }) }),
            response: { 200: Type.Object({ name: Type.String() }) },
          },
        },
        async (request: { body: unknown }) => ({ ...(request.body as object), secret: "never sent" }),
      ),
    );
    const bad = await app.inject({ method: "POST", url: "/things", payload: { name: "x" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("body/name");
    const good = await app.inject({ method: "POST", url: "/things", payload: { name: "Ok name" } });
    expect(good.json()).toEqual({ name: "Ok name" });
    await app.close();
  });

  it("start even with a schema Ajv rejects, and fail that route's requests instead of serving them unchecked", async () => {
    const app = await appWith((a) =>
      a.post(
        "/broken",
        { schema: { body: { type: "object", properties: { n: { type: "no-such-type" } } } } },
        async () => "served",
      ),
    );
    const res = await app.inject({ method: "POST", url: "/broken", payload: { n: 1 } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("served");
    await app.close();
  });
});
