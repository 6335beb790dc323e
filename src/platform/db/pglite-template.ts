import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join, sep } from "node:path";
import { gunzipSync, gzip } from "node:zlib";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";

/**
 * A template of an EMPTY embedded PostgreSQL cluster (what initdb makes, before any of our
 * migrations or data), so a fresh data directory or in-memory test database starts in well
 * under a second instead of running initdb (~3 s). Like Debian's postgresql package running
 * initdb at install time: `npm install` prepares it once (scripts/prepare-embedded-database.ts).
 * See docs/decisions/005-embedded-database-template.md.
 *
 * It is a gzip tarball of PGlite's own dumpDataDir(), kept in node_modules/.cache/smh-commons/
 * and named after the installed PGlite version, so upgrading PGlite makes a new one. Deleting
 * it is harmless: the next fresh start runs initdb and saves it again.
 */

/** Bump when the way the template is made changes (initdb options, format). */
const TEMPLATE_FORMAT = 1;

const require = createRequire(import.meta.url);

function pglitePackageRoot(): string {
  // The package does not export its package.json; walk up from its entry point.
  let dir = dirname(require.resolve("@electric-sql/pglite"));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The installed PGlite version, which the template's format depends on. */
export function pgliteVersion(): string {
  const pkg = JSON.parse(readFileSync(join(pglitePackageRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** node_modules/.cache/smh-commons/pglite-<version>-empty-cluster-v<format>.tar.gz */
export function defaultTemplatePath(): string {
  const root = pglitePackageRoot();
  const marker = `${sep}node_modules${sep}`;
  const at = root.lastIndexOf(marker);
  const nodeModules = at >= 0 ? root.slice(0, at + marker.length - 1) : join(process.cwd(), "node_modules");
  return join(
    nodeModules,
    ".cache",
    "smh-commons",
    `pglite-${pgliteVersion()}-empty-cluster-v${TEMPLATE_FORMAT}.tar.gz`,
  );
}

/** True when the directory already holds a cluster (the marker initdb writes first and PGlite checks). */
export function holdsCluster(dataDir: string): boolean {
  return existsSync(join(dataDir, "PG_VERSION"));
}

/**
 * The template as an uncompressed tarball, or undefined when it is missing or damaged. gzip's
 * CRC and length check catch a truncated or altered file; PGlite checks each tar header again.
 */
export function readTemplate(path = defaultTemplatePath()): Blob | undefined {
  try {
    const tar = gunzipSync(readFileSync(path));
    // A tar archive is whole 512-byte records, the first a header with the ustar magic.
    if (tar.length < 1024 || tar.length % 512 !== 0 || tar.toString("latin1", 257, 262) !== "ustar")
      return undefined;
    return new Blob([tar]);
  } catch {
    return undefined;
  }
}

/** The cluster of `client` as an uncompressed tarball (PGlite's own consistent dump). */
async function dumpCluster(client: PGlite): Promise<Uint8Array> {
  return new Uint8Array(await (await client.dumpDataDir("none")).arrayBuffer());
}

/**
 * Writes a dumped EMPTY cluster as the template: compressed off the main thread, written to a
 * temporary file and renamed, so readers (parallel test workers, another start) see the old
 * file or the whole new one, never half of it.
 */
async function writeTemplate(tar: Uint8Array, path: string): Promise<void> {
  const gz = await new Promise<Buffer>((resolve, reject) =>
    gzip(tar, (error, out) => (error ? reject(error) : resolve(out))),
  );
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(temp, gz);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Saves the cluster of `client` as a template: the empty one (right after initdb) by default, or
 * a seeded one at its own path (the demo template).
 */
export async function saveTemplate(client: PGlite, path = defaultTemplatePath()): Promise<void> {
  await writeTemplate(await dumpCluster(client), path);
}

/**
 * Takes a template of the cluster of `client` now and writes it in the background: `written`
 * settles when the file is written, or failed to be (it never rejects: a template only saves time).
 *
 * A cluster that has had data written holds several 16 MB WAL segments; after a checkpoint only
 * the segments from the checkpoint's redo point to the current insert point are needed (later
 * ones are recycled files for future use), so the others are left out: a third of the demo
 * template's size, and of the time a fresh start spends extracting it.
 */
export async function snapshotTemplate(client: PGlite, path: string): Promise<{ written: Promise<void> }> {
  await client.exec("checkpoint");
  const [wal] = (
    await client.query<{ redo: string; current: string }>(
      "select redo_wal_file as redo, pg_walfile_name(pg_current_wal_insert_lsn()) as current from pg_control_checkpoint()",
    )
  ).rows;
  const tar = await dumpCluster(client);
  const needed = (name: string) => {
    const segment = /^\/?pg_wal\/([0-9A-F]{24})$/.exec(name)?.[1];
    return !segment || !wal || (segment >= wal.redo && segment <= wal.current);
  };
  return { written: writeTemplate(keepTarEntries(tar, needed), path).catch(() => undefined) };
}

/**
 * The tarball without the regular files `keep` refuses. Only plain ustar archives (what PGlite
 * writes) are filtered; anything else (extended headers) is returned unchanged.
 */
export function keepTarEntries(tar: Uint8Array, keep: (name: string) => boolean): Uint8Array {
  const buffer = Buffer.from(tar.buffer, tar.byteOffset, tar.byteLength);
  const text = (from: number, length: number) =>
    buffer.toString("latin1", from, from + length).replace(/\0.*$/s, "");
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at + 512 <= buffer.length) {
    if (buffer.subarray(at, at + 512).every((b) => b === 0)) break;
    const type = text(at + 156, 1);
    if (type === "x" || type === "g" || type === "L") return tar;
    const prefix = text(at + 345, 155);
    const name = prefix ? `${prefix}/${text(at, 100)}` : text(at, 100);
    const size = Number.parseInt(text(at + 124, 12).trim() || "0", 8);
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (type !== "0" && type !== "" ? true : keep(name)) parts.push(buffer.subarray(at, end));
    at = end;
  }
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

/** Makes the template unless a readable one exists. Used by `npm install` (postinstall). */
export async function prepareTemplate(path = defaultTemplatePath()): Promise<"existing" | "created"> {
  removeLeftovers(path);
  if (readTemplate(path)) return "existing";
  const client = new PGlite();
  try {
    await client.waitReady;
    await saveTemplate(client, path);
  } finally {
    await client.close();
  }
  return "created";
}

/**
 * Removes, beside the template, templates of other PGlite versions (an upgrade through
 * `npm install` keeps node_modules/.cache) and temporary files a killed writer left behind.
 */
function removeLeftovers(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) return;
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    const otherTemplate = /^pglite-.*-empty-cluster-v\d+\.tar\.gz$/.test(name) && name !== basename(path);
    const staleTemp = name.endsWith(".tmp") && statSync(file).mtimeMs < hourAgo;
    if (otherTemplate || staleTemp) rmSync(file, { force: true });
  }
}

/**
 * PGlite's options, less the ones the template decides. The template is made with initdb's
 * defaults, so options that change what initdb makes (username, database) must not be added here.
 */
export interface OpenPGliteOptions
  extends Omit<PGliteOptions, "dataDir" | "loadDataDir" | "username" | "database"> {
  /** On-disk data directory; undefined for an in-memory database. */
  dataDir?: string;
  /** Where the template is read from and saved to (tests point it elsewhere). */
  templatePath?: string;
  /**
   * A prepared cluster that already holds data (the demo template, src/seed/demo-template.ts):
   * a fresh data directory starts from it instead of the empty template when it is readable.
   */
  seededTemplatePath?: string;
}

export type ClusterOrigin = "existing" | "seeded-template" | "template" | "initdb";

export interface OpenedPGlite {
  client: PGlite;
  /** How the cluster came to be: reopened, loaded from the (seeded) template, or made by initdb. */
  from: ClusterOrigin;
  /** After an initdb: settles when the new template is written (or failed to be; never rejects). */
  templateSaved?: Promise<void>;
}

/**
 * Opens PGlite. A data directory that already holds a cluster is simply reopened, never touched
 * by the template. A fresh one (or an in-memory database) is loaded from the template; without a
 * usable template it runs initdb as usual and saves the template for the next fresh start.
 */
export async function openPGlite(options: OpenPGliteOptions): Promise<OpenedPGlite> {
  const { dataDir, templatePath = defaultTemplatePath(), seededTemplatePath, ...pgliteOptions } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  if (dataDir && holdsCluster(dataDir)) {
    const client = new PGlite({ ...pgliteOptions, dataDir });
    await client.waitReady;
    return { client, from: "existing" };
  }
  const sources: [ClusterOrigin, string | undefined][] = [
    ["seeded-template", seededTemplatePath],
    ["template", templatePath],
  ];
  for (const [from, path] of sources) {
    const template = path ? readTemplate(path) : undefined;
    if (!template) continue;
    const before = dataDir ? new Set(readdirSync(dataDir)) : undefined;
    const client = new PGlite({ ...pgliteOptions, dataDir, loadDataDir: template });
    try {
      await client.waitReady;
      return { client, from };
    } catch {
      // A template PGlite cannot load: remove what it extracted and try the next way.
      await client.close().catch(() => undefined);
      if (dataDir && before) {
        for (const entry of readdirSync(dataDir))
          if (!before.has(entry)) rmSync(join(dataDir, entry), { recursive: true, force: true });
      }
    }
  }
  const client = new PGlite({ ...pgliteOptions, dataDir });
  await client.waitReady;
  // The dump must be taken now, while the cluster is still empty; compressing and writing it
  // can finish in the background. A cache refill never stops the database from opening.
  const tar = await dumpCluster(client).catch(() => undefined);
  const templateSaved = tar ? writeTemplate(tar, templatePath).catch(() => undefined) : Promise.resolve();
  return { client, from: "initdb", templateSaved };
}
