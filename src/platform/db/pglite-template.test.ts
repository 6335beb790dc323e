import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../../migration-sets";
import type { Database, Db } from "./client";
import { applyMigrations } from "./migrate";
import { holdsCluster, openPGlite, prepareTemplate, readTemplate } from "./pglite-template";

// The template only concerns the embedded database, so these tests run on PGlite alone.
let work: string;
let template: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "smh-template-test-"));
  template = join(work, "cache", "template.tar.gz");
  expect(await prepareTemplate(template)).toBe("created");
  expect(await prepareTemplate(template)).toBe("existing");
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const freshDir = (name: string) => join(work, name);

async function publicTables(client: PGlite): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' order by 1",
  );
  return rows.map((r) => r.name);
}

/** Offset of the data of the tar entry whose name ends with `suffix`. */
function tarEntryData(tar: Buffer, suffix: string): number {
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = tar.toString("latin1", offset, offset + 100).replace(/\0.*$/s, "");
    if (!name) break;
    const size = Number.parseInt(
      tar
        .toString("latin1", offset + 124, offset + 136)
        .replace(/\0.*$/s, "")
        .trim() || "0",
      8,
    );
    if (name.endsWith(suffix)) return offset + 512;
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${suffix} not in the tarball`);
}

describe("embedded database template", () => {
  it("makes a fresh data directory that is usable and holds none of the app's tables until migrations run", async () => {
    const dir = freshDir("fresh");
    expect(existsSync(dir)).toBe(false);
    const { client, from } = await openPGlite({ dataDir: dir, templatePath: template });
    try {
      expect(from).toBe("template");
      expect(holdsCluster(dir)).toBe(true);
      expect(await publicTables(client)).toEqual([]);
      const database = { db: drizzle(client) as unknown as Db, kind: "pglite" } as Database;
      await applyMigrations(database, migrationSets);
      expect(await publicTables(client)).toEqual(
        expect.arrayContaining(["users", "organisations", "memberships"]),
      );
      await client.query("insert into organisations (kind, name) values ('nation', 'United States')");
    } finally {
      await client.close();
    }
    // The cluster lives on disk: reopened, it still holds what was written.
    const again = await openPGlite({ dataDir: dir, templatePath: template });
    try {
      expect(again.from).toBe("existing");
      const { rows } = await again.client.query<{ n: number }>(
        "select count(*)::int as n from organisations",
      );
      expect(rows[0]!.n).toBe(1);
    } finally {
      await again.client.close();
    }
  });

  it("makes in-memory databases from the template too, each one separate", async () => {
    const first = await openPGlite({ templatePath: template });
    const second = await openPGlite({ templatePath: template });
    try {
      expect([first.from, second.from]).toEqual(["template", "template"]);
      await first.client.exec("create table marker (id int)");
      expect(await publicTables(first.client)).toEqual(["marker"]);
      expect(await publicTables(second.client)).toEqual([]);
    } finally {
      await first.client.close();
      await second.client.close();
    }
  });

  it("never loads the template over a data directory that already holds a cluster", async () => {
    const dir = freshDir("existing");
    const made = await openPGlite({ dataDir: dir, templatePath: template });
    await made.client.exec("create table keep_me (note text); insert into keep_me values ('still here')");
    await made.client.close();
    const before = readFileSync(join(dir, "PG_VERSION"), "utf8");

    const reopened = await openPGlite({ dataDir: dir, templatePath: template });
    try {
      expect(reopened.from).toBe("existing");
      const { rows } = await reopened.client.query<{ note: string }>("select note from keep_me");
      expect(rows).toEqual([{ note: "still here" }]);
      expect(readFileSync(join(dir, "PG_VERSION"), "utf8")).toBe(before);
    } finally {
      await reopened.client.close();
    }
  });

  it("runs initdb when the template is missing, and saves one for the next start", async () => {
    const missing = join(work, "missing", "template.tar.gz");
    const opened = await openPGlite({ templatePath: missing });
    try {
      expect(opened.from).toBe("initdb");
      expect(await publicTables(opened.client)).toEqual([]);
      await opened.templateSaved;
      expect(readTemplate(missing)).toBeInstanceOf(Blob);
      expect(readdirSync(join(work, "missing"))).toEqual(["template.tar.gz"]); // no temporary file left
    } finally {
      await opened.client.close();
    }
  });

  it("clears templates of other PGlite versions and stale temporary files when preparing, keeping its own", async () => {
    const dir = join(work, "tidy");
    mkdirSync(dir);
    const current = join(dir, "pglite-9.9.9-empty-cluster-v1.tar.gz");
    copyFileSync(template, current);
    writeFileSync(join(dir, "pglite-0.0.1-empty-cluster-v1.tar.gz"), "old version");
    writeFileSync(join(dir, "abandoned.tmp"), "half");
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(dir, "abandoned.tmp"), twoHoursAgo, twoHoursAgo);
    writeFileSync(join(dir, "being-written.tmp"), "half");
    writeFileSync(join(dir, "unrelated.txt"), "keep");

    expect(await prepareTemplate(current)).toBe("existing");
    expect(readdirSync(dir).sort()).toEqual([
      "being-written.tmp",
      "pglite-9.9.9-empty-cluster-v1.tar.gz",
      "unrelated.txt",
    ]);
  });

  it("falls back to initdb when the template is damaged, leaving no half-loaded cluster behind", async () => {
    const damagedPath = join(work, "damaged", "template.tar.gz");
    mkdirSync(join(work, "damaged"));
    const good = readFileSync(template);

    // Cut short: gzip's length and CRC check refuse it before PGlite sees it.
    writeFileSync(damagedPath, good.subarray(0, good.length / 2));
    expect(readTemplate(damagedPath)).toBeUndefined();
    // Not gzip at all.
    writeFileSync(damagedPath, "not a tarball");
    expect(readTemplate(damagedPath)).toBeUndefined();

    // Well-formed gzip and tar, but a cluster PostgreSQL refuses (its control file is garbage):
    // PGlite extracts it, fails to start, and what it extracted is removed before initdb runs.
    const tar = gunzipSync(good);
    const control = tarEntryData(tar, "global/pg_control");
    tar.fill(0x41, control, control + 512);
    writeFileSync(damagedPath, gzipSync(tar));
    expect(readTemplate(damagedPath)).toBeInstanceOf(Blob);
    const dir = freshDir("damaged-data");
    mkdirSync(dir);
    writeFileSync(join(dir, "README.txt"), "not part of the cluster");
    const opened = await openPGlite({ dataDir: dir, templatePath: damagedPath });
    try {
      expect(opened.from).toBe("initdb");
      expect(await publicTables(opened.client)).toEqual([]);
      const { rows } = await opened.client.query<{ one: number }>("select 1 as one");
      expect(rows).toEqual([{ one: 1 }]);
      expect(readFileSync(join(dir, "README.txt"), "utf8")).toBe("not part of the cluster");
      await opened.templateSaved;
      // The damaged template was replaced by a good one.
      const replaced = await openPGlite({ templatePath: damagedPath });
      expect(replaced.from).toBe("template");
      await replaced.client.close();
    } finally {
      await opened.client.close();
    }
  });
});
