import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { FastifyInstance } from "fastify";
import { holdsCluster } from "./pglite-template";

/**
 * Backup and restore of the embedded database (docs/operations.md). PGlite lets one process at a
 * time open a data directory, so a backup of a running server is taken by that server
 * (GET /api/v1/admin/backup, which `npm run backup` calls) and a stopped one is opened directly.
 * A PostgreSQL server is backed up with pg_dump instead.
 */

/** Written into DATA_DIR by a running server, so the scripts know it is there and where. */
export const SERVER_FILE = "smh-commons-server.json";

export interface RunningServer {
  pid: number;
  /** Where the server answers on this machine. */
  url: string;
}

export function announceServer(dataDir: string, server: RunningServer): () => void {
  const file = join(dataDir, SERVER_FILE);
  writeFileSync(file, JSON.stringify(server));
  return () => rmSync(file, { force: true });
}

/** The server running on this data directory, if one is (its process is alive). */
export function runningServer(dataDir: string): RunningServer | null {
  const file = join(dataDir, SERVER_FILE);
  if (!existsSync(file)) return null;
  try {
    const server = JSON.parse(readFileSync(file, "utf8")) as RunningServer;
    process.kill(server.pid, 0);
    return server;
  } catch {
    return null; // left behind by a server that was killed
  }
}

/**
 * A consistent copy of the whole cluster as a gzipped tarball. PGlite's dumpDataDir copies the
 * data directory between two queries (it takes the query lock), after a checkpoint has written
 * every committed change to the data files: a transaction still open at that moment is simply
 * not in the backup, as after a crash.
 */
export async function dumpEmbedded(client: PGlite): Promise<Blob> {
  await client.exec("checkpoint");
  return client.dumpDataDir("gzip");
}

/** Opens a stopped server's data directory, dumps it, closes it. */
export async function dumpStoppedDataDir(dataDir: string): Promise<Blob> {
  if (!holdsCluster(dataDir)) throw new Error(`${dataDir} holds no database.`);
  const client = new PGlite(dataDir);
  try {
    await client.waitReady;
    return await dumpEmbedded(client);
  } finally {
    await client.close();
  }
}

/**
 * Restores a backup into `dataDir`, which must not be in use. An existing database there is moved
 * aside (never deleted) to `<dataDir>.before-restore-<time>`; returns that path, if any.
 */
export async function restoreEmbedded(backup: Blob, dataDir: string): Promise<{ movedAside?: string }> {
  let movedAside: string | undefined;
  if (existsSync(dataDir) && holdsCluster(dataDir)) {
    movedAside = `${dataDir.replace(/\/+$/, "")}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    renameSync(dataDir, movedAside);
  }
  const client = new PGlite({ dataDir, loadDataDir: backup });
  try {
    await client.waitReady;
    await client.query("select 1"); // the cluster opens and answers
  } catch (error) {
    await client.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    if (movedAside) renameSync(movedAside, dataDir);
    throw error;
  } finally {
    if (!client.closed) await client.close();
  }
  rmSync(join(dataDir, SERVER_FILE), { force: true });
  return { movedAside };
}

/**
 * GET /api/v1/admin/backup: the running embedded database as a tarball, for national admins
 * (a personal access token from the account page, as `npm run backup` sends it).
 */
export async function backupRoutes(app: FastifyInstance) {
  app.get(
    "/admin/backup",
    {
      config: { access: { action: "admin.manage" } },
      schema: {
        tags: ["Administration"],
        summary:
          "Backup of the embedded database (a gzipped tarball of its data directory); PostgreSQL: use pg_dump",
      },
    },
    async (_request, reply) => {
      const pglite = app.database.pglite;
      if (!pglite) {
        return reply.status(409).type("application/problem+json").send({
          type: "about:blank",
          title: "Conflict",
          status: 409,
          detail: "This server uses PostgreSQL (DATABASE_URL): back it up with pg_dump (docs/operations.md).",
        });
      }
      const backup = await dumpEmbedded(pglite);
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      return reply
        .type("application/gzip")
        .header("cache-control", "no-store")
        .header("content-disposition", `attachment; filename="smh-commons-${stamp}.tar.gz"`)
        .send(Buffer.from(await backup.arrayBuffer()));
    },
  );
}
