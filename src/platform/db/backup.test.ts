import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../test/support/app";
import { tableDigests } from "../../../test/support/table-digest";
import { buildUser } from "../../seed/factories";
import { restoreEmbedded, SERVER_FILE } from "./backup";
import { openDatabase } from "./client";

const PG_BIN = [
  "/usr/lib/postgresql/15/bin",
  "/usr/lib/postgresql/16/bin",
  "/usr/lib/postgresql/17/bin",
].find((d) => existsSync(join(d, "pg_dump")));

/** Every table's rows and content digest in the database kept in `dataDir`. */
async function digestsOfDataDir(dataDir: string) {
  const database = await openDatabase({ dataDir });
  try {
    return await tableDigests(database.db);
  } finally {
    await database.close();
  }
}

function runScript(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, DATABASE_URL: "", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe.each(DATABASES)("backup and restore on %s", (kind) => {
  let t: TestApp;
  let work: string;
  beforeAll(async () => {
    // Demo data: every domain's tables hold rows.
    t = await startTestApp(kind, { SEED_DEMO: "true" });
    work = mkdtempSync(join(tmpdir(), "smh-backup-"));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("the backup route is for national admins only", async () => {
    expect((await t.app.inject({ url: "/api/v1/admin/backup" })).statusCode).toBe(401);
    const member = await signedInClient(t, (await buildUser(t.db)).id);
    expect((await member.get("/api/v1/admin/backup")).statusCode).toBe(403);
  });

  if (kind === "pglite") {
    it("a backup taken from the running server, restored, brings back every row of every table", async () => {
      const admin: TestClient = await signedInClient(t, (await buildUser(t.db, { systemRole: "admin" })).id);
      const before = await tableDigests(t.db);
      const res = await admin.get("/api/v1/admin/backup");
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("application/gzip");
      expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="smh-commons-.*\.tar\.gz"$/);

      const restored = join(work, "restored");
      await restoreEmbedded(new Blob([new Uint8Array(res.rawPayload)]), restored);
      const after = await digestsOfDataDir(restored);
      expect(after.size).toBeGreaterThan(30);
      expect(after).toEqual(before);
      expect([...before.values()].some((d) => !d.startsWith("0 rows"))).toBe(true);
    });

    it("npm run backup on a stopped data directory and npm run restore round-trip every row", async () => {
      const source = join(work, "restored"); // a stopped server's data directory, from the test above
      const before = await digestsOfDataDir(source);
      const file = join(work, "backup.tar.gz");
      const backup = runScript("scripts/backup.ts", [file], { DATA_DIR: source });
      expect(backup.stderr).toBe("");
      expect(backup.status).toBe(0);
      expect(backup.stdout).toContain("server stopped");

      // Restoring over an existing database keeps that one aside.
      const target = join(work, "target");
      const first = runScript("scripts/restore.ts", [file], { DATA_DIR: target });
      expect(first.status, first.stderr).toBe(0);
      expect(await digestsOfDataDir(target)).toEqual(before);
      const again = runScript("scripts/restore.ts", [file], { DATA_DIR: target });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toContain("is kept in");
      expect(readdirSync(work).some((name) => name.startsWith("target.before-restore-"))).toBe(true);
      expect(await digestsOfDataDir(target)).toEqual(before);
    }, 300_000);

    it("npm run backup asks the running server for the backup, with an admin's access token", async () => {
      const admin = await signedInClient(t, (await buildUser(t.db, { systemRole: "admin" })).id);
      await admin.get("/account/tokens");
      const token = (await admin.postForm("/account/tokens", { name: "Nightly backup" })).body.match(
        /(smh_pat_[A-Za-z0-9_-]+)/,
      )?.[1];
      expect(token).toBeDefined();
      const url = await t.app.listen({ host: "127.0.0.1", port: 0 });
      // The server announces itself in its data directory as main.ts does.
      const live = join(work, "live");
      mkdirSync(live);
      writeFileSync(join(live, SERVER_FILE), JSON.stringify({ pid: process.pid, url }));
      const before = await tableDigests(t.db);
      const file = join(work, "live.tar.gz");
      const run = spawn(process.execPath, ["--import", "tsx", "scripts/backup.ts", file], {
        env: { ...process.env, DATABASE_URL: "", DATA_DIR: live, SMH_API_TOKEN: token! },
      });
      let output = "";
      run.stdout.on("data", (d) => {
        output += d;
      });
      run.stderr.on("data", (d) => {
        output += d;
      });
      const code = await new Promise((resolve) => run.once("exit", resolve));
      expect(code, output).toBe(0);
      expect(output).toContain("taken by the running server");
      const restored = join(work, "restored-live");
      await restoreEmbedded(new Blob([new Uint8Array(readFileSync(file))]), restored);
      expect(await digestsOfDataDir(restored)).toEqual(before);
    }, 180_000);

    it("npm run restore refuses while a server has the data directory open", async () => {
      const target = join(work, "target");
      writeFileSync(
        join(target, SERVER_FILE),
        JSON.stringify({ pid: process.pid, url: "http://127.0.0.1:1" }),
      );
      const refused = runScript("scripts/restore.ts", [join(work, "backup.tar.gz")], { DATA_DIR: target });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("Stop it first");
      const noToken = runScript("scripts/backup.ts", [join(work, "live.tar.gz")], {
        DATA_DIR: target,
        SMH_API_TOKEN: "",
      });
      expect(noToken.status).toBe(1);
      expect(noToken.stderr).toContain("SMH_API_TOKEN");
      rmSync(join(target, SERVER_FILE));
    }, 120_000);
  } else {
    it("the documented pg_dump / pg_restore recipe brings back every row of every table", async () => {
      expect(PG_BIN, "PostgreSQL client binaries").toBeDefined();
      const admin = await signedInClient(t, (await buildUser(t.db, { systemRole: "admin" })).id);
      expect((await admin.get("/api/v1/admin/backup")).statusCode).toBe(409);
      const before = await tableDigests(t.db);
      const url = t.config.DATABASE_URL!;
      const file = join(work, "smh.dump");
      execFileSync(join(PG_BIN!, "pg_dump"), ["--format=custom", `--file=${file}`, url]);
      const restoredName = `${url.split("/").pop()}_restored`;
      const adminClient = new pg.Client({ connectionString: url });
      await adminClient.connect();
      await adminClient.query(`create database ${restoredName}`);
      await adminClient.end();
      const restoredUrl = url.replace(/\/[^/]+$/, `/${restoredName}`);
      execFileSync(join(PG_BIN!, "pg_restore"), ["--no-owner", `--dbname=${restoredUrl}`, file]);
      const restored = await openDatabase({ databaseUrl: restoredUrl, poolSize: 1 });
      try {
        expect(await tableDigests(restored.db)).toEqual(before);
      } finally {
        await restored.close();
      }
    });
  }
});
