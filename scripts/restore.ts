/**
 * `npm run restore -- <file>`: puts an embedded-database backup (from `npm run backup`) into
 * DATA_DIR. The server must be stopped. A database already in DATA_DIR is moved aside, never
 * deleted. PostgreSQL is restored with pg_restore (docs/operations.md).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { restoreEmbedded, runningServer } from "../src/platform/db/backup";

async function main(): Promise<number> {
  if (process.env.DATABASE_URL) {
    console.error(
      'DATABASE_URL is set: restore PostgreSQL with pg_restore, e.g.\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" smh.dump\n(see docs/operations.md).',
    );
    return 2;
  }
  const file = process.argv[2];
  if (!file || !existsSync(file)) {
    console.error("Usage: npm run restore -- <backup file from npm run backup>");
    return 2;
  }
  const dataDir = resolve(process.env.DATA_DIR || "./data");
  const server = runningServer(dataDir);
  if (server) {
    console.error(`A server (pid ${server.pid}) has ${dataDir} open. Stop it first, then run this again.`);
    return 1;
  }
  const { movedAside } = await restoreEmbedded(new Blob([readFileSync(file)]), dataDir);
  if (movedAside) console.log(`The database that was in ${dataDir} is kept in ${movedAside}.`);
  console.log(`Restored ${resolve(file)} into ${dataDir}. Start the server with npm start.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
