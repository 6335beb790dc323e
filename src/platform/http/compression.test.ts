import { Readable } from "node:stream";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeptPage, registerCompression, sendHtml, sendKeptPage } from "./compression";

/** About 1 MB of HTML that does not repeat too neatly (a district dashboard is ~0.7 MB unpaged). */
function largeHtml(): string {
  const rows = Array.from(
    { length: 9000 },
    (_, i) =>
      `<tr><th scope="row">School ${i * 7919}</th><td>${(i * 31) % 97}</td><td>${i % 6}.${i % 10}</td></tr>`,
  );
  return `<!doctype html><html lang="en"><body><table>${rows.join("\n")}</table></body></html>`;
}

describe("compression of whole responses", () => {
  let app: FastifyInstance;
  const large = largeHtml();
  const kept: KeptPage = { html: large };

  beforeAll(async () => {
    app = Fastify();
    await registerCompression(app);
    app.get("/large", (_request, reply) => sendHtml(reply, large));
    app.get("/small", (_request, reply) => sendHtml(reply, "<!doctype html><p>hi</p>"));
    app.get("/json", () => ({
      items: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `School ${i}` })),
    }));
    app.get("/kept", (_request, reply) => sendKeptPage(reply, kept));
    app.get("/csv", (_request, reply) =>
      reply
        .type("text/csv; charset=utf-8")
        .send(Readable.from(Array.from({ length: 3000 }, (_, i) => `${i},School ${i}\n`))),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  const get = (url: string, acceptEncoding?: string) =>
    app.inject({ url, headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } });

  it("compresses a page of any size with brotli when offered, gzip otherwise, to the same bytes", async () => {
    expect(large.length).toBeGreaterThan(512 * 1024);
    const br = await get("/large", "gzip, deflate, br, zstd");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toContain("accept-encoding");
    expect(br.rawPayload.length).toBeLessThan(large.length / 4);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(large);

    const gz = await get("/large", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(large);
  });

  it("sends identity to a client that asks for no encoding, or refuses the ones we have", async () => {
    for (const accept of [undefined, "identity", "gzip;q=0, br;q=0"]) {
      const res = await get("/large", accept);
      expect(res.headers["content-encoding"], accept).toBeUndefined();
      expect(res.body, accept).toBe(large);
    }
  });

  it("follows the client's preference when it weighs the encodings", async () => {
    expect((await get("/large", "br;q=0.5, gzip;q=1")).headers["content-encoding"]).toBe("gzip");
    expect((await get("/large", "*")).headers["content-encoding"]).toBe("br");
  });

  it("leaves tiny responses alone", async () => {
    const res = await get("/small", "br");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body).toBe("<!doctype html><p>hi</p>");
  });

  it("compresses large JSON answers", async () => {
    const plain = await get("/json");
    const res = await get("/json", "br");
    expect(res.headers["content-encoding"]).toBe("br");
    expect(JSON.parse(brotliDecompressSync(res.rawPayload).toString())).toEqual(plain.json());
  });

  it("compresses a kept page once per encoding and reuses those bytes", async () => {
    const first = await get("/kept", "br");
    expect(first.headers["content-encoding"]).toBe("br");
    expect(kept.br).toBeDefined();
    expect(Buffer.compare(first.rawPayload, kept.br!)).toBe(0);
    const madeOnce = kept.br;
    const second = await get("/kept", "gzip, br");
    expect(kept.br).toBe(madeOnce);
    expect(brotliDecompressSync(second.rawPayload).toString()).toBe(large);
    const gz = await get("/kept", "gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(large);
    expect(kept.gzip).toBeDefined();
    const plain = await get("/kept");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(large);
  });

  it("streams CSV exports compressed", async () => {
    const plain = await get("/csv");
    const res = await get("/csv", "br");
    expect(res.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(plain.body);
    expect(plain.body.split("\n").filter(Boolean)).toHaveLength(3000);
  });
});
