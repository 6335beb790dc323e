import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { openDatabase, queryRows, type Db } from "../platform/db/client";
import { keepTarEntries } from "../platform/db/pglite-template";
import { demoTemplateFor, demoTemplatePath, prepareDemoTemplate } from "./demo-template";

/** Names of the regular files in a tarball. */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    if (tar.subarray(at, at + 512).every((b) => b === 0)) break;
    const size = Number.parseInt(
      tar
        .toString("latin1", at + 124, at + 136)
        .replace(/\0.*$/s, "")
        .trim() || "0",
      8,
    );
    names.push(tar.toString("latin1", at, at + 100).replace(/\0.*$/s, ""));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

async function demoCounts(db: Db) {
  const [counts] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*)::int from organisations where state_code = 'MD' and kind = 'district') as districts,
               (select count(*)::int from organisations where is_demo) as places,
               (select count(*)::int from users where is_demo) as people,
               (select count(*)::int from responses) as responses,
               (select count(*)::int from score_aggregates) as aggregates`,
  );
  return counts!;
}

// The demo template only concerns the embedded database.
describe("demo template", () => {
  let work: string;
  let template: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "smh-demo-template-test-"));
    template = join(work, "demo.tar.gz");
    expect(await prepareDemoTemplate(22, template)).toBe("created");
    expect(await prepareDemoTemplate(22, template)).toBe("existing");
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("starts a fresh data directory with the demo data already in it; the start's seeding then adds nothing", async () => {
    const dataDir = join(work, "data");
    const database = await openDatabase({ dataDir, seededTemplatePath: template });
    try {
      expect(database.origin).toBe("seeded-template");
      const loaded = await demoCounts(database.db);
      expect(loaded).toMatchObject({ districts: 24 });
      expect(loaded.people).toBeGreaterThan(5);
      expect(loaded.responses).toBeGreaterThan(26);
      expect(loaded.aggregates).toBeGreaterThan(0);

      const { prepareDatabase } = await import("../app");
      const config = {
        ...loadConfig({
          LOG_LEVEL: "silent",
          SEED_DEMO: "true",
          DEMO_STATE_SCHOOLS: "22",
          DATA_DIR: dataDir,
        }),
      };
      await prepareDatabase(config, database);
      expect(await demoCounts(database.db)).toEqual(loaded);
    } finally {
      await database.close();
    }
  }, 300_000);

  it("holds only the WAL segments the cluster needs", () => {
    const names = tarNames(gunzipSync(readFileSync(template)));
    expect(names.some((n) => n.includes("base/"))).toBe(true);
    expect(names.filter((n) => /pg_wal\/[0-9A-F]{24}$/.test(n)).length).toBeLessThanOrEqual(2);
  });

  it("drops exactly the refused files from a tarball", () => {
    const entry = (name: string, body: string) => {
      const header = Buffer.alloc(512);
      header.write(name, 0, "latin1");
      header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124, "latin1");
      header.write("0", 156, "latin1");
      header.write("ustar", 257, "latin1");
      const data = Buffer.alloc(Math.ceil(body.length / 512) * 512);
      data.write(body, 0, "latin1");
      return Buffer.concat([header, data]);
    };
    const tar = Buffer.concat([
      entry("/a", "x".repeat(700)),
      entry("/pg_wal/B", "y"),
      entry("/c", ""),
      Buffer.alloc(1024),
    ]);
    const kept = Buffer.from(keepTarEntries(tar, (name) => name !== "/pg_wal/B"));
    expect(tarNames(kept)).toEqual(["/a", "/c"]);
    expect(kept.length).toBe(tar.length - 1024);
  });

  it("is named after the code, the demo state's size and the school year, and used only for an embedded demo", () => {
    const autumn = new Date("2026-10-01T00:00:00Z");
    expect(demoTemplatePath(22, autumn)).toBe(demoTemplatePath(22, new Date("2027-06-30T00:00:00Z")));
    expect(demoTemplatePath(22, autumn)).not.toBe(demoTemplatePath(23, autumn));
    expect(demoTemplatePath(22, autumn)).not.toBe(demoTemplatePath(22, new Date("2027-07-01T00:00:00Z")));

    const trial = loadConfig({ SEED_DEMO: "true" });
    expect(demoTemplateFor(trial)).toBe(demoTemplatePath(trial.DEMO_STATE_SCHOOLS));
    expect(demoTemplateFor(loadConfig({ SEED_DEMO: "false" }))).toBeUndefined();
    expect(demoTemplateFor(loadConfig({ DATABASE_URL: "postgres://localhost/x" }))).toBeUndefined();
    // A deployment keeps its session secret in the database: never copied between installations.
    expect(demoTemplateFor(loadConfig({ HOST: "0.0.0.0", SEED_DEMO: "true" }))).toBeUndefined();
  });
});
