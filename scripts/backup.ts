/**
 * `npm run backup -- [file]`: a consistent backup of the embedded database (DATA_DIR).
 * - Server running on DATA_DIR: the backup is taken by the server itself (PGlite lets only one
 *   process open the directory), through GET /api/v1/admin/backup with a national admin's
 *   personal access token in SMH_API_TOKEN.
 * - Server stopped: the data directory is opened and dumped here.
 * - DATABASE_URL set: PostgreSQL is backed up with pg_dump (docs/operations.md).
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { dumpStoppedDataDir, runningServer } from "../src/platform/db/backup";

async function main(): Promise<number> {
  if (process.env.DATABASE_URL) {
    console.error(
      'DATABASE_URL is set: back up PostgreSQL with pg_dump, e.g.\n  pg_dump --format=custom --file=smh.dump "$DATABASE_URL"\n(see docs/operations.md).',
    );
    return 2;
  }
  const dataDir = resolve(process.env.DATA_DIR || "./data");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = resolve(process.argv[2] ?? `backups/smh-commons-${stamp}.tar.gz`);
  const server = runningServer(dataDir);
  let backup: Buffer;
  if (server) {
    const token = process.env.SMH_API_TOKEN;
    if (!token) {
      console.error(
        `A server (pid ${server.pid}) has ${dataDir} open, so the backup must come from it.\n` +
          "Set SMH_API_TOKEN to a national admin's personal access token (Account → Access tokens) and run this again,\n" +
          "or stop the server and run this again.",
      );
      return 1;
    }
    const response = await fetch(`${server.url}/api/v1/admin/backup`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      console.error(`The server refused the backup: ${response.status} ${await response.text()}`);
      return 1;
    }
    backup = Buffer.from(await response.arrayBuffer());
  } else {
    backup = Buffer.from(await (await dumpStoppedDataDir(dataDir)).arrayBuffer());
  }
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.partial`;
  try {
    writeFileSync(temp, backup, { mode: 0o600 });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  const size = (backup.length / 1024 / 1024).toFixed(1);
  console.log(
    `Backup of ${dataDir} (${server ? "taken by the running server" : "server stopped"}): ${file} (${size} MB)`,
  );
  console.log(`Restore it with: npm run restore -- ${file}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
