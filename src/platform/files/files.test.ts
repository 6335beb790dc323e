import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp } from "../../../test/support/app";
import { buildApp } from "../../app";
import { buildUser } from "../../seed/factories";
import { type Database, openDatabase, queryRows } from "../db/client";
import { CHUNK_BYTES, databaseFileStore, FileTooLarge } from ".";
import { BlobCache } from "./blob-cache";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function storedCounts(t: TestApp) {
  const [counts] = await queryRows<{ files: number; chunks: number }>(
    t.db,
    sql`select (select count(*)::int from stored_files) as files, (select count(*)::int from stored_file_chunks) as chunks`,
  );
  return counts!;
}

describe.each(DATABASES)("file store on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("keeps a file of several chunks byte for byte, streams it back, and deletes it", async () => {
    const store = databaseFileStore(t.db);
    const content = randomBytes(2.5 * 1024 * 1024);
    // Arrives in odd-sized pieces, as an upload does.
    const pieces = [
      content.subarray(0, 1000),
      content.subarray(1000, 1_500_000),
      content.subarray(1_500_000),
    ];
    const saved = await store.put(Readable.from(pieces), { purpose: "test", maxBytes: 3 * 1024 * 1024 });
    expect(saved.bytes).toBe(content.length);
    expect(await storedCounts(t)).toEqual({ files: 1, chunks: 3 });
    const back = await buffer((await store.get(saved.id))!);
    expect(back.equals(content)).toBe(true);
    await store.delete(saved.id);
    expect(await store.get(saved.id)).toBeNull();
    expect(await storedCounts(t)).toEqual({ files: 0, chunks: 0 });
  });

  it("keeps the same bytes once, under their SHA-256, and reads any byte range of them", async () => {
    const store = databaseFileStore(t.db);
    const content = randomBytes(2 * CHUNK_BYTES + 5);
    const first = await store.putByContent(Readable.from([content.subarray(0, 10), content.subarray(10)]), {
      purpose: "test",
      maxBytes: 3 * CHUNK_BYTES,
    });
    const again = await store.putByContent(Readable.from([content]), {
      purpose: "test",
      maxBytes: 3 * CHUNK_BYTES,
    });
    expect(again).toEqual(first);
    expect(first.sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(await storedCounts(t)).toEqual({ files: 1, chunks: 3 });
    const read = async (start: number, end: number) =>
      buffer((await store.getRange(first.id, { start, end }))!);
    // Within one chunk, across a chunk boundary, the last bytes, the whole file.
    expect((await read(3, 9)).equals(content.subarray(3, 10))).toBe(true);
    expect(
      (await read(CHUNK_BYTES - 2, CHUNK_BYTES + 1)).equals(
        content.subarray(CHUNK_BYTES - 2, CHUNK_BYTES + 2),
      ),
    ).toBe(true);
    expect((await read(content.length - 5, content.length - 1)).equals(content.subarray(-5))).toBe(true);
    expect((await read(0, content.length - 1)).equals(content)).toBe(true);
    expect(await store.getRange(first.id, { start: 0, end: content.length })).toBeNull();
    await store.delete(first.id);
    expect(await storedCounts(t)).toEqual({ files: 0, chunks: 0 });
  });

  it("copies a content-addressed file to the local cache after a first read, and serves ranges from it", async () => {
    const store = databaseFileStore(t.db);
    const content = randomBytes(CHUNK_BYTES + 100);
    const blob = await store.putByContent(Readable.from([content]), {
      purpose: "test",
      maxBytes: 2 * CHUNK_BYTES,
    });
    const dir = await mkdtemp(join(tmpdir(), "smh-cache-"));
    const cache = new BlobCache(dir, store);
    expect(await cache.open(blob, { start: 0, end: 9 })).toBeNull();
    await cache.settled();
    const part = await buffer((await cache.open(blob, { start: 5, end: CHUNK_BYTES + 50 }))!);
    expect(part.equals(content.subarray(5, CHUNK_BYTES + 51))).toBe(true);
    // A copy whose bytes are not the hash's is never used (a wrong hash is never copied).
    expect(await cache.open({ ...blob, sha256: "0".repeat(64) }, { start: 0, end: 1 })).toBeNull();
    await cache.settled();
    expect(await cache.open({ ...blob, sha256: "0".repeat(64) }, { start: 0, end: 1 })).toBeNull();
    await rm(dir, { recursive: true });
    await store.delete(blob.id);
  });

  it("keeps nothing of a content-addressed file its reader refuses", async () => {
    const store = databaseFileStore(t.db);
    const seen: number[] = [];
    const refused = store.putByContent(Readable.from([Buffer.from("not a pdf")]), {
      purpose: "test",
      maxBytes: 100,
      observe: (piece) => seen.push(piece.length),
      accept: () => {
        throw new Error("refused");
      },
    });
    await expect(refused).rejects.toThrow("refused");
    expect(seen).toEqual([9]);
    expect(await storedCounts(t)).toEqual({ files: 0, chunks: 0 });
  });

  it("refuses a file over the limit and keeps nothing of it", async () => {
    const store = databaseFileStore(t.db);
    const big = Readable.from([randomBytes(1024 * 1024), randomBytes(1024 * 1024), randomBytes(10)]);
    await expect(store.put(big, { purpose: "test", maxBytes: 2 * 1024 * 1024 })).rejects.toBeInstanceOf(
      FileTooLarge,
    );
    expect(await storedCounts(t)).toEqual({ files: 0, chunks: 0 });
    expect(await store.get("not-a-uuid")).toBeNull();
  });
});

const CSV = [
  "NCESSCH,LEAID,SCH_NAME,LEA_NAME,ST,LSTREET1,LCITY,LZIP,GSLO,GSHI,LOCALE,MEMBER",
  "240001000071,2400010,Two Servers Elementary School,Shared Database Public Schools,MD,1 Main St,Alphaville,21201,KG,05,21,350",
  "240001000072,2400010,Two Servers Middle School,Shared Database Public Schools,MD,2 Main St,Alphaville,21201,06,08,21,420",
].join("\n");

describe.each(DATABASES)("two app servers on one %s database", (kind) => {
  let t: TestApp;
  let other: FastifyInstance;
  let otherDatabase: Database | undefined;
  beforeAll(async () => {
    // Server A takes uploads and works no jobs; server B has its own connection pool (on
    // PostgreSQL) and runs the job worker.
    t = await startTestApp(kind);
    otherDatabase =
      kind === "postgres"
        ? await openDatabase({ databaseUrl: t.config.DATABASE_URL, poolSize: 2 })
        : undefined;
    other = await buildApp(
      { ...t.config, JOBS_WORKER: true },
      { database: otherDatabase ?? t.app.database, logger: false },
    );
    await other.ready();
  });
  afterAll(async () => {
    await other?.close();
    await otherDatabase?.close();
    await t?.close();
  });

  it("an NCES file uploaded through one server is imported by the other's job worker, then deleted", async () => {
    const admin = await signedInClient(t, (await buildUser(t.db, { systemRole: "admin" })).id);
    const upload = await admin.request({
      method: "POST",
      url: "/api/v1/imports?fileName=shared.csv",
      payload: CSV,
      headers: { "content-type": "text/csv" },
    });
    expect(upload.statusCode).toBe(202);
    const id = upload.json().id as string;

    let status = "";
    for (let i = 0; i < 200 && status !== "done" && status !== "failed"; i++) {
      await sleep(100);
      [{ status }] = (await queryRows<{ status: string }>(
        t.db,
        sql`select status from imports where id = ${id}`,
      )) as [{ status: string }];
    }
    expect(status).toBe("done");
    const schools = await queryRows<{ name: string }>(
      t.db,
      sql`select name from organisations where nces_id like '24000100007%' order by name`,
    );
    expect(schools.map((s) => s.name)).toEqual([
      "Two Servers Elementary School",
      "Two Servers Middle School",
    ]);
    expect(await storedCounts(t)).toEqual({ files: 0, chunks: 0 });
  });
});
